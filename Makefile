# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /usr/bin/env bash
GO ?= go
CACHE_BIN := $(CURDIR)/.cache/bin
VERSION ?= $(shell cat VERSION 2>/dev/null || echo 0.0.0-dev)
IMAGE_REPO ?= quay.io/seed-6daed11e
GOFLAGS_LD := -ldflags "-s -w -X main.version=$(VERSION)"

.PHONY: all generate verify-generate build test test-unit test-e2e vet lint run image control-plane prometheus-binary helm-binary promtool-binary alertmanager-binary golangci-lint-binary

all: generate build test

## generate: regenerate deepcopy, client/, CRDs and bundle.yaml.
generate:
	hack/update-all.sh

## verify-generate: fail when any generated file is stale.
verify-generate:
	hack/verify-codegen.sh

## build: build the operator and the config reloader into bin/.
build:
	mkdir -p bin
	$(GO) build $(GOFLAGS_LD) -o bin/ ./cmd/...

vet:
	$(GO) vet ./...
	$(GO) vet -tags e2e,perf ./test/... ./hack/bench/...

## lint: golangci-lint with the linters of .golangci.yml (built into .cache/bin on first use).
lint: golangci-lint-binary
	$(CACHE_BIN)/golangci-lint run --allow-parallel-runners ./...

## golangci-lint-binary: build golangci-lint into .cache/bin (cached), pinned in hack/tools/golangci-lint.
golangci-lint-binary:
	hack/build-golangci-lint.sh

## test-unit: unit tests (no cluster needed); the reloader's tests use a real Prometheus,
## the chart tests helm, the alert tests promtool. `go vet` runs inside `make lint` (govet, all tags).
test-unit: prometheus-binary helm-binary promtool-binary
	PROMETHEUS_BINARY=$(CACHE_BIN)/prometheus $(GO) test -count=1 ./...

## control-plane: build etcd, kube-apiserver, kube-controller-manager and kubectl into .cache/bin (cached).
control-plane:
	hack/build-control-plane.sh

## prometheus-binary: build a real Prometheus into .cache/bin (cached).
prometheus-binary:
	hack/build-prometheus.sh

## alertmanager-binary: build a real Alertmanager into .cache/bin (cached), for the e2e data path.
alertmanager-binary:
	hack/build-alertmanager.sh

## helm-binary: build helm into .cache/bin (cached), for the chart tests.
helm-binary:
	hack/build-helm.sh

## promtool-binary: build promtool into .cache/bin (cached), for the alert rule tests.
promtool-binary:
	hack/build-promtool.sh

## test-e2e: the end-to-end suite against $$KUBECONFIG, or a local control plane when unset.
test-e2e: control-plane prometheus-binary alertmanager-binary helm-binary build
	PROMETHEUS_BINARY=$(CACHE_BIN)/prometheus ALERTMANAGER_BINARY=$(CACHE_BIN)/alertmanager $(GO) test -tags e2e -count=1 -timeout 40m ./test/... ./pkg/kubelet/ ./cmd/operator/

## test: everything CI runs. The four parts run side by side (the e2e suite mostly waits on its
## control plane, so the others use the idle CPU); each part's output is printed as it ends.
test:
	$(MAKE) --no-print-directory -j4 --output-sync=target lint test-unit verify-generate test-e2e

## run: the operator against the current kube context, or a local control plane when there is none.
run: build
	hack/run.sh

## image: build the container image (needs a Docker engine; none runs on the dev machines).
image:
	docker build -t $(IMAGE_REPO)/prometheus-operator:$(VERSION) .
