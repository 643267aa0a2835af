package syntax

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iacscan/iacscan/model"
)

func TestParseIgnoreDirective(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want model.Ignore
	}{
		{" IAM201 -- break-glass role", model.Ignore{Rules: []string{"IAM201"}, Reason: "break-glass role"}},
		{" IAM201,full-admin IAM203 -- shared (exp:2027-01-31)",
			model.Ignore{Rules: []string{"IAM201", "full-admin", "IAM203"}, Reason: "shared", Expires: "2027-01-31"}},
		{" IAM401 -- inline is fine here exp:2027-01-31", model.Ignore{Rules: []string{"IAM401"}, Reason: "inline is fine here", Expires: "2027-01-31"}},
		{" IAM401", model.Ignore{Rules: []string{"IAM401"}}},
		{" IAM401 IAM402 exp:2026-12-31 -- reason", model.Ignore{Rules: []string{"IAM401", "IAM402"}, Reason: "reason", Expires: "2026-12-31"}},
		{" IAM401 expires=2026-12-31 -- reason -- with dashes", model.Ignore{Rules: []string{"IAM401"}, Reason: "reason -- with dashes", Expires: "2026-12-31"}},
		{"", model.Ignore{}},
	}
	for _, tt := range tests {
		got := ParseIgnoreDirective(tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseIgnoreDirective(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
