package reloader

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fakeProcess(t *testing.T, root, pid, cmdline, comm string) {
	t.Helper()
	dir := filepath.Join(root, pid)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cmdline"), []byte(cmdline), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "comm"), []byte(comm+"\n"), 0o644))
}

func TestFindProcessByName(t *testing.T) {
	tests := map[string]struct {
		processes map[string][2]string // pid -> cmdline, comm
		wantPID   int
		wantErr   bool
	}{
		"matches the base name of the first argument": {
			processes: map[string][2]string{
				"10": {"/bin/prometheus\x00--config.file=x\x00", "prometheus"},
				"11": {"/bin/prometheus-config-reloader\x00", "prometheus-conf"},
			},
			wantPID: 10,
		},
		"falls back to the kernel name of a process without arguments": {
			processes: map[string][2]string{"12": {"", "prometheus"}},
			wantPID:   12,
		},
		"fails when nothing matches": {
			processes: map[string][2]string{"13": {"/bin/sh\x00", "sh"}},
			wantErr:   true,
		},
		"refuses to pick one of several": {
			processes: map[string][2]string{"14": {"prometheus\x00", "prometheus"}, "15": {"prometheus\x00", "prometheus"}},
			wantErr:   true,
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			for pid, process := range test.processes {
				fakeProcess(t, root, pid, process[0], process[1])
			}
			require.NoError(t, os.MkdirAll(filepath.Join(root, "self"), 0o755))
			previous := procRoot
			procRoot = root
			defer func() { procRoot = previous }()

			pid, err := FindProcessByName("prometheus")
			if test.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, test.wantPID, pid)
		})
	}
}
