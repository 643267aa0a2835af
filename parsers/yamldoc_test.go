package parsers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestYAMLDocuments reads a template in any document of a YAML stream, the
// same whether the file is named or found in a walk (a stream starting
// with an empty document was skipped in a walk, exit 0, and an error when
// named), reports a document beside a template that is none, and reads a
// .yaml file that starts with "{" as YAML (a flow mapping with unquoted
// keys is not invalid JSON).
func TestYAMLDocuments(t *testing.T) {
	t.Parallel()
	const role = "    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: []}\n"
	tests := []struct {
		name, text string
		ids        []string // identity and its scope
		errs       []string // after the file's path
	}{{
		name: "multi.yaml",
		text: "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  First:\n" + role + "---\nResources:\n  Second:\n" + role,
		ids:  []string{"First multi.yaml", "Second multi.yaml#2"},
	}, {
		name: "empty-first.yaml",
		text: "---\n...\n---\nAWSTemplateFormatVersion: 2010-09-09\nResources:\n  AfterEmpty:\n" + role,
		ids:  []string{"AfterEmpty empty-first.yaml"},
	}, {
		name: "mixed.yaml",
		text: "apiVersion: v1\nkind: ConfigMap\n---\nResources:\n  Mixed:\n" + role,
		ids:  []string{"Mixed mixed.yaml"},
		errs: []string{":1: a YAML document that is not a CloudFormation template (no AWSTemplateFormatVersion, no Resources of Type AWS::…) beside one that is: not scanned"},
	}, {
		name: "trailing.yaml",
		text: "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  Third:\n" + role + "---\n",
		ids:  []string{"Third trailing.yaml"},
	}, {
		name: "broken-second.yaml",
		text: "Resources:\n  Fourth:\n" + role + "---\nResources: [\n",
		ids:  []string{"Fourth broken-second.yaml"},
		errs: []string{":7: invalid YAML: did not find expected node content"},
	}, {
		name: "flow.yaml",
		text: "{AWSTemplateFormatVersion: 2010-09-09, Resources: {Flow: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Statement: []}}}}}\n",
		ids:  []string{"Flow flow.yaml"},
	}, {
		name: "json.yml",
		text: `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Json": {"Type": "AWS::IAM::Role"}}}`,
		ids:  []string{"Json json.yml"},
	}}
	dir := t.TempDir()
	for _, tt := range tests {
		if err := os.WriteFile(filepath.Join(dir, tt.name), []byte(tt.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// what returns the identities and errors of one file in a load.
	what := func(paths []string, file string) (ids, errs []string) {
		inv, es := Load(paths, Options{})
		for _, id := range inv.Identities {
			if id.Loc.File == file {
				ids = append(ids, id.ID+" "+strings.TrimPrefix(id.Scope, dir+string(filepath.Separator)))
			}
		}
		for _, e := range es {
			if s, ok := strings.CutPrefix(e.Error(), file); ok {
				errs = append(errs, s)
			}
		}
		slices.Sort(ids)
		return ids, errs
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, tt.name)
			for _, paths := range [][]string{{dir}, {file}} {
				ids, errs := what(paths, file)
				if diff := cmp.Diff(tt.ids, ids); diff != "" {
					t.Errorf("Load(%v) identities (-want +got):\n%s", paths, diff)
				}
				if diff := cmp.Diff(tt.errs, errs); diff != "" {
					t.Errorf("Load(%v) errors (-want +got):\n%s", paths, diff)
				}
			}
		})
	}
}
