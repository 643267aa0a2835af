package iam

import "testing"

func TestPatternsOverlap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"logs-*", "logs-app", true},
		{"logs-app", "logs-*", true},
		{"logs-*", "*-prod", true}, // logs-prod
		{"*", "anything", true},
		{"logs-app", "logs-web", false},
		{"logs-*", "metrics", false},
		{"Logs", "logs", false}, // collection names are case-sensitive
		{"log?", "logs", true},
	}
	for _, tt := range tests {
		if got := PatternsOverlap(tt.a, tt.b); got != tt.want {
			t.Errorf("PatternsOverlap(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
