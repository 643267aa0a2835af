package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseIgnoreDirective(t *testing.T) {
	tests := []struct {
		in   string
		want Ignore
	}{
		{" IAM201 -- break-glass role", Ignore{Rules: []string{"IAM201"}, Reason: "break-glass role"}},
		{" IAM201,full-admin IAM203 -- shared (exp:2027-01-31)",
			Ignore{Rules: []string{"IAM201", "full-admin", "IAM203"}, Reason: "shared", Expires: "2027-01-31"}},
		{" IAM401 -- inline is fine here exp:2027-01-31", Ignore{Rules: []string{"IAM401"}, Reason: "inline is fine here", Expires: "2027-01-31"}},
		{" IAM401", Ignore{Rules: []string{"IAM401"}}},
		{" IAM401 IAM402 exp:2026-12-31 -- reason", Ignore{Rules: []string{"IAM401", "IAM402"}, Reason: "reason", Expires: "2026-12-31"}},
		{" IAM401 expires=2026-12-31 -- reason -- with dashes", Ignore{Rules: []string{"IAM401"}, Reason: "reason -- with dashes", Expires: "2026-12-31"}},
		{"", Ignore{}},
	}
	for _, tt := range tests {
		got := ParseIgnoreDirective(tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseIgnoreDirective(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
