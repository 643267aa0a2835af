package parsers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iacscan/iacscan/parsers/cloudformation"
)

// writeFiles creates files (path → content) under a temporary directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const roleTemplate = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "${Prefix}-role"
      AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: []}
Parameters:
  Prefix: {Type: String, Default: default}
`

// TestDetection scans a directory holding templates among other YAML and
// JSON: templates and policies are read, the rest is skipped quietly.
func TestDetection(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"stack.yaml":                           roleTemplate,
		"stack.template":                       `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}`,
		"policy.json":                          `{"Version": "2012-10-17", "Statement": []}`,
		"k8s/deployment.yml":                   "apiVersion: apps/v1\nkind: Deployment\n",
		"ci/workflow.yaml":                     "on: push\njobs: {}\n",
		"mentions-aws.yaml":                    "Resources: none\nnote: AWS::IAM::Role is a type\n",
		"package.json":                         `{"name": "app"}`,
		"broken-template.yaml":                 "AWSTemplateFormatVersion: 2010-09-09\nResources: [\n",
		"cdk.out/manifest.json":                `{"version": "36.0.0", "artifacts": {"App": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "App.template.json"}, "metadata": {"/App/Role/Resource": [{"type": "aws:cdk:logicalId", "data": "Role1ABCC5F0"}]}}}}`,
		"cdk.out/App.template.json":            `{"Resources": {"Role1ABCC5F0": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}}}`,
		"cdk.out/asset.123/test.template.json": `{"Resources": {"Other": {"Type": "AWS::IAM::Role"}}}`,
	})
	inv, errs := Load([]string{dir}, Options{})
	var got []string
	for _, err := range errs {
		got = append(got, "error "+strings.TrimPrefix(filepath.ToSlash(err.Error()), filepath.ToSlash(dir)+"/"))
	}
	for _, f := range inv.Files {
		got = append(got, "file "+strings.TrimPrefix(filepath.ToSlash(f), filepath.ToSlash(dir)+"/"))
	}
	for _, id := range inv.Identities {
		got = append(got, "role "+id.ID+" "+id.Name.Text+" "+id.Construct)
	}
	slices.Sort(got)
	want := []string{
		"error broken-template.yaml:2: invalid YAML: did not find expected node content",
		"file cdk.out/App.template.json",
		"file policy.json",
		"file stack.template",
		"file stack.yaml",
		"role Role default-role ",
		"role Role1ABCC5F0  App/Role/Resource",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scan (-want +got):\n%s", diff)
	}
}

// TestExplicitNotTemplate: a file named on the command line that is not a
// template gets a clear message.
func TestExplicitNotTemplate(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"deployment.yml": "apiVersion: apps/v1\nkind: Deployment\n",
		"package.json":   `{"name": "app"}`,
	})
	_, errs := Load([]string{filepath.Join(dir, "deployment.yml"), filepath.Join(dir, "package.json")}, Options{})
	var got []string
	for _, err := range errs {
		got = append(got, strings.TrimPrefix(filepath.ToSlash(err.Error()), filepath.ToSlash(dir)+"/"))
	}
	want := []string{
		"deployment.yml:1:1: not a recognised input: not a CloudFormation template: it has neither AWSTemplateFormatVersion nor Resources with a Type of AWS::…",
		"package.json:1:1: not a recognised input: this JSON is neither an IAM policy document (no Statement) nor a CloudFormation template (no AWSTemplateFormatVersion, no Resources of Type AWS::…)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestCFNParams: values from the command line win over parameter files,
// later files over earlier ones, and all over defaults.
func TestCFNParams(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"stack.yaml":    roleTemplate + "  Other: {Type: String}\n",
		"cli.json":      `[{"ParameterKey": "Prefix", "ParameterValue": "from-cli-file"}, {"ParameterKey": "Other", "ParameterValue": "x"}]`,
		"pipeline.json": `{"Parameters": {"Prefix": "from-pipeline"}}`,
		"bad.json":      `{"Prefix": "x"}`,
	})
	load := func(opts Options) string {
		inv, errs := Load([]string{filepath.Join(dir, "stack.yaml")}, opts)
		for _, err := range errs {
			return strings.TrimPrefix(filepath.ToSlash(err.Error()), filepath.ToSlash(dir)+"/")
		}
		return inv.Identities[0].Name.Text
	}
	files := []string{filepath.Join(dir, "cli.json"), filepath.Join(dir, "pipeline.json")}
	tests := []struct {
		opts Options
		want string
	}{
		{Options{}, "default-role"},
		{Options{CloudFormation: cloudformation.Options{ParamFiles: files[:1]}}, "from-cli-file-role"},
		{Options{CloudFormation: cloudformation.Options{ParamFiles: files}}, "from-pipeline-role"},
		{Options{CloudFormation: cloudformation.Options{ParamFiles: files, Params: map[string]string{"Prefix": "flag"}}}, "flag-role"},
		{Options{CloudFormation: cloudformation.Options{ParamFiles: []string{filepath.Join(dir, "bad.json")}}}, `bad.json:1:1: not a parameter file: expected [{"ParameterKey": …, "ParameterValue": …}] or {"Parameters": {…}}`},
	}
	for _, tt := range tests {
		if got := load(tt.opts); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.opts, got, tt.want)
		}
	}
}

// TestStdinTemplate reads a template from standard input.
func TestStdinTemplate(t *testing.T) {
	t.Parallel()
	inv, errs := Load([]string{"-"}, Options{Stdin: strings.NewReader(roleTemplate)})
	if len(errs) > 0 || len(inv.Identities) != 1 || inv.Identities[0].Loc.File != StdinName {
		t.Errorf("inventory %+v, errors %v", inv.Identities, errs)
	}
}
