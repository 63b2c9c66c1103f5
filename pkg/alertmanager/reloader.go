// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"fmt"
	"net/url"
	"path"
)

// Reloader settings specific to Alertmanager.
const (
	reloadEndpoint = "/-/reload"
	// configFileName is the gzipped configuration the reloader renders.
	configFileName = GeneratedConfigKey
)

// reloaderURL is where the reloader asks Alertmanager to reload, over
// HTTPS when the web server serves TLS.
func (b *builder) reloaderURL() string {
	scheme := "http"
	if b.webTLS() {
		scheme = "https"
	}
	target := url.URL{
		Scheme: scheme,
		Host:   fmt.Sprintf("%s:%d", b.config.LocalHost, webPort),
		Path:   path.Clean(b.routePrefix() + reloadEndpoint),
	}
	return target.String()
}

// reloaderWebConfigFile secures the reloader's own listener like
// Alertmanager's, for the versions that read a web configuration file.
func (b *builder) reloaderWebConfigFile() string {
	if !b.supports("0.22.0") {
		return ""
	}
	return path.Join(webConfigDir, webConfigFile)
}
