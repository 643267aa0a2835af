package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseIgnoreComment(t *testing.T) {
	tests := []struct {
		in   string
		want Ignore
		ok   bool
	}{
		{"# iacscan:ignore IAM201 -- break-glass role", Ignore{Rules: []string{"IAM201"}, Reason: "break-glass role"}, true},
		{"// iacscan:ignore IAM201,full-admin IAM203 -- shared (exp:2027-01-31)",
			Ignore{Rules: []string{"IAM201", "full-admin", "IAM203"}, Reason: "shared", Expires: "2027-01-31"}, true},
		{"#iacscan:ignore IAM401 -- inline is fine here exp:2027-01-31", Ignore{Rules: []string{"IAM401"}, Reason: "inline is fine here", Expires: "2027-01-31"}, true},
		{"# iacscan:ignore IAM401", Ignore{Rules: []string{"IAM401"}}, true},
		{"/* iacscan:ignore IAM401 -- reason */", Ignore{Rules: []string{"IAM401"}, Reason: "reason"}, true},
		{"# iacscan:ignore", Ignore{}, false},
		{"# just a comment about iacscan", Ignore{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseIgnoreComment(tt.in)
		if ok != tt.ok {
			t.Errorf("ParseIgnoreComment(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseIgnoreComment(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
