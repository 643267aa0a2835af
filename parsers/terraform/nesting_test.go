package terraform

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/internal/synth"
	"github.com/iacscan/iacscan/model"
)

// TestNesting scans configuration nested deeper than hcl's parser can
// recurse (on main, each case killed the process with "fatal error: stack
// overflow"): the file is reported at the bracket past the bound, and the
// other files of the module are still scanned.
func TestNesting(t *testing.T) {
	t.Parallel()
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string // file:line:col: message of the error
	}{{
		name:  "brackets in .tf",
		files: map[string]string{"deep.tf": string(synth.NestedBrackets(70_000))},
		want:  "deep.tf:2:1006: nested too deeply",
	}, {
		name:  "parentheses in .tf",
		files: map[string]string{"deep.tf": "locals {\n  x = " + deep("(", ")", 70_000) + "\n}\n"},
		want:  "deep.tf:2:1006: nested too deeply",
	}, {
		name:  "templates in .tf",
		files: map[string]string{"deep.tf": "locals {\n  x = " + deep(`"${`, `}"`, 40_000) + "\n}\n"},
		want:  "deep.tf:2:",
	}, {
		name:  "arrays in .tf.json",
		files: map[string]string{"deep.tf.json": `{"locals": {"x": ` + deep("[", "]", 70_000) + "}}\n"},
		want:  "deep.tf.json:1:",
	}, {
		name:  "template in a .tf.json string",
		files: map[string]string{"deep.tf.json": `{"locals": {"x": "${` + deep("[", "]", 70_000) + `}"}}` + "\n"},
		want:  "deep.tf.json:1:18: nested too deeply",
	}, {
		name:  "terraform.tfvars",
		files: map[string]string{"terraform.tfvars": "v = " + deep("[", "]", 70_000) + "\n", "vars.tf": "variable \"v\" {}\n"},
		want:  "terraform.tfvars:1:1005: nested too deeply",
	}, {
		name: "templatefile",
		files: map[string]string{
			"policy.tpl": deep("${", "}", 40_000),
			"tpl.tf":     "resource \"aws_iam_policy\" \"p\" {\n  policy = templatefile(\"${path.module}/policy.tpl\", {})\n}\n",
		},
		want: "tpl.tf:2:12: iacscan does not evaluate this expression: it takes a template nested more than 1000 levels deep",
	}, {
		name:  "unary operators",
		files: map[string]string{"deep.tf": "locals {\n  x = " + strings.Repeat("!", 400_000) + "true\n}\n"},
		want:  "deep.tf:2:1006: nested too deeply",
	}, {
		name:  "negations",
		files: map[string]string{"deep.tf": "locals {\n  x = " + strings.Repeat("-", 400_000) + "1\n}\n"},
		want:  "deep.tf:2:1006: nested too deeply",
	}, {
		name:  "conditionals",
		files: map[string]string{"deep.tf": "locals {\n  x = " + strings.Repeat("true ? 1 : ", 1_000_000) + "2\n}\n"},
		want:  "deep.tf:2:11001: nested too deeply",
	}, {
		name:  "a binary chain",
		files: map[string]string{"deep.tf": "locals {\n  x = 1" + strings.Repeat(" + 1", 400_000) + "\n}\n"},
		want:  "deep.tf:2:4005: nested too deeply",
	}, {
		name:  "index steps",
		files: map[string]string{"deep.tf": "locals {\n  x = [1]" + strings.Repeat("[0]", 400_000) + "\n}\n"},
		want:  "deep.tf:2:3004: nested too deeply",
	}, {
		name:  "splats",
		files: map[string]string{"deep.tf": "locals {\n  x = [1]" + strings.Repeat("[*]", 400_000) + "\n}\n"},
		want:  "deep.tf:2:3001: nested too deeply",
	}, {
		name:  "function calls",
		files: map[string]string{"deep.tf": "locals {\n  x = " + deep("tolist(", ")", 100_000) + "\n}\n"},
		want:  "deep.tf:2:7006: nested too deeply",
	}, {
		name:  "if directives",
		files: map[string]string{"deep.tf": "locals {\n  x = \"" + deep("%{if true}", "%{endif}", 400_000) + "\"\n}\n"},
		want:  "deep.tf:2:9980: nested too deeply",
	}, {
		name:  "for directives",
		files: map[string]string{"deep.tf": "locals {\n  x = \"" + deep("%{for x in [1]}", "%{endfor}", 400_000) + "\"\n}\n"},
		want:  "deep.tf:2:14935: nested too deeply",
	}, {
		name:  "unary operators in a .tf.json string",
		files: map[string]string{"deep.tf.json": `{"locals": {"x": "${` + strings.Repeat("!", 400_000) + `true}"}}` + "\n"},
		want:  "deep.tf.json:1:18: nested too deeply",
	}, {
		name:  "blocks",
		files: map[string]string{"deep.tf": "resource \"aws_iam_role\" \"r\" {\n" + deep("dynamic \"a\" {\n", "}\n", 1_000_000) + "}\n"},
		want:  "deep.tf:1001:9: nested too deeply",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.files["role.tf"] = `resource "aws_iam_role" "kept" { name = "kept" }` + "\n"
			dir := writeModule(t, tt.files)
			inv, errs := Scan([]string{dir}, Options{Root: dir})
			if len(inv.Identities) != 1 || inv.Identities[0].ID != "aws_iam_role.kept" {
				t.Errorf("identities = %v, want aws_iam_role.kept", inv.Identities)
			}
			want := filepath.Join(dir, tt.want)
			var found []string
			for _, err := range errs {
				var ie *model.InputError
				if errors.As(err, &ie) {
					found = append(found, err.Error())
				}
			}
			if len(found) != 1 || !strings.HasPrefix(found[0], want) {
				t.Errorf("errors = %q, want one starting %q", found, want)
			}
		})
	}
}

