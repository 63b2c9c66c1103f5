// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package process

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// builds remembers, per output path, the result of building it once in
// this test binary.
var builds sync.Map

type buildResult struct {
	once sync.Once
	path string
	err  error
}

// ProjectBinary returns the path of one of the project's commands. When the
// environment variable envVar names a file, that file is used as is (for
// CI, which builds once with make build). Otherwise the command is built
// from mainPackage (e.g. "./cmd/operator") into <repo>/bin/<name>, once per
// test binary, so that a test never runs a stale binary; the Go build cache
// keeps that quick when nothing changed.
func ProjectBinary(t testing.TB, envVar, mainPackage, name string) string {
	t.Helper()
	if path := os.Getenv(envVar); path != "" {
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("%s=%s is not usable: %v", envVar, path, err)
		}
		return path
	}
	root, err := RepoRoot()
	if err != nil {
		t.Fatalf("finding the repository: %v", err)
	}
	output := filepath.Join(root, "bin", name)
	entry, _ := builds.LoadOrStore(output, &buildResult{})
	result := entry.(*buildResult)
	result.once.Do(func() {
		result.path, result.err = goBuild(root, mainPackage, output)
	})
	if result.err != nil {
		t.Fatalf("building %s (set %s to use a prebuilt binary): %v", name, envVar, result.err)
	}
	return result.path
}

func goBuild(root, mainPackage, output string) (string, error) {
	goCommand := os.Getenv("GO")
	if goCommand == "" {
		goCommand = "go"
	}
	command := exec.Command(goCommand, "build", "-o", output, mainPackage)
	command.Dir = root
	if out, err := command.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build -o %s %s: %w\n%s", output, mainPackage, err, out)
	}
	return output, nil
}
