package terraform

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iacscan/iacscan/model"
)

// doubling is a chain of locals each twice the one before, ending in a
// value of 2^levels times the first.
func doubling(levels int, first, twice string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "locals {\n  l0 = %s\n", first)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "  l%d = %s\n", i, strings.ReplaceAll(twice, "PREV", fmt.Sprintf("local.l%d", i-1)))
	}
	fmt.Fprintf(&b, "  x = length(local.l%d)\n}\n", levels)
	return b.String()
}

// testLimits are the bounds that take time to reach, lowered so that tests
// reach them in milliseconds; the code that enforces them is the same.
var testLimits = workLimits{work: 1 << 16, scanWork: 1 << 17, rootInstances: 5000}

// TestBounds scans configuration that would take hours or all memory to
// evaluate: each scan ends, with a warning at the expression or block where
// a bound was hit.
func TestBounds(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // main.tf uses local.x
		want  string            // file:line:col: message start of the first warning
	}{{
		name:  "nested for expressions",
		files: map[string]string{"main.tf": "locals { x = [for a in range(1000): [for b in range(1000): [for c in range(1000): c]]] }\n"},
		want:  "main.tf:1:14: iacscan does not evaluate this expression: it takes more than 65536 steps",
	}, {
		name:  "doubling strings",
		files: map[string]string{"main.tf": doubling(40, `"xxxxxxxxxxxxxxxx"`, `"${PREV}${PREV}"`)},
		want:  "main.tf:18:9: iacscan does not evaluate this expression: it takes a value of more than 1048576 elements and bytes",
	}, {
		name:  "doubling lists",
		files: map[string]string{"main.tf": doubling(40, `[1, 2, 3, 4, 5, 6, 7, 8]`, `concat(PREV, PREV)`)},
		want:  "main.tf:13:9: iacscan does not evaluate this expression: it takes more than 65536 steps",
	}, {
		name:  "setproduct",
		files: map[string]string{"main.tf": "locals { \n  l = range(20)\n  x = setproduct(local.l, local.l, local.l, local.l, local.l, local.l, local.l) }\n"},
		want:  "main.tf:3:7: iacscan does not evaluate this expression: it takes setproduct() with a result of more than 1048576",
	}, {
		name:  "replace between every character",
		files: map[string]string{"main.tf": "locals {\n  s = join(\"\", [for i in range(1000): \"abcdefghij\"])\n  x = replace(local.s, \"\", local.s) }\n"},
		want:  "main.tf:3:7: iacscan does not evaluate this expression: it takes replace() with a result",
	}, {
		name:  "format width",
		files: map[string]string{"main.tf": `locals { x = format("%0999999999d", 1) }` + "\n"},
		want:  "main.tf:1:14: iacscan does not evaluate this expression: it takes format() with a result",
	}, {
		name:  "indent",
		files: map[string]string{"main.tf": `locals { x = indent(100000000, "a\nb") }` + "\n"},
		want:  "main.tf:1:14: iacscan does not evaluate this expression: it takes indent() with a result",
	}, {
		name: "yaml aliases",
		files: map[string]string{"main.tf": `locals { x = yamldecode("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n` +
			`c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n` +
			`f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n") }` + "\n"},
		want: "main.tf:1:14: iacscan does not evaluate this expression: it takes yamldecode() with a result",
	}, {
		name:  "number literal of a hundred million digits",
		files: map[string]string{"main.tf": `resource "aws_iam_role" "r" { name = "${1e100000000}" }` + "\n"},
		want:  "main.tf:1:41: iacscan does not evaluate this expression: it takes a number of more than 1000 digits",
	}, {
		name:  "index of a hundred million digits",
		files: map[string]string{"main.tf": `resource "aws_iam_role" "r" { name = aws_iam_role.x[1e100000000].arn }` + "\n"},
		want:  "main.tf:1:38: iacscan does not evaluate this expression: it takes a number of more than 1000 digits",
	}, {
		name:  "multiplied numbers",
		files: map[string]string{"main.tf": "locals { x = 1e900 * 1e900 }\n"},
		want:  "main.tf:1:14: iacscan does not evaluate this expression: it takes a number of more than 1000 digits",
	}, {
		name:  "variable default",
		files: map[string]string{"main.tf": "variable \"v\" { default = [for a in [1e900]: a * a] }\n"},
		want:  "main.tf:1:26: iacscan does not evaluate this expression: it takes a number of more than 1000 digits",
	}, {
		name:  "count over the instance bound",
		files: map[string]string{"main.tf": "resource \"aws_iam_user\" \"u\" {\n  count = 5000\n  name  = \"u${count.index}\"\n}\n"},
		want:  "main.tf:2:11: count is 5000: iacscan scans only the first 1000 instances",
	}, {
		name: "for_each over the instance bound",
		files: map[string]string{"main.tf": "resource \"aws_iam_user\" \"u\" {\n  for_each = toset([for i in range(1024): tostring(i)])\n" +
			"  name = each.key\n}\n"},
		want: "main.tf:2:14: for_each has 1024 elements: iacscan scans only the first 1000 instances",
	}, {
		name: "nested dynamic blocks",
		files: map[string]string{"main.tf": `resource "aws_iam_role" "r" {
  count = 1000
  name  = "r"
  dynamic "inline_policy" {
    for_each = range(1000)
    content {
      name = "p"
      dynamic "x" {
        for_each = range(1000)
        content { y = 1 }
      }
    }
  }
}
`},
		want: "main.tf:8:7: the root module DIR has more than 5000 resource instances and dynamic blocks",
	}, {
		name: "module instances times resource instances",
		files: map[string]string{
			"main.tf":   "module \"m\" {\n  source = \"./m\"\n  count  = 100\n}\n",
			"m/main.tf": "resource \"aws_iam_user\" \"u\" {\n  count = 100\n  name  = \"u${count.index}\"\n}\n",
		},
		want: "m/main.tf:1:1: the root module DIR has more than 5000 resource instances and dynamic blocks",
	}, {
		name:  "fileset walking a large tree for every instance",
		files: manyFiles(700, "main.tf", "locals { x = length(flatten([for i in range(100) : fileset(path.module, \"**/none\")])) }\n"),
		want:  "main.tf:1:14: iacscan does not evaluate this expression: it takes more than 65536 steps",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.files["use.tf"] = "resource \"aws_iam_role\" \"use\" { name = local.x }\n"
			dir := writeModule(t, tt.files)
			limits := testLimits
			_, errs := Scan([]string{dir}, Options{Root: dir, limits: &limits})
			want := filepath.Join(dir, strings.ReplaceAll(tt.want, "DIR", dir))
			var got []string
			for _, err := range errs {
				var ie *model.InputError
				if errors.As(err, &ie) && ie.Warning {
					got = append(got, err.Error())
				}
			}
			if len(got) == 0 || !strings.HasPrefix(got[0], want) {
				t.Errorf("first warning = %q, want one starting %q (all errors: %v)", got, want, errs)
			}
		})
	}
}

