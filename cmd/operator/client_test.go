// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestClientLimitFlags(t *testing.T) {
	flags := flag.NewFlagSet("operator", flag.ContinueOnError)
	limits := registerClientFlags(flags)
	require.NoError(t, flags.Parse([]string{"--kube-api-qps=50", "--kube-api-burst=75"}))
	config := operator.NewConfig()
	config.APIServer = "https://127.0.0.1:6443"
	t.Setenv("KUBECONFIG", "")
	restConfig, err := restConfigFor(config, limits)
	require.NoError(t, err)
	require.Equal(t, float32(50), restConfig.QPS)
	require.Equal(t, 75, restConfig.Burst)

	defaults := registerClientFlags(flag.NewFlagSet("operator", flag.ContinueOnError))
	require.Equal(t, clientLimits{qps: 100, burst: 200}, *defaults)

	var stderr bytes.Buffer
	require.Equal(t, 2, run([]string{"--kube-api-burst=0"}, io.Discard, &stderr))
	require.Contains(t, stderr.String(), "must be positive")
}

func TestNamespaceAccessIsReviewedAtStart(t *testing.T) {
	answer := func(allowed bool, err error) k8stesting.ReactionFunc {
		return func(action k8stesting.Action) (bool, runtime.Object, error) {
			review := action.(k8stesting.CreateAction).GetObject().(*authorizationv1.SelfSubjectAccessReview).DeepCopy()
			review.Status.Allowed = allowed
			return true, review, err
		}
	}
	tests := map[string]struct {
		reaction   k8stesting.ReactionFunc
		wantLacks  bool
		wantLogged string
	}{
		"granted":                           {reaction: answer(true, nil)},
		"refused":                           {reaction: answer(false, nil), wantLacks: true, wantLogged: "listing and watching namespaces is refused"},
		"a failed review assumes the grant": {reaction: answer(false, errors.New("boom")), wantLogged: "assuming it is granted"},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			client := fake.NewClientset()
			client.PrependReactor("create", "selfsubjectaccessreviews", test.reaction)
			var logs bytes.Buffer
			require.Equal(t, test.wantLacks, lacksNamespaceAccess(context.Background(), client, slog.New(slog.NewTextHandler(&logs, nil))))
			if test.wantLogged == "" {
				require.Empty(t, logs.String())
			} else {
				require.Contains(t, logs.String(), test.wantLogged)
			}
		})
	}
}
