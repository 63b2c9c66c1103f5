package reloader

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHTTPTrigger(t *testing.T) {
	tests := map[string]struct {
		status      int
		body        string
		wantErrText []string
	}{
		"a 200 answer is a success":                           {status: http.StatusOK},
		"a rejected configuration carries Prometheus' reason": {status: http.StatusInternalServerError, body: "failed to reload config: bad yaml", wantErrText: []string{"500", "bad yaml"}},
		"a disabled lifecycle API gets a hint":                {status: http.StatusForbidden, body: "Lifecycle API is not enabled.", wantErrText: []string{"--web.enable-lifecycle"}},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			var method, path string
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				method, path = r.Method, r.URL.Path
				w.WriteHeader(test.status)
				_, _ = w.Write([]byte(test.body))
			}))
			defer server.Close()

			err := (&HTTPTrigger{URL: server.URL + "/-/reload", Client: NewHTTPClient(time.Second)}).Reload(context.Background())

			assert.Equal(t, http.MethodPost, method)
			assert.Equal(t, "/-/reload", path)
			if len(test.wantErrText) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, text := range test.wantErrText {
				assert.Contains(t, err.Error(), text)
			}
		})
	}
}

func TestHTTPTriggerTimesOut(t *testing.T) {
	release := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	defer server.Close()
	defer close(release)

	started := time.Now()
	err := (&HTTPTrigger{URL: server.URL, Client: NewHTTPClient(100 * time.Millisecond)}).Reload(context.Background())
	require.Error(t, err)
	assert.Less(t, time.Since(started), 5*time.Second)
}

func TestHTTPTriggerFailsWhenNothingListens(t *testing.T) {
	server := httptest.NewServer(http.NotFoundHandler())
	url := server.URL
	server.Close()
	require.Error(t, (&HTTPTrigger{URL: url, Client: NewHTTPClient(time.Second)}).Reload(context.Background()))
}

func TestNewHTTPClientSkipsVerificationAndReuse(t *testing.T) {
	client := NewHTTPClient(3 * time.Second)
	transport, ok := client.Transport.(*http.Transport)
	require.True(t, ok)
	assert.True(t, transport.DisableKeepAlives)
	assert.True(t, transport.TLSClientConfig.InsecureSkipVerify)
	assert.Equal(t, 3*time.Second, client.Timeout)
}
