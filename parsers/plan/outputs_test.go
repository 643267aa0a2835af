package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
)

// exposures describes the outputs of an inventory: "ID value=… line=N
// refs=[ID.attr …]".
func exposures(inv *model.Inventory) []string {
	var out []string
	for _, e := range inv.Exposures {
		if e.Kind != model.ExposureOutput {
			continue
		}
		var refs []string
		for _, r := range e.Refs {
			refs = append(refs, r.Ref.ID+"."+r.Attr)
		}
		out = append(out, fmt.Sprintf("%s value=%s line=%d refs=%v", e.ID, e.Value.String(), e.Loc.StartLine, refs))
	}
	return out
}

// The IAM102 plan fixtures: real plans, read with their .tf beside them.
func TestOutputsOfRealPlans(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dir  string
		want []string
	}{
		{"bad", []string{
			"output.ci_key_id value=${aws_iam_access_key.ci.id} line=27 refs=[aws_iam_access_key.ci.id]",
			// The secret is sensitive: its value is never read.
			"output.ci_secret value=${aws_iam_access_key.ci.secret} line=11 refs=[aws_iam_access_key.ci.secret]",
			// local.secret: the reference comes from the HCL analysis.
			"output.via_local value=${aws_iam_access_key.ci.secret} line=22 refs=[aws_iam_access_key.ci.secret]",
		}},
		{"good", []string{
			"output.ci_key_id value=${aws_iam_access_key.ci.id} line=10 refs=[aws_iam_access_key.ci.id]",
			"output.ci_secret value=${aws_iam_access_key.ci.encrypted_secret} line=14 refs=[aws_iam_access_key.ci.encrypted-secret]",
		}},
		{"module", []string{
			"output.deployer_key_id value=${module.keys.aws_iam_access_key.deployer.id} line=12 refs=[module.keys.aws_iam_access_key.deployer.id]",
			"output.deployer_secret value=${module.keys.aws_iam_access_key.deployer.secret} line=7 refs=[module.keys.aws_iam_access_key.deployer.secret]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			file := filepath.Join("../../fixtures/IAM102/plan", tt.dir, "plan.json")
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			inv, errs := Parse(file, data, Options{})
			for _, err := range errs {
				t.Error(err)
			}
			if diff := cmp.Diff(tt.want, exposures(inv)); diff != "" {
				t.Errorf("outputs differ (-want +got):\n%s", diff)
			}
		})
	}
}

// secret is a value marked sensitive in the plans below: it must not reach
// the inventory.
const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETKEY"

func TestOutputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		plan string
		opts Options
		want []string
	}{
		{"state: sensitive value in clear", `{"format_version":"1.0","terraform_version":"1.11.4","values":{"outputs":{
			"s":{"sensitive":true,"value":"` + secret + `","type":"string"},
			"n":{"sensitive":false,"value":"AKIAQ5ZK3N7W2XR4TBLM","type":"string"}},"root_module":{}}}`,
			Options{}, []string{
				"output.n value=AKIAQ5ZK3N7W2XR4TBLM line=3 refs=[]",
				"output.s value=${output.s (sensitive)} line=2 refs=[]",
			}},
		{"plan without output_changes (format 0.1)", `{"format_version":"0.1","terraform_version":"0.12.31",
			"planned_values":{"outputs":{"u":{"sensitive":false},"k":{"sensitive":false,"value":["a"]}},"root_module":{}},
			"configuration":{"root_module":{"outputs":{"u":{"expression":{"references":["aws_iam_access_key.k"]}}}}}}`,
			Options{}, []string{
				"output.k value= line=2 refs=[]",
				"output.u value=${aws_iam_access_key.k} line=2 refs=[aws_iam_access_key.k.]",
			}},
		{"changes: deleted, unchanged and sensitive parts", `{"format_version":"1.2","terraform_version":"1.11.4",
			"output_changes":{
			  "gone":{"actions":["delete"],"before":"x","after":null},
			  "same":{"actions":["no-op"],"before":"x","after":"x","after_unknown":false},
			  "mixed":{"actions":["create"],"after":{"id":"AKIAQ5ZK3N7W2XR4TBLM","secret":"` + secret + `"},
			           "after_unknown":false,"after_sensitive":{"secret":true}}},
			"configuration":{"root_module":{"outputs":{"mixed":{"expression":{"references":[
			  "module.keys[\"ci\"].creds","module.keys[\"ci\"]","module.keys"]}}},
			  "module_calls":{"keys":{"source":"./keys","for_each_expression":{"references":["var.users"]},"module":{"outputs":{
			    "creds":{"expression":{"references":["aws_iam_access_key.k.id","aws_iam_access_key.k","aws_iam_access_key.k.secret","local.x"]}}}}}}}}}`,
			Options{}, []string{
				`output.mixed value= line=5 refs=[module.keys["ci"].aws_iam_access_key.k.id module.keys["ci"].aws_iam_access_key.k.secret]`,
				"output.same value=x line=4 refs=[]",
			}},
		{"changed only", `{"format_version":"1.2","terraform_version":"1.11.4","output_changes":{
			  "same":{"actions":["no-op"],"before":"x","after":"x"},
			  "new":{"actions":["create"],"after":"y"}}}`,
			Options{ChangedOnly: true}, []string{"output.new value=y line=3 refs=[]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir() // no configuration beside the plan
			file := filepath.Join(dir, "plan.json")
			inv, errs := Parse(file, []byte(tt.plan), tt.opts)
			for _, err := range errs {
				if ie, ok := err.(*model.InputError); !ok || !ie.Warning {
					t.Error(err)
				}
			}
			if diff := cmp.Diff(tt.want, exposures(inv)); diff != "" {
				t.Errorf("outputs differ (-want +got):\n%s", diff)
			}
			for _, e := range inv.Exposures {
				if strings.Contains(fmt.Sprintf("%+v", *e), secret) {
					t.Errorf("the sensitive value reached %s", e.ID)
				}
			}
		})
	}
}