// TestBoundsKeepRealValues checks that values well within the bounds are
// evaluated as before.
func TestBoundsKeepRealValues(t *testing.T) {
	got, errs := evalIn(t, map[string]string{"main.tf": `locals {
  users = [for i in range(100) : "user${i}"]
  pairs = setproduct(["a", "b"], local.users)
}`}, `length(flatten([for p in local.pairs : [for u in local.users : "${p[0]}-${u}"]]))`, false, Options{})
	if len(errs) != 0 || nodeText(got) != "20000" {
		t.Errorf("got %s, errors %v; want 20000 and no error", nodeText(got), errs)
	}
}

// TestScanBudget scans five root modules that each stay well within their
// own bound but together exceed the scan's: the last ones are cut short,
// with a warning at the expression that hit the bound.
func TestScanBudget(t *testing.T) {
	root := "locals { x = length([for a in range(100): [for b in range(100): b]]) }\n" +
		"resource \"aws_iam_role\" \"use\" { name = local.x }\n"
	files := map[string]string{}
	var dirs []string
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		files[name+"/main.tf"] = root
	}
	dir := writeModule(t, files)
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		dirs = append(dirs, filepath.Join(dir, name))
	}
	limits := testLimits
	_, errs := Scan(dirs, Options{Root: dir, limits: &limits})
	if len(errs) == 0 {
		t.Fatal("no warning: the scan's bound was not hit")
	}
	for _, err := range errs {
		msg := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator))
		if !strings.Contains(msg, "/main.tf:1:14: iacscan does not evaluate this expression: it takes more than 131072 steps of evaluation in this scan (all root modules)") &&
			!strings.Contains(msg, "/main.tf:2:40: iacscan does not evaluate this expression: it takes more than 131072 steps of evaluation in this scan") {
			t.Errorf("unexpected error %s", msg)
		}
		if strings.HasPrefix(msg, "a/") || strings.HasPrefix(msg, "b/") {
			t.Errorf("the first roots are within the scan's bound: %s", msg)
		}
	}
}

