package parsers

import (
	"testing"
)

func TestLoadTerraform(t *testing.T) {
	for _, path := range []string{"../fixtures/demo/terraform", "../fixtures/demo/terraform/main.tf"} {
		inv, errs := Load([]string{path}, Options{Vars: map[string]string{"region": "us-east-1"}})
		if len(errs) > 0 {
			t.Errorf("%s: %v", path, errs)
		}
		// The root module and the service module it calls (twice): the
		// child directory is evaluated through the call, not as a root.
		var roles []string
		for _, id := range inv.Identities {
			roles = append(roles, id.ID)
		}
		want := map[string]bool{
			"aws_iam_role.deploy": true, "aws_iam_user.ci": true,
			`module.service["api"].aws_iam_role.this`: true, `module.service["worker"].aws_iam_role.this`: true,
		}
		if len(roles) != len(want) {
			t.Errorf("%s: identities %v, want %d", path, roles, len(want))
		}
		for _, r := range roles {
			if !want[r] {
				t.Errorf("%s: unexpected identity %s", path, r)
			}
		}
		if len(inv.Files) != 2 {
			t.Errorf("%s: files %v, want the two .tf files", path, inv.Files)
		}
	}
}
