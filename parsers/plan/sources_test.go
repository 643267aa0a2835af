package plan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/parsers/plan"
)

// writeTree writes files (path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// modulePlan has one role in a local module (nested in a registry module)
// and one in a registry module.
const modulePlan = `{"format_version":"1.2","terraform_version":"1.11.4",
"resource_changes":[
 {"address":"module.reg.aws_iam_role.r","module_address":"module.reg","mode":"managed","type":"aws_iam_role","name":"r",
  "change":{"actions":["create"],"after":{"name":"reg"},"after_unknown":{}}},
 {"address":"module.reg.module.inner[0].aws_iam_role.r","module_address":"module.reg.module.inner[0]","mode":"managed",
  "type":"aws_iam_role","name":"r","index":0,"change":{"actions":["create"],"after":{"name":"inner"},"after_unknown":{}}},
 {"address":"module.local.aws_iam_role.r","module_address":"module.local","mode":"managed","type":"aws_iam_role","name":"r",
  "change":{"actions":["create"],"after":{"name":"local"},"after_unknown":{}}}
],
"configuration":{"root_module":{"module_calls":{
 "reg":{"source":"terraform-aws-modules/iam/aws","module":{"module_calls":{"inner":{"source":"./inner","module":{}}}}},
 "local":{"source":"./mods/local","module":{}}}}}}`

const roleBlock = "\n\nresource \"aws_iam_role\" \"r\" {\n  name = var.name\n}\n\nvariable \"name\" {}\n"

func TestModuleSources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		manifest bool
		want     []string
		warnings []string
	}{
		{"initialised", true, []string{
			"module.reg.aws_iam_role.r .terraform/modules/reg/main.tf:3",
			"module.reg.module.inner[0].aws_iam_role.r .terraform/modules/reg/inner/main.tf:3",
			"module.local.aws_iam_role.r mods/local/main.tf:3",
		}, nil},
		{"not initialised", false, []string{
			"module.reg.aws_iam_role.r plan.json:3",
			"module.reg.module.inner[0].aws_iam_role.r plan.json:5",
			"module.local.aws_iam_role.r mods/local/main.tf:3",
		}, []string{
			`module.reg: source "terraform-aws-modules/iam/aws" is not installed in DIR (run terraform init there); findings in it point into the plan`,
			`module.reg.module.inner: source "terraform-aws-modules/iam/aws" is not installed in DIR (run terraform init there); findings in it point into the plan`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"main.tf":                              `module "local" { source = "./mods/local" }`,
				"plan.json":                            modulePlan,
				"mods/local/main.tf":                   "# local" + roleBlock,
				".terraform/modules/reg/main.tf":       "# registry" + roleBlock,
				".terraform/modules/reg/inner/main.tf": "# inner" + roleBlock,
			}
			if tt.manifest {
				files[".terraform/modules/modules.json"] = `{"Modules":[{"Key":"","Source":"","Dir":"."},
					{"Key":"reg","Source":"registry.terraform.io/terraform-aws-modules/iam/aws","Version":"5.0.0","Dir":".terraform/modules/reg"},
					{"Key":"reg.inner","Source":"./inner","Dir":".terraform/modules/reg/inner"}]}`
			}
			writeTree(t, dir, files)
			file := filepath.Join(dir, "plan.json")
			inv, errs := plan.Parse(file, []byte(modulePlan), plan.Options{})
			var got []string
			for _, id := range inv.Identities {
				rel, _ := filepath.Rel(dir, id.Loc.File)
				got = append(got, id.ID+" "+filepath.ToSlash(rel)+":"+strconv.Itoa(id.Loc.StartLine))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("locations differ (-want +got):\n%s", diff)
			}
			var warnings []string
			for _, err := range errs {
				warnings = append(warnings, strings.ReplaceAll(strings.TrimPrefix(err.Error(), file+": "), dir, "DIR"))
			}
			if diff := cmp.Diff(tt.warnings, warnings); diff != "" {
				t.Errorf("warnings differ (-want +got):\n%s", diff)
			}
		})
	}
}

// TFDir names the configuration when the plan is elsewhere; a directory
// that is not the plan's configuration is reported once.
func TestTFDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"infra/main.tf":      `resource "aws_iam_role" "r" { name = "r" }`,
		"out/plan.json":      `{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","change":{"actions":["create"],"after":{"name":"r"}}},{"address":"aws_iam_role.x","mode":"managed","type":"aws_iam_role","name":"x","change":{"actions":["create"],"after":{"name":"x"}}}]}`,
		"elsewhere/other.tf": `resource "aws_iam_user" "u" {}`,
	})
	file := filepath.Join(dir, "out", "plan.json")
	data, _ := os.ReadFile(file)
	inv, errs := plan.Parse(file, data, plan.Options{TFDir: filepath.Join(dir, "infra")})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "1 resources of the plan (aws_iam_role.x first) have no block in the configuration") {
		t.Errorf("errors: %v", errs)
	}
	if loc := inv.Identities[0].Loc; loc.File != filepath.Join(dir, "infra", "main.tf") || loc.StartLine != 1 {
		t.Errorf("aws_iam_role.r at %s", loc)
	}
	if loc := inv.Identities[1].Loc; loc.File != file {
		t.Errorf("aws_iam_role.x at %s, want the plan", loc)
	}
}

// Configuration in JSON syntax maps too, to the block's header and its
// attributes.
func TestJSONConfiguration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"main.tf.json": `{
  "resource": {
    "aws_iam_role": {
      "r": {
        "name": "r",
        "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"}}]}"
      }
    }
  }
}`})
	const planJSON = `{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r",
	"change":{"actions":["create"],"after":{"name":"r","assume_role_policy":"{}"}}}]}`
	inv, errs := plan.Parse(filepath.Join(dir, "plan.json"), []byte(planJSON), plan.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, id := range inv.Identities {
		got = append(got, fmt.Sprintf("%s %s:%d trust at %d", id.ID, filepath.Base(id.Loc.File), id.Loc.StartLine, id.Trust.Loc.StartLine))
	}
	if diff := cmp.Diff([]string{"aws_iam_role.r main.tf.json:4 trust at 6"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
