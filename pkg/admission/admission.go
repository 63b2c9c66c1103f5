// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package admission is the admission webhook of the monitoring.coreos.com
// resources: it refuses at `kubectl apply` time the objects the controllers
// would reject at reconcile time, using the same check functions, warns
// about objects a workload would degrade, mutates PrometheusRules the way
// upstream does, and converts AlertmanagerConfig between v1alpha1 and
// v1beta1.
//
// Endpoints (all POST, application/json):
//
//	/admission-prometheusrules/validate        AdmissionReview, PrometheusRule v1
//	/admission-prometheusrules/mutate          AdmissionReview, PrometheusRule v1 (JSONPatch)
//	/admission-alertmanagerconfigs/validate    AdmissionReview, AlertmanagerConfig v1alpha1 and v1beta1
//	/admission-servicemonitors/validate        AdmissionReview, ServiceMonitor v1
//	/admission-podmonitors/validate            AdmissionReview, PodMonitor v1
//	/admission-probes/validate                 AdmissionReview, Probe v1
//	/admission-scrapeconfigs/validate          AdmissionReview, ScrapeConfig v1alpha1
//	/convert                                   ConversionReview v1, AlertmanagerConfig
package admission

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Paths of the webhook's endpoints.
const (
	PrometheusRulesValidatePath     = "/admission-prometheusrules/validate"
	PrometheusRulesMutatePath       = "/admission-prometheusrules/mutate"
	AlertmanagerConfigsValidatePath = "/admission-alertmanagerconfigs/validate"
	ServiceMonitorsValidatePath     = "/admission-servicemonitors/validate"
	PodMonitorsValidatePath         = "/admission-podmonitors/validate"
	ProbesValidatePath              = "/admission-probes/validate"
	ScrapeConfigsValidatePath       = "/admission-scrapeconfigs/validate"
	ConvertPath                     = "/convert"
)

// maxBodyBytes bounds a request body; the API server sends at most a few
// megabytes (its own object size limit).
const maxBodyBytes = 8 << 20

// Options configure a Webhook.
type Options struct {
	// Checks are the decision functions, shared with the controllers.
	Checks Checks
	// Cluster, when set, looks up the Secrets objects refer to and the
	// workloads that select them, to return warnings. Nil: no warnings
	// that need the cluster.
	Cluster Cluster
	// Metrics records requests; nil records nothing.
	Metrics *Metrics
	// Logger receives one debug line per request and the errors.
	Logger *slog.Logger
}

// Webhook serves the admission and conversion endpoints.
type Webhook struct {
	checks  Checks
	cluster Cluster
	metrics *Metrics
	logger  *slog.Logger
}

// New builds a Webhook.
func New(options Options) *Webhook {
	logger := options.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Webhook{checks: options.Checks, cluster: options.Cluster, metrics: options.Metrics, logger: logger}
}

// reviewFunc decides one admission request.
type reviewFunc func(*http.Request, *admissionv1.AdmissionRequest) *admissionv1.AdmissionResponse

// Register adds the webhook's endpoints to mux.
func (w *Webhook) Register(mux *http.ServeMux) {
	reviews := map[string]reviewFunc{
		PrometheusRulesValidatePath:     w.validatePrometheusRule,
		PrometheusRulesMutatePath:       w.mutatePrometheusRule,
		AlertmanagerConfigsValidatePath: w.validateAlertmanagerConfig,
		ServiceMonitorsValidatePath:     w.validateScrapeObject(serviceMonitorResource),
		PodMonitorsValidatePath:         w.validateScrapeObject(podMonitorResource),
		ProbesValidatePath:              w.validateScrapeObject(probeResource),
		ScrapeConfigsValidatePath:       w.validateScrapeObject(scrapeConfigResource),
	}
	for path, review := range reviews {
		mux.Handle("POST "+path, w.instrument(path, w.serveReview(review)))
	}
	mux.Handle("POST "+ConvertPath, w.instrument(ConvertPath, http.HandlerFunc(w.serveConversion)))
}

// resultWriter remembers the outcome label of a request for the metrics.
type resultWriter struct {
	http.ResponseWriter
	result string
}

