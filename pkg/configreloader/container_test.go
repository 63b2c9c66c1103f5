// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package configreloader

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestSidecarWithoutConfigFileWatchesDirectories(t *testing.T) {
	container := Container(Options{
		Image: "reloader:v1", ReloadURL: "http://localhost:10902/-/reload",
		WatchedDirs: []string{"/etc/thanos/rules/a", "/etc/thanos/rules/b"}, LogLevel: "debug", Probes: true,
	})
	require.Equal(t, ContainerName, container.Name)
	require.Equal(t, []string{
		"--listen-address=:8080", "--reload-url=http://localhost:10902/-/reload",
		"--watched-dir=/etc/thanos/rules/a", "--watched-dir=/etc/thanos/rules/b", "--log-level=debug",
	}, container.Args)
	require.Equal(t, int32(Port), container.Ports[0].ContainerPort)
	require.NotNil(t, container.ReadinessProbe.HTTPGet)
}

func TestInitContainerRendersOnceOnItsOwnPort(t *testing.T) {
	container := Container(Options{
		Init: true, ListenLocal: true, LocalHost: "localhost", ReloadURL: "http://ignored", Probes: true,
		ConfigFile: "/etc/config/in.yaml.gz", EnvsubstFile: "/etc/config_out/out.yaml",
	})
	require.Equal(t, InitContainerName, container.Name)
	require.Equal(t, []string{
		"--watch-interval=0", "--listen-address=:8081",
		"--config-file=/etc/config/in.yaml.gz", "--config-envsubst-file=/etc/config_out/out.yaml",
	}, container.Args, "the init container never reloads nor listens locally")
	require.Nil(t, container.ReadinessProbe)
}

func TestLocalSidecarHasNoPortAndExecProbes(t *testing.T) {
	container := Container(Options{ListenLocal: true, LocalHost: "127.0.0.1", RuntimeInfoURL: "http://127.0.0.1:9090/api/v1/status/runtimeinfo", Probes: true})
	require.Equal(t, []string{"--listen-address=127.0.0.1:8080", "--reload-method=signal", "--runtimeinfo-url=http://127.0.0.1:9090/api/v1/status/runtimeinfo"}, container.Args)
	require.Empty(t, container.Ports)
	require.NotNil(t, container.LivenessProbe.Exec)
}

func TestResourcesSkipZeroAndRefuseGarbage(t *testing.T) {
	resources, err := Resources(operator.ReloaderConfig{CPURequest: "10m", CPULimit: "0", MemoryLimit: "50Mi"})
	require.NoError(t, err)
	require.Equal(t, "10m", resources.Requests.Cpu().String())
	require.NotContains(t, resources.Limits, "cpu")
	require.Equal(t, "50Mi", resources.Limits.Memory().String())
	_, err = Resources(operator.ReloaderConfig{MemoryRequest: "lots"})
	require.ErrorContains(t, err, "--config-reloader-memory-request")
}
