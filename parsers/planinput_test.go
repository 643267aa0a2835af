package parsers_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/parsers/plan"
)

const rolePlan = `{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[
{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r",
 "change":{"actions":["create"],"after":{"name":"from-plan"},"after_unknown":{}}}]}`

// describeLoad loads paths and reports each identity with where it came
// from, and each error with the file names relative to dir.
func describeLoad(t *testing.T, dir string, paths []string, opts parsers.Options) []string {
	t.Helper()
	inv, errs := parsers.Load(paths, opts)
	var out []string
	for _, id := range inv.Identities {
		rel, _ := filepath.Rel(dir, id.Loc.File)
		out = append(out, string(id.Source)+" "+id.ID+" "+id.Name.String()+" "+filepath.ToSlash(rel))
	}
	for _, err := range errs {
		msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
		if ie, ok := err.(*model.InputError); ok && ie.Warning {
			msg = "warning " + msg
		}
		out = append(out, strings.ReplaceAll(msg, dir, "DIR"))
	}
	return out
}

func TestLoadPlans(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"infra/main.tf":       "resource \"aws_iam_role\" \"r\" {\n  name = \"from-hcl\"\n  assume_role_policy = \"{}\"\n}\n",
		"infra/plan.json":     rolePlan,
		"artifacts/plan.json": rolePlan,
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	infra := filepath.Join(dir, "infra")
	tests := []struct {
		name  string
		paths []string
		opts  parsers.Options
		want  []string
	}{
		{"plan named", []string{filepath.Join(infra, "plan.json")}, parsers.Options{},
			[]string{"plan aws_iam_role.r from-plan infra/main.tf"}},
		{"plan from stdin", []string{"-"}, parsers.Options{Stdin: strings.NewReader(rolePlan), Plan: plan.Options{TFDir: infra}},
			[]string{"plan aws_iam_role.r from-plan infra/main.tf"}},
		{"walk: the configuration, not its plan", []string{infra}, parsers.Options{}, []string{
			"terraform aws_iam_role.r from-hcl infra/main.tf",
			"warning infra/plan.json: Terraform plan skipped: its configuration infra is scanned as HCL in this walk; name the plan file to scan it as a plan",
		}},
		{"walk: a plan without its configuration", []string{filepath.Join(dir, "artifacts")}, parsers.Options{}, []string{
			"plan aws_iam_role.r from-plan artifacts/plan.json",
			"warning artifacts/plan.json: no Terraform configuration (.tf files) in artifacts: findings point into the plan; name the directory the plan was made from with --tf-dir",
		}},
		{"walk with --tf-dir", []string{filepath.Join(dir, "artifacts")}, parsers.Options{Plan: plan.Options{TFDir: infra}},
			[]string{"plan aws_iam_role.r from-plan infra/main.tf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, describeLoad(t, dir, tt.paths, tt.opts)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