// TestModuleCycles warns about modules that call themselves or each other:
// no root reaches them, so they are not evaluated (on main: in silence).
func TestModuleCycles(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"self/main.tf": "module \"me\" {\n  source = \"./\"\n}\nresource \"aws_iam_user\" \"u\" { name = \"u\" }\n",
		"a/main.tf":    "module \"b\" {\n  source = \"../b\"\n}\n",
		"b/main.tf":    "module \"a\" {\n  source = \"../a\"\n}\n",
		"ok/main.tf":   "resource \"aws_iam_user\" \"ok\" { name = \"ok\" }\n",
	})
	var dirs []string
	for _, d := range []string{"self", "a", "b", "ok"} {
		dirs = append(dirs, filepath.Join(dir, d))
	}
	inv, errs := Scan(dirs, Options{Root: dir})
	var got []string
	for _, err := range errs {
		got = append(got, strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	}
	want := []string{
		`self/main.tf:1:1: module "me": source "./" leads back to this module (a cycle Terraform rejects); the modules of the cycle are not evaluated`,
		`a/main.tf:1:1: module "b": source "../b" leads back to this module (a cycle Terraform rejects); the modules of the cycle are not evaluated`,
		`b/main.tf:1:1: module "a": source "../a" leads back to this module (a cycle Terraform rejects); the modules of the cycle are not evaluated`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(inv.Identities) != 1 || inv.Identities[0].ID != "aws_iam_user.ok" {
		t.Errorf("identities = %v, want aws_iam_user.ok", inv.Identities)
	}
}

// manyFiles returns n small files under data/ and the file name with content.
func manyFiles(n int, name, content string) map[string]string {
	files := map[string]string{name: content}
	for i := range n {
		files[fmt.Sprintf("data/f%d.txt", i)] = "x"
	}
	return files
}

// TestScanTimeBound scans four roots, each costing seconds of evaluation
// within its steps (a template formatting a million numbers), under a
// scan-wide time bound of 300ms: the scan ends in about that time, not
// four roots' worth, and each root is warned about where it was cut short.
func TestScanTimeBound(t *testing.T) {
	files := map[string]string{}
	for i := range 4 {
		files[fmt.Sprintf("r%d/main.tf", i)] = "locals {\n  a = [for i in range(1000) : [for j in range(1000) : \"${i}-${j}\"]]\n}\n" +
			"resource \"aws_iam_user\" \"u\" {\n  name = \"u${length(local.a)}\"\n}\n"
	}
	dir := writeModule(t, files)
	var roots []string
	for i := range 4 {
		roots = append(roots, filepath.Join(dir, fmt.Sprintf("r%d", i)))
	}
	limits := workLimits{work: maxWork, scanWork: maxScanWork, rootInstances: maxRootInstances, scanTime: 300 * time.Millisecond}
	start := time.Now()
	inv, errs := Scan(roots, Options{Root: dir, limits: &limits})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the scan took %v, want about 300ms", took)
	}
	if len(inv.Identities) != 4 {
		t.Errorf("%d identities, want the 4 users (with unknown names)", len(inv.Identities))
	}
	cut := map[string]bool{}
	for _, err := range errs {
		var ie *model.InputError
		if errors.As(err, &ie) && ie.Warning && strings.Contains(ie.Message, "more than 300ms of evaluation in this scan (all root modules)") {
			cut[filepath.Base(filepath.Dir(ie.Loc.File))] = true
		}
	}
	if len(cut) != 4 {
		t.Errorf("roots warned about the time bound: %v, want r0 to r3; errors: %v", cut, errs)
	}
}
