package plan

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/tfaws"
	"github.com/iacscan/iacscan/syntax"
)

// record parses a plan and returns what tfaws would receive, one line per
// instance: "address module=… data attrs".
func record(t *testing.T, file string, data []byte, opts Options) ([]string, []tfaws.Instance, []error) {
	t.Helper()
	var got []string
	var instances []tfaws.Instance
	_, errs := parse(file, data, opts, func(_ *model.Inventory, in tfaws.Instance) bool {
		line := in.Meta.ID
		if in.Module != "" {
			line += " module=" + in.Module
		}
		if in.Data {
			line += " data"
		}
		got = append(got, line+" "+render(in.Attrs))
		instances = append(instances, in)
		return true
	}, anyType)
	return got, instances, errs
}

// render writes a node compactly: strings quoted, unknowns as <expr>.
func render(n *syntax.Node) string {
	switch n.Kind {
	case syntax.KindUnknown:
		return "<" + n.Expr + ">"
	case syntax.KindString:
		return fmt.Sprintf("%q", n.Value)
	case syntax.KindNull:
		return "null"
	case syntax.KindList:
		var parts []string
		for _, it := range n.Items {
			parts = append(parts, render(it))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case syntax.KindMap:
		var parts []string
		for _, e := range n.Entries {
			parts = append(parts, e.Key+":"+render(e.Value))
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	return n.Value
}

// A plan written for this test: every kind of change, unknown and sensitive
// values, a module, a data source read while planning.
const handPlan = `{
  "format_version": "1.2",
  "terraform_version": "1.11.4",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_iam_user.kept", "mode": "managed", "type": "aws_iam_user", "name": "kept", "values": {"name": "kept"}}
  ]}},
  "resource_changes": [
    {"address": "aws_iam_role.new", "mode": "managed", "type": "aws_iam_role", "name": "new",
     "change": {"actions": ["create"], "before": null,
       "after": {"name": "new", "max_session_duration": 3600, "permissions_boundary": null, "tags": {"team": "a"},
                 "inline_policy": [{"name": "p", "policy": null}]},
       "after_unknown": {"arn": true, "id": true, "managed_policy_arns": true, "assume_role_policy": true,
                         "inline_policy": [{"policy": true}]},
       "after_sensitive": {"tags": {"team": true}}}},
    {"address": "aws_iam_role_policy.p", "mode": "managed", "type": "aws_iam_role_policy", "name": "p",
     "change": {"actions": ["update"], "after": {"name": "p"}, "after_unknown": {"policy": true, "role": true}}},
    {"address": "aws_iam_user.gone", "mode": "managed", "type": "aws_iam_user", "name": "gone",
     "change": {"actions": ["delete"], "before": {"name": "gone"}, "after": null}},
    {"address": "aws_iam_user.old", "mode": "managed", "type": "aws_iam_user", "name": "old", "deposed": "abc123",
     "change": {"actions": ["delete"], "before": {"name": "old"}, "after": null}},
    {"address": "aws_iam_user.swap", "mode": "managed", "type": "aws_iam_user", "name": "swap",
     "change": {"actions": ["delete", "create"], "before": {"name": "a"}, "after": {"name": "b"}, "after_unknown": {}}},
    {"address": "aws_iam_user.same", "mode": "managed", "type": "aws_iam_user", "name": "same",
     "change": {"actions": ["no-op"], "before": {"name": "same"}, "after": {"name": "same"}, "after_unknown": {}}},
    {"address": "module.app[\"x\"].aws_iam_group.g[0]", "module_address": "module.app[\"x\"]", "mode": "managed",
     "type": "aws_iam_group", "name": "g", "index": 0,
     "change": {"actions": ["create"], "after": {"name": "g", "n": 1.5e3, "on": true}, "after_unknown": {}}},
    {"address": "data.aws_iam_policy_document.late", "mode": "data", "type": "aws_iam_policy_document", "name": "late",
     "change": {"actions": ["read"], "after": {"statement": [{"actions": ["s3:GetObject"], "resources": [null, "*"]}]},
                "after_unknown": {"json": true, "statement": [{"resources": [true, false]}]}},
     "action_reason": "read_because_config_unknown"}
  ],
  "prior_state": {"format_version": "1.0", "values": {"root_module": {
    "resources": [
      {"address": "data.aws_iam_policy_document.d", "mode": "data", "type": "aws_iam_policy_document", "name": "d",
       "values": {"json": "{\"Version\":\"2012-10-17\"}"}, "sensitive_values": {}},
      {"address": "aws_iam_user.same", "mode": "managed", "type": "aws_iam_user", "name": "same", "values": {"name": "same"}}
    ]}}},
  "configuration": {"root_module": {
    "resources": [
      {"address": "aws_iam_role.new", "mode": "managed", "type": "aws_iam_role", "name": "new",
       "expressions": {"name": {"constant_value": "new"}, "assume_role_policy": {"references": ["var.x"]}, "inline_policy": [{}]}},
      {"address": "aws_iam_role_policy.p", "mode": "managed", "type": "aws_iam_role_policy", "name": "p",
       "expressions": {"policy": {"references": ["aws_s3_bucket.b.arn", "aws_s3_bucket.b"]},
                       "role": {"references": ["aws_iam_role.new.id", "aws_iam_role.new"]}}}
    ],
    "module_calls": {"app": {"source": "./app", "module": {"resources": []}}}
  }}
}`

func TestInstances(t *testing.T) {
	t.Parallel()
	all := []string{
		`aws_iam_role.new {assume_role_policy:<aws_iam_role.new.assume_role_policy (known after apply)> ` +
			`inline_policy:[{name:"p" policy:<aws_iam_role.new.inline_policy[0].policy (known after apply)>}] ` +
			`max_session_duration:3600 name:"new" tags:{team:<aws_iam_role.new.tags.team (sensitive)>}}`,
		// Without the .tf source, the plan's references are all there is;
		// a policy made with one is not that reference.
		`aws_iam_role_policy.p {name:"p" policy:<aws_iam_role_policy.p.policy (known after apply)> role:<aws_iam_role.new.id>}`,
		`aws_iam_user.swap {name:"b"}`,
		`aws_iam_user.same {name:"same"}`,
		`module.app["x"].aws_iam_group.g[0] module=module.app["x"] {n:1500 name:"g" on:true}`,
		`data.aws_iam_policy_document.late data {statement:[{actions:["s3:GetObject"] ` +
			`resources:[<data.aws_iam_policy_document.late.statement[0].resources[0] (known after apply)> "*"]}]}`,
		`aws_iam_user.kept {name:"kept"}`,
		`data.aws_iam_policy_document.d data {json:"{\"Version\":\"2012-10-17\"}"}`,
	}
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"all", Options{}, all},
		{"changed only", Options{ChangedOnly: true}, []string{all[0], all[1], all[2], all[4]}},
	}
	dir := t.TempDir() // no configuration: one warning, locations in the plan
	file := filepath.Join(dir, "plan.json")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, instances, errs := record(t, file, []byte(handPlan), tt.opts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("instances differ (-want +got):\n%s", diff)
			}
			want := []string{file + ": no Terraform configuration (.tf files) in " + dir +
				": findings point into the plan; name the directory the plan was made from with --tf-dir"}
			if diff := cmp.Diff(want, messages(errs)); diff != "" {
				t.Errorf("errors differ (-want +got):\n%s", diff)
			}
			// Each instance points at its entry in the plan.
			if loc := instances[0].Meta.Loc; loc.File != file || loc.StartLine != 8 {
				t.Errorf("%s at %s, want %s:8", instances[0].Meta.ID, loc, file)
			}
		})
	}
}

