# Builds the operator and the config reloader as static binaries and ships them
# on a distroless base as a non-root user. Build: `make image`.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=0.0.0-dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/operator ./cmd/operator && \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/prometheus-config-reloader ./cmd/prometheus-config-reloader

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/operator /bin/operator
COPY --from=build /out/prometheus-config-reloader /bin/prometheus-config-reloader
USER 65532:65532
ENTRYPOINT ["/bin/operator"]
