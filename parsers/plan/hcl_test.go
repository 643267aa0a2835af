package plan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/plan"
)

func policy(inv *model.Inventory, id, path string) *model.Policy {
	for _, p := range inv.Policies {
		if p.ID == id && p.Path == path {
			return p
		}
	}
	return nil
}

// describe writes a document's statements with their lines.
func describe(d *model.Document) []string {
	if d.Unknown {
		return []string{"unknown: " + d.Expr}
	}
	var out []string
	for _, st := range d.Statements {
		var actions []string
		for _, a := range st.Action.Items {
			actions = append(actions, a.String())
		}
		var resources []string
		for _, r := range st.Resource.Items {
			resources = append(resources, r.String())
		}
		out = append(out, fmt.Sprintf("%d: %s %v on %v", st.Loc.StartLine, st.Effect.Text, actions, resources))
	}
	return out
}

// A policy the plan knows only after apply is taken from the HCL, with the
// locations of its statements and what HCL cannot know kept unknown: on the
// repository's own plan (fixtures/IAM201/plan/computed) and, where it is
// beside the repository, on the shared one.
func TestHCLFallback(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, plan, tfDir string
		want              []string
	}{
		{"fixture, plan alone", "../../fixtures/IAM201/plan/computed/plan.json", t.TempDir(),
			[]string{"unknown: aws_iam_role_policy.reporter.policy (known after apply)"}},
		{"fixture, with configuration", "../../fixtures/IAM201/plan/computed/plan.json", "", []string{
			"22: Allow [s3:PutObject] on [${aws_s3_bucket.reports.arn}/*]",
			"23: Allow [*] on [*]",
		}},
		{"shared, plan alone", filepath.Join(sharedPlans, "computed", "plan.json"), t.TempDir(),
			[]string{"unknown: aws_iam_role_policy.reporter.policy (known after apply)"}},
		{"shared, with configuration", filepath.Join(sharedPlans, "computed", "plan.json"), "", []string{
			"24: Allow [s3:PutObject] on [${aws_s3_bucket.reports.arn}/*]",
			"29: Allow [iam:PassRole] on [*]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := os.ReadFile(tt.plan)
			if os.IsNotExist(err) && strings.HasPrefix(tt.plan, sharedPlans) {
				t.Skipf("%s is not here", sharedPlans)
			}
			if err != nil {
				t.Fatal(err)
			}
			inv, _ := plan.Parse(tt.plan, data, plan.Options{TFDir: tt.tfDir})
			p := policy(inv, "aws_iam_role_policy.reporter", "")
			if p == nil {
				t.Fatal("no policy aws_iam_role_policy.reporter")
			}
			if diff := cmp.Diff(tt.want, describe(p.Document)); diff != "" {
				t.Errorf("document differs (-want +got):\n%s", diff)
			}
		})
	}
}

// Suppression comments in the .tf apply to plan findings: they are in the
// inventory, and their scope covers the block the plan's element maps to.
func TestIgnoresFromConfiguration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"main.tf": `# iacscan:ignore IAM201 -- break-glass role, reviewed
resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
`,
	})
	const planJSON = `{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[
	{"address":"aws_iam_policy.admin","mode":"managed","type":"aws_iam_policy","name":"admin",
	 "change":{"actions":["create"],"after":{"name":"admin","policy":"{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\",\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}"},"after_unknown":{}}}]}`
	inv, errs := plan.Parse(filepath.Join(dir, "plan.json"), []byte(planJSON), plan.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(inv.Ignores) != 1 {
		t.Fatalf("ignores: %+v", inv.Ignores)
	}
	ig, p := inv.Ignores[0], policy(inv, "aws_iam_policy.admin", "")
	if ig.Reason != "break-glass role, reviewed" || !ig.Scope.Contains(p.Document.Statements[0].Loc) {
		t.Errorf("ignore %+v does not cover the statement at %s", ig, p.Document.Statements[0].Loc)
	}
	if loc := p.Document.Statements[0].Loc; loc.File != filepath.Join(dir, "main.tf") || loc.StartLine != 4 {
		t.Errorf("statement at %s, want main.tf:4", loc)
	}
}