// Request outcomes, the values of the metrics' result label.
const (
	resultAllowed = "allowed"
	resultWarned  = "allowed_with_warnings"
	resultDenied  = "denied"
	resultError   = "error"
)

// instrument counts the request under path with its outcome and latency.
func (w *Webhook) instrument(path string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(response http.ResponseWriter, request *http.Request) {
		started := time.Now()
		writer := &resultWriter{ResponseWriter: response, result: resultError}
		next.ServeHTTP(writer, request)
		w.metrics.observe(path, writer.result, time.Since(started))
	})
}

// readBody enforces the contract on the request: a body, of JSON.
func readBody(response http.ResponseWriter, request *http.Request) ([]byte, bool) {
	var body []byte
	if request.Body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(request.Body, maxBodyBytes))
		if err != nil {
			http.Error(response, fmt.Sprintf("read the request body: %v", err), http.StatusBadRequest)
			return nil, false
		}
	}
	if len(body) == 0 {
		http.Error(response, "request has no body", http.StatusBadRequest)
		return nil, false
	}
	mediaType, _, _ := mime.ParseMediaType(request.Header.Get("Content-Type"))
	if mediaType != "application/json" {
		http.Error(response, fmt.Sprintf("contentType=%s, expected application/json", request.Header.Get("Content-Type")), http.StatusUnsupportedMediaType)
		return nil, false
	}
	return body, true
}

// serveReview decodes an AdmissionReview, lets review decide and writes the
// answer, echoing the review's apiVersion, kind and the request's uid.
func (w *Webhook) serveReview(review reviewFunc) http.Handler {
	return http.HandlerFunc(func(response http.ResponseWriter, request *http.Request) {
		body, ok := readBody(response, request)
		if !ok {
			return
		}
		var in admissionv1.AdmissionReview
		if err := json.Unmarshal(body, &in); err != nil || in.Request == nil {
			if err == nil {
				err = fmt.Errorf("the AdmissionReview has no request")
			}
			w.logger.Error("undecodable AdmissionReview", "path", request.URL.Path, "err", err)
			out := admissionv1.AdmissionReview{TypeMeta: reviewTypeMeta(in.TypeMeta), Response: failed(err)}
			writeJSON(response, out, w.logger)
			return
		}
		answer := review(request, in.Request)
		answer.UID = in.Request.UID
		w.logger.Debug("admission review", "path", request.URL.Path, "kind", in.Request.Kind.Kind,
			"namespace", in.Request.Namespace, "name", in.Request.Name, "operation", in.Request.Operation,
			"allowed", answer.Allowed, "warnings", len(answer.Warnings))
		if writer, ok := response.(*resultWriter); ok {
			writer.result = outcome(answer)
		}
		writeJSON(response, admissionv1.AdmissionReview{TypeMeta: reviewTypeMeta(in.TypeMeta), Response: answer}, w.logger)
	})
}

// reviewTypeMeta echoes the request's type, defaulting to admission.k8s.io/v1.
func reviewTypeMeta(in metav1.TypeMeta) metav1.TypeMeta {
	if in.APIVersion == "" {
		in.APIVersion = admissionv1.SchemeGroupVersion.String()
	}
	if in.Kind == "" {
		in.Kind = "AdmissionReview"
	}
	return in
}

// outcome is the metrics label of an answer.
func outcome(answer *admissionv1.AdmissionResponse) string {
	switch {
	case !answer.Allowed && answer.Result != nil && answer.Result.Code == http.StatusUnprocessableEntity:
		return resultDenied
	case !answer.Allowed:
		return resultError
	case len(answer.Warnings) > 0:
		return resultWarned
	}
	return resultAllowed
}

func writeJSON(response http.ResponseWriter, value any, logger *slog.Logger) {
	out, err := json.Marshal(value)
	if err != nil {
		logger.Error("encode the answer", "err", err)
		http.Error(response, err.Error(), http.StatusInternalServerError)
		return
	}
	response.Header().Set("Content-Type", "application/json")
	if _, err := response.Write(out); err != nil {
		logger.Debug("write the answer", "err", err)
	}
}