func messages(errs []error) []string {
	var out []string
	for _, err := range errs {
		out = append(out, err.Error())
	}
	return out
}

func TestState(t *testing.T) {
	t.Parallel()
	const state = `{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{
	  "resources":[{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u",
	    "values":{"name":"u","tags":{"k":"v"}},"sensitive_values":{"tags":{"k":true}}}],
	  "child_modules":[{"resources":[{"address":"module.m.aws_iam_group.g","mode":"managed","type":"aws_iam_group","name":"g",
	    "values":{"name":"g"}}],"address":"module.m"}]}}}`
	got, _, errs := record(t, filepath.Join(t.TempDir(), "state.json"), []byte(state), Options{})
	want := []string{
		`aws_iam_user.u {name:"u" tags:{k:<aws_iam_user.u.tags.k (sensitive)>}}`,
		`module.m.aws_iam_group.g module=module.m {name:"g"}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("instances differ (-want +got):\n%s", diff)
	}
	if len(errs) != 1 { // the missing configuration
		t.Errorf("errors: %v", errs)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"truncated", "{\"format_version\":\"1.2\",\n\"resource_changes\":[{\"address\":",
			"p.json:2:32: invalid plan: unexpected end of input"},
		{"trailing", "{\"format_version\":\"1.2\",\"terraform_version\":\"1.1\"}\n}",
			"p.json:2:1: invalid plan: unexpected text after the JSON object"},
		{"wrong type", "{\"format_version\":\"1.2\",\n\"resource_changes\":[\n  {\"address\":5}]}",
			`p.json:3:14: invalid plan: "address" is not a string`},
		{"wrong type in a resource", "{\"format_version\":\"1.2\",\n\"resource_changes\":[\n  {\"address\":\"a.b\",\"type\":\"aws_iam_role\",\"change\":{\"actions\":\"create\"}}]}",
			"p.json:3:69: invalid plan: unexpected JSON: change.actions is a string, expected tfjson.Actions"},
		{"bad value in skipped section", "{\"format_version\":\"1.2\",\n\"output_changes\":{\"a\":tru}}",
			"p.json:2:26: invalid plan: invalid JSON: invalid character '}' in literal true (expecting 'e')"},
		{"version 2", `{"format_version":"2.0","terraform_version":"9.0.0","planned_values":{}}`,
			`p.json:1:19: invalid plan: unsupported plan format version: "2.0.0" does not satisfy ">= 0.1, < 2.0"`},
		{"state without version", `{"terraform_version":"1.0.0","values":{}}`,
			"p.json:1:1: invalid plan: not a Terraform plan or state: no format_version"},
		{"duplicate section", `{"format_version":"1.2","resource_changes":[],"resource_changes":[]}`,
			`p.json:1:66: invalid plan: duplicate key "resource_changes"`},
		{"key not string", `{"format_version":"1.2",5:1}`,
			"p.json:1:25: invalid plan: object key must be a string"},
		{"not json", "Terraform will perform the following actions:\n",
			"p.json:1:1: not a Terraform plan: expected the JSON of terraform show -json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, errs := record(t, "p.json", []byte(tt.in), Options{TFDir: t.TempDir()})
			var got []string
			for _, err := range errs {
				if ie, ok := err.(*model.InputError); ok && !ie.Warning {
					got = append(got, err.Error())
				}
			}
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("errors differ (-want +got):\n%s", diff)
			}
		})
	}
}

func addNothing(*model.Inventory, tfaws.Instance) bool { return false }

func anyType(string) bool { return true }

// A plan trimmed by hand to its planned values or changes, without
// format_version, is read as the plan it is.
func TestTrimmedPlan(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plan.json")
	want, _, _ := record(t, file, []byte(handPlan), Options{})
	trimmed := strings.Replace(handPlan, `"format_version": "1.2",`, "", 1)
	for name, data := range map[string]string{
		"no format_version":    trimmed,
		"no terraform_version": strings.Replace(trimmed, `"terraform_version": "1.11.4",`, "", 1),
	} {
		t.Run(name, func(t *testing.T) {
			if !Detect([]byte(data)) {
				t.Fatal("not detected as a plan")
			}
			got, _, errs := record(t, file, []byte(data), Options{})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("instances differ (-want +got):\n%s", diff)
			}
			for _, err := range errs {
				if ie, ok := err.(*model.InputError); !ok || !ie.Warning {
					t.Errorf("error: %v", err)
				}
			}
		})
	}
	for _, other := range []string{`{"values":{}}`, `{"Resources":{},"resource_types":[]}`} {
		if Detect([]byte(other)) {
			t.Errorf("Detect(%s) = true, want false", other)
		}
	}
}

// The same plan in UTF-16, with a byte order mark, or after a CI wrapper's
// line reads the same, and lines still count from the file's first line.
func TestEncodings(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "plan.json")
	want, _, _ := record(t, file, []byte(handPlan), Options{})
	for name, data := range map[string][]byte{
		"utf-16le": utf16le(handPlan, true),
		"utf-16be": utf16be(handPlan),
		"bom":      []byte("\xef\xbb\xbf" + handPlan),
		"wrapper":  []byte("[command]/home/runner/terraform-bin show -json tfplan\n" + handPlan + "\n::debug::exitcode: 0\n"),
	} {
		t.Run(name, func(t *testing.T) {
			got, instances, _ := record(t, file, data, Options{})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("instances differ (-want +got):\n%s", diff)
			}
			line := 8
			if name == "wrapper" {
				line = 9
			}
			if loc := instances[0].Meta.Loc; loc.StartLine != line {
				t.Errorf("first instance at line %d, want %d", loc.StartLine, line)
			}
		})
	}
}

// Release is told of the whole file after each pass, and never of a copy
// (UTF-16 input is converted).
func TestRelease(t *testing.T) {
	t.Parallel()
	plan := `{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{}},` +
		`"resource_changes":[],"prior_state":{"values":{"root_module":{}}},"timestamp":"x"}`
	utf16 := []byte{0xff, 0xfe}
	for _, r := range plan {
		utf16 = append(utf16, byte(r), 0)
	}
	// The passes: the top-level scan, the validation of skipped sections,
	// resource_changes, planned_values, prior_state, the outputs.
	passes := func(whole string) []string { return slices.Repeat([]string{whole}, 6) }
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"utf-8", []byte(plan), passes(fmt.Sprintf("0-%d", len(plan)))},
		{"byte order mark", append([]byte("\xef\xbb\xbf"), plan...), passes(fmt.Sprintf("0-%d", len(plan)+3))},
		{"utf-16", utf16, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			opts := Options{Release: func(start, end int) { got = append(got, fmt.Sprintf("%d-%d", start, end)) }}
			if _, errs := Parse(filepath.Join(t.TempDir(), "plan.json"), tt.data, opts); len(errs) > 1 {
				t.Fatal(errs)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("releases differ (-want +got):\n%s", diff)
			}
		})
	}
}
