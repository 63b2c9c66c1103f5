package reloader

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Trigger asks Prometheus to load its configuration again and reports whether
// it did so successfully.
type Trigger interface {
	Reload(ctx context.Context) error
}

// NewHTTPClient returns the client the reloader talks to Prometheus with: a
// whole-request timeout, no connection reuse (a reload is rare, and a pooled
// connection to a restarted Prometheus would only fail), and no certificate
// verification, since the target is the local pod and may use a self-signed
// certificate.
func NewHTTPClient(timeout time.Duration) *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: timeout, KeepAlive: -1}).DialContext
	transport.DisableKeepAlives = true
	transport.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // local pod endpoint
	return &http.Client{Timeout: timeout, Transport: transport}
}

// HTTPTrigger reloads Prometheus with a POST to its lifecycle endpoint
// (`/-/reload`, which needs `--web.enable-lifecycle`).
type HTTPTrigger struct {
	// URL is the reload endpoint.
	URL string
	// Client sends the request; nil means NewHTTPClient(30s).
	Client *http.Client
}

// Reload implements Trigger. Prometheus answers 200 once the new
// configuration is in force and 500 with the reason when it was rejected.
func (t *HTTPTrigger) Reload(ctx context.Context) error {
	client := t.Client
	if client == nil {
		client = NewHTTPClient(30 * time.Second)
	}
	request, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, nil)
	if err != nil {
		return fmt.Errorf("build reload request for %s: %w", t.URL, err)
	}
	response, err := client.Do(request)
	if err != nil {
		return fmt.Errorf("send reload request: %w", err)
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(response.Body, 4096))
	if response.StatusCode/100 == 2 {
		return nil
	}
	hint := ""
	if response.StatusCode == http.StatusForbidden || response.StatusCode == http.StatusNotFound {
		hint = " (is Prometheus started with --web.enable-lifecycle?)"
	}
	return fmt.Errorf("reload request to %s answered %s: %s%s",
		t.URL, response.Status, strings.TrimSpace(string(body)), hint)
}
