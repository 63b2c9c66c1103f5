package reloadertest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// waitLimit bounds every wait for an effect in these tests.
const waitLimit = 30 * time.Second

// repoRoot is the repository root, two levels above this folder.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return root
}

// prometheusBinary finds the Prometheus server built by
// hack/build-prometheus.sh. When PROMETHEUS_BINARY is set the binary must be
// there (the test fails otherwise); when it is not set and the default cache
// has no binary, the test is skipped with the reason.
func prometheusBinary(t testing.TB) string {
	t.Helper()
	if path := os.Getenv("PROMETHEUS_BINARY"); path != "" {
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("PROMETHEUS_BINARY=%s is not usable: %v", path, err)
		}
		return path
	}
	path := filepath.Join(repoRoot(t), ".cache", "bin", "prometheus")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("SKIPPED: no Prometheus binary at %s; run hack/build-prometheus.sh or set PROMETHEUS_BINARY", path)
	}
	return path
}

// freeAddress returns a loopback address with a port nobody listens on now.
func freeAddress(t testing.TB) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	address := listener.Addr().String()
	require.NoError(t, listener.Close())
	return address
}

// syncBuffer is a bytes.Buffer safe for a process writing while a test reads.
type syncBuffer struct {
	mutex  sync.Mutex
	buffer bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mutex.Lock()
	defer b.mutex.Unlock()
	return b.buffer.Write(p)
}

func (b *syncBuffer) String() string {
	b.mutex.Lock()
	defer b.mutex.Unlock()
	return b.buffer.String()
}

// process is a child process stopped at the end of the test.
type process struct {
	command *exec.Cmd
	output  *syncBuffer
	done    chan struct{}
}

func startProcess(t testing.TB, binary string, args ...string) *process {
	t.Helper()
	output := &syncBuffer{}
	command := exec.Command(binary, args...)
	command.Stdout, command.Stderr = output, output
	require.NoError(t, command.Start(), "start %s", binary)
	started := &process{command: command, output: output, done: make(chan struct{})}
	go func() {
		_ = command.Wait()
		close(started.done)
	}()
	t.Cleanup(started.stop)
	return started
}

// stop kills the process and waits for it to exit.
func (p *process) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.command.Process.Kill()
	<-p.done
}

// prometheusServer is a real Prometheus on a loopback port.
type prometheusServer struct {
	binary, address, configFile, dataDir string
	process                              *process
}

// startPrometheus runs Prometheus on configFile with the lifecycle API on.
func startPrometheus(t testing.TB, configFile string) *prometheusServer {
	t.Helper()
	server := &prometheusServer{binary: prometheusBinary(t), address: freeAddress(t), configFile: configFile, dataDir: t.TempDir()}
	server.start(t)
	return server
}

func (s *prometheusServer) start(t testing.TB) {
	t.Helper()
	s.process = startProcess(t, s.binary,
		"--config.file="+s.configFile,
		"--web.listen-address="+s.address,
		"--web.enable-lifecycle",
		"--storage.tsdb.path="+s.dataDir,
		"--log.level=warn",
	)
	require.Eventually(t, func() bool {
		response, err := http.Get(s.url("/-/ready"))
		if err != nil {
			return false
		}
		_ = response.Body.Close() // a probe: only the status matters
		return response.StatusCode == http.StatusOK
	}, waitLimit, 50*time.Millisecond, "prometheus did not become ready; output:\n%s", s.process.output)
}

func (s *prometheusServer) url(path string) string { return "http://" + s.address + path }

// loadedConfig returns the YAML Prometheus reports at /api/v1/status/config.
func (s *prometheusServer) loadedConfig(t testing.TB) string {
	t.Helper()
	var answer struct {
		Data struct {
			YAML string `json:"yaml"`
		} `json:"data"`
	}
	getJSON(t, s.url("/api/v1/status/config"), &answer)
	return answer.Data.YAML
}

// ruleGroups returns the names of the rule groups Prometheus has loaded.
func (s *prometheusServer) ruleGroups(t testing.TB) []string {
	t.Helper()
	var answer struct {
		Data struct {
			Groups []struct {
				Name string `json:"name"`
			} `json:"groups"`
		} `json:"data"`
	}
	getJSON(t, s.url("/api/v1/rules"), &answer)
	var names []string
	for _, group := range answer.Data.Groups {
		names = append(names, group.Name)
	}
	return names
}

func getJSON(t testing.TB, url string, into any) {
	t.Helper()
	response, err := http.Get(url)
	require.NoError(t, err)
	defer response.Body.Close()
	require.Equal(t, http.StatusOK, response.StatusCode, url)
	require.NoError(t, json.NewDecoder(response.Body).Decode(into))
}

// metricValue scrapes url and returns the value of the sample named name
// (without labels), or -1 when it is absent or the scrape fails.
func metricValue(url, name string) float64 {
	response, err := http.Get(url)
	if err != nil {
		return -1
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return -1
	}
	for line := range strings.SplitSeq(string(body), "\n") {
		sample, value, found := strings.Cut(line, " ")
		if !found || sample != name {
			continue
		}
		parsed, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return -1
		}
		return parsed
	}
	return -1
}

func gzipText(t testing.TB, text string) []byte {
	t.Helper()
	var buffer bytes.Buffer
	writer := gzip.NewWriter(&buffer)
	_, err := writer.Write([]byte(text))
	require.NoError(t, err)
	require.NoError(t, writer.Close())
	return buffer.Bytes()
}

// prometheusConfig is a small valid configuration with a recognisable label
// and the rule files of rulesDir.
func prometheusConfig(label, rulesDir string) string {
	return fmt.Sprintf(`global:
  scrape_interval: 30s
  external_labels:
    generation: %q
    replica: $(POD_NAME)
rule_files:
- %s/*.yaml
`, label, rulesDir)
}

func ruleFile(group string) []byte {
	return fmt.Appendf(nil, "groups:\n- name: %s\n  rules:\n  - record: reloader_test:up\n    expr: vector(1)\n", group)
}

// buildReloader compiles the sidecar once per test binary.
var buildReloader = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "reloader-bin-")
	if err != nil {
		return "", err
	}
	binary := filepath.Join(dir, "prometheus-config-reloader")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	command := exec.CommandContext(ctx, "go", "build", "-o", binary,
		"github.com/seed-6daed11e/prometheus-operator/cmd/prometheus-config-reloader")
	command.Stderr = os.Stderr
	if err := command.Run(); err != nil {
		return "", fmt.Errorf("build the reloader: %w", err)
	}
	return binary, nil
})
