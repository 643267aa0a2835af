package parsers

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iacscan/iacscan/parsers/terraform"
)

func TestLoadTerraform(t *testing.T) {
	t.Parallel()
	main := []string{
		"terraform:aws_iam_role.deploy", "terraform:aws_iam_user.ci",
		`terraform:module.service["api"].aws_iam_role.this`, `terraform:module.service["worker"].aws_iam_role.this`,
	}
	tests := []struct {
		path       string
		identities []string // scope directory name : ID
		files      int
	}{
		// The demo has two root modules, terraform/ and terraform/accounts/,
		// which both declare aws_iam_user.ci: each keeps its own scope. The
		// service module is evaluated through its calls, not as a root.
		{"../fixtures/demo/terraform", append([]string{"accounts:aws_iam_user.ci"}, main...), 3},
		// A named .tf file scans its directory's module.
		{"../fixtures/demo/terraform/main.tf", main, 2},
	}
	for _, tt := range tests {
		inv, errs := Load([]string{tt.path}, Options{Terraform: terraform.Options{Vars: map[string]string{"region": "us-east-1"}}})
		if len(errs) > 0 {
			t.Errorf("%s: %v", tt.path, errs)
		}
		var got []string
		for _, id := range inv.Identities {
			got = append(got, filepath.Base(id.Scope)+":"+id.ID)
		}
		slices.Sort(got)
		slices.Sort(tt.identities)
		if diff := cmp.Diff(tt.identities, got); diff != "" {
			t.Errorf("%s: identities (-want +got):\n%s", tt.path, diff)
		}
		if len(inv.Files) != tt.files {
			t.Errorf("%s: files %v, want %d", tt.path, inv.Files, tt.files)
		}
	}
}