// TestNestingKeepsRealDepth checks that configuration nested as deep as
// real configuration ever is still parses.
func TestNestingKeepsRealDepth(t *testing.T) {
	t.Parallel()
	src := "locals {\n  x = " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n}\n"
	if d := CheckNesting([]byte(src), "a.tf", false); d != nil {
		t.Errorf("200 levels refused: %v", d)
	}
	js := `{"locals": {"x": "` + strings.Repeat("{", 5000) + `"}}`
	if d := CheckNesting([]byte(js), "a.tf.json", true); d != nil {
		t.Errorf("a string of 5000 unbalanced braces (no template) refused: %v", d)
	}
}

// TestNestingKeepsRealExpressions checks that expressions real
// configuration writes, however many, pass: operators and conditionals
// count only inside one item, and a comma or a new line of a body or
// object ends it.
func TestNestingKeepsRealExpressions(t *testing.T) {
	t.Parallel()
	many := func(item string, n int) string { return strings.Repeat(item, n) }
	for name, src := range map[string]string{
		"list items":       "locals {\n  x = [" + many("!a, -1, b ? 1 : 2, c[0][*], ", 5000) + "]\n}\n",
		"object items":     "locals {\n  x = {\n" + many("    a = !b && c || d == -1 ? e[0] : f.*.g\n", 5000) + "  }\n}\n",
		"arguments":        "locals {\n" + many("  a = !b && c || d == -1 ? e[0] : f.*.g\n", 5000) + "}\n",
		"function args":    "locals {\n  x = concat(" + many("[!a], ", 5000) + ")\n}\n",
		"template":         "locals {\n  x = \"" + many("%{if a}${!b}%{endif}%{for x in y}${x + 1}%{endfor}", 5000) + "\"\n}\n",
		"arithmetic depth": "locals {\n  x = " + strings.Repeat("(a + ", 300) + "1" + strings.Repeat(")", 300) + "\n}\n",
	} {
		if d := CheckNesting([]byte(src), "a.tf", false); d != nil {
			t.Errorf("%s refused: %v", name, d)
		}
	}
}
