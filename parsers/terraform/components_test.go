package terraform

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/internal/synth"
	"github.com/iacscan/iacscan/model/modeltest"
)

// scheduleConfig is configuration whose roots fall into several components
// (stacks/a and stacks/b share modules/m; x and y share nothing local but
// an installed module, which each reads for itself), with warnings and
// errors in shared code, a module cycle and an ignore comment.
var scheduleConfig = map[string]string{
	"modules/m/main.tf": `variable "name" { type = string }
resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
module "ext" {
  source = "terraform-aws-modules/iam/aws"
}
`,
	"stacks/a/main.tf":                  "module \"m\" {\n  source = \"../../modules/m\"\n  name   = \"a\"\n}\n",
	"stacks/b/main.tf":                  "module \"m\" {\n  source = \"../../modules/m\"\n  name   = \"b\"\n}\n",
	"x/main.tf":                         "module \"inst\" {\n  source = \"acme/inst/aws\"\n}\nresource \"aws_iam_user\" \"x\" { name = \"x\" }\n",
	"x/.terraform/modules/modules.json": `{"Modules":[{"Key":"inst","Source":"acme/inst/aws","Dir":"../vendor/inst"}]}`,
	"y/main.tf":                         "module \"inst\" {\n  source = \"acme/inst/aws\"\n}\n",
	"y/.terraform/modules/modules.json": `{"Modules":[{"Key":"inst","Source":"acme/inst/aws","Dir":"../vendor/inst"}]}`,
	"vendor/inst/main.tf": `variable "v" {}
variable "v" {}
resource "aws_iam_user" "inst" { # iacscan:ignore IAM403 -- service account
  name = "inst"
}
`,
	"self/main.tf": "module \"me\" {\n  source = \"./\"\n}\n",
}

// TestScanIndependentOfScheduling scans roots that share module code and
// roots that do not: evaluated in parallel, one component at a time in
// reverse order, with components found from the parse, or on one CPU, the inventory and the errors are the same,
// and what several components read (the installed module) counts once.
func TestScanIndependentOfScheduling(t *testing.T) {
	dir := writeModule(t, scheduleConfig)
	var dirs []string
	for _, d := range []string{"modules/m", "stacks/a", "stacks/b", "x", "y", "self"} {
		dirs = append(dirs, filepath.Join(dir, filepath.FromSlash(d)))
	}
	scan := func(opts Options) string {
		opts.Root = dir
		inv, errs := Scan(dirs, opts)
		var b strings.Builder
		b.WriteString(modeltest.Dump(inv))
		for _, f := range inv.Files {
			fmt.Fprintf(&b, "file %s\n", f)
		}
		for _, ig := range inv.Ignores {
			fmt.Fprintf(&b, "ignore %v %s\n", ig.Rules, modeltest.Loc(ig.Loc))
		}
		for _, err := range errs {
			fmt.Fprintln(&b, err)
		}
		return strings.ReplaceAll(b.String(), dir+string(filepath.Separator), "")
	}
	want := scan(Options{})
	for _, line := range []string{
		`vendor/inst/main.tf:2:1: Duplicate variable`,
		`modules/m/main.tf:6:1: module "ext": source "terraform-aws-modules/iam/aws" is not installed`,
		`self/main.tf:1:1: module "me": source "./" leads back to this module`,
		`ignore [IAM403] 3:34-4:1`,
		"file vendor/inst/main.tf\n",
	} {
		if n := strings.Count(want, line); n != 1 {
			t.Errorf("%q appears %d times, want once:\n%s", line, n, want)
		}
	}
	for _, id := range []string{`module.m.aws_iam_role.this`, `aws_iam_user.x`, `module.inst.aws_iam_user.inst`} {
		if !strings.Contains(want, id) {
			t.Errorf("%s not scanned:\n%s", id, want)
		}
	}
	if got := scan(Options{inTurn: true}); got != want {
		t.Errorf("one component at a time, last first:\n%s\nwant (in parallel):\n%s", got, want)
	}
	if got := scan(Options{parsedLayout: true}); got != want {
		t.Errorf("components from the parse:\n%s\nwant (from sketches):\n%s", got, want)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if got := scan(Options{}); got != want {
		t.Errorf("on one CPU:\n%s\nwant (in parallel):\n%s", got, want)
	}
}

// TestComponents groups roots that share module code, directly or through
// other modules, and keeps apart those that share none.
func TestComponents(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"lib/base/main.tf": "resource \"aws_iam_user\" \"u\" { name = \"u\" }\n",
		"lib/mid/main.tf":  "module \"base\" {\n  source = \"../base\"\n}\n",
		"r1/main.tf":       "module \"mid\" {\n  source = \"../lib/mid\"\n}\n",
		"r2/main.tf":       "module \"solo\" {\n  source = \"./solo\"\n}\n",
		"r2/solo/main.tf":  "resource \"aws_iam_user\" \"s\" { name = \"s\" }\n",
		"r3/main.tf":       "module \"base\" {\n  source = \"../lib/base\"\n}\n",
		"r4/main.tf":       "module \"far\" {\n  source = \"../../outside\"\n}\n",
	})
	sc := newScanner(Options{Root: dir})
	var dirs []string
	for _, d := range []string{"r1", "r2", "r3", "r4"} {
		dirs = append(dirs, filepath.Join(dir, d))
	}
	want := [][]int{{0, 2}, {1}, {3}}
	for name, lookup := range map[string]func(string) *module{"parsed": sc.headModule, "sketched": sc.sketcher(dirs)} {
		l := sc.layout(dirs, lookup)
		if got := l.comps; !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s: components = %v, want %v", name, got, want)
		}
	}
}

// TestScanBudgetIndependentOfScheduling: when the scan's bound cuts roots
// short, which ones does not depend on the order components finish in.
func TestScanBudgetIndependentOfScheduling(t *testing.T) {
	root := "locals { x = length([for a in range(100): [for b in range(100): b]]) }\n" +
		"resource \"aws_iam_role\" \"use\" { name = local.x }\n"
	files := map[string]string{}
	names := []string{"a", "b", "c", "d", "e", "f"}
	for _, name := range names {
		files[name+"/main.tf"] = root
	}
	dir := writeModule(t, files)
	var dirs []string
	for _, name := range names {
		dirs = append(dirs, filepath.Join(dir, name))
	}
	scan := func(inTurn bool) string {
		limits := testLimits
		inv, errs := Scan(dirs, Options{Root: dir, limits: &limits, inTurn: inTurn})
		var b strings.Builder
		b.WriteString(modeltest.Dump(inv))
		for _, err := range errs {
			fmt.Fprintln(&b, err)
		}
		return b.String()
	}
	want := scan(false)
	if !strings.Contains(want, "in this scan (all root modules)") {
		t.Fatalf("the scan's bound was not hit:\n%s", want)
	}
	if got := scan(true); got != want {
		t.Errorf("one component at a time, last first:\n%s\nwant (in parallel):\n%s", got, want)
	}
}

// TestSynthRepositories scans the generated repositories the benchmarks
// use: valid configuration (no error, no warning), every root and module
// instance evaluated, the same per copy.
func TestSynthRepositories(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := synth.TerraformRepositories(dir, 2); err != nil {
		t.Fatal(err)
	}
	inv, errs := Scan(configDirs(t, dir), Options{Root: dir})
	for _, err := range errs {
		t.Errorf("error: %v", err)
	}
	got := fmt.Sprintf("files %d, identities %d, policies %d, attachments %d, memberships %d",
		len(inv.Files), len(inv.Identities), len(inv.Policies), len(inv.Attachments), len(inv.Memberships))
	// Per copy: 24 module files and 100 root files; 80 users and groups,
	// 120 roles (a root calls svcN twice, and svcN calls svcN-1 … svc0);
	// a trust and an inline policy per role, a managed policy and an unused
	// document per root; ReadOnlyAccess per role, one group attachment and
	// three memberships per root.
	if want := "files 248, identities 400, policies 560, attachments 280, memberships 120"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestSketchMisread scans configuration whose module calls the sketch
// misreads (a source written as a template, so that the module it calls
// looks like a root; a heredoc that looks like a module block): the scan
// notices and gives what components from the parse give.
func TestSketchMisread(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"lib/main.tf": "resource \"aws_iam_user\" \"u\" { name = \"u\" }\n",
		"a/main.tf":   "module \"lib\" {\n  source = \"../${\"lib\"}\"\n}\n",
		"c/main.tf":   "resource \"aws_iam_user\" \"c\" {\n  name = \"c\"\n  tags = { note = <<EOT\nmodule \"x\" {\n  source = \"./x\"\n}\nEOT\n  }\n}\n",
	})
	var dirs []string
	for _, d := range []string{"lib", "a", "c"} {
		dirs = append(dirs, filepath.Join(dir, d))
	}
	sc := newScanner(Options{Root: dir})
	if sc.layout(dirs, sc.sketcher(dirs)).same(sc.layout(dirs, sc.headModule)) {
		t.Fatal("the sketch reads these calls right: the test does not test the check")
	}
	scan := func(opts Options) string {
		opts.Root = dir
		inv, errs := Scan(dirs, opts)
		var b strings.Builder
		b.WriteString(modeltest.Dump(inv))
		for _, f := range inv.Files {
			fmt.Fprintf(&b, "file %s\n", f)
		}
		for _, err := range errs {
			fmt.Fprintln(&b, err)
		}
		return strings.ReplaceAll(b.String(), dir+string(filepath.Separator), "")
	}
	want := scan(Options{parsedLayout: true})
	for _, id := range []string{"user module.lib.aws_iam_user.u", "user aws_iam_user.c"} {
		if !strings.Contains(want, id) {
			t.Errorf("%s not scanned:\n%s", id, want)
		}
	}
	if strings.Contains(want, "user aws_iam_user.u") {
		t.Errorf("lib evaluated as a root:\n%s", want)
	}
	if got := scan(Options{}); got != want {
		t.Errorf("from sketches:\n%s\nwant (from the parse):\n%s", got, want)
	}
}

// TestSketchReadsRealCalls: on the generated repositories, the fixtures
// and the shared corpus, sketches find the calls the parse finds, so that
// every module is parsed once.
func TestSketchReadsRealCalls(t *testing.T) {
	t.Parallel()
	gen := t.TempDir()
	if err := synth.TerraformRepositories(gen, 1); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, root string) {
		dirs := configDirs(t, root)
		sc := newScanner(Options{Root: root})
		if !sc.layout(dirs, sc.sketcher(dirs)).same(sc.layout(dirs, sc.headModule)) {
			t.Errorf("%s: the sketches differ from the parse", root)
		}
	}
	check(t, gen)
	t.Run("fixtures", func(t *testing.T) { check(t, filepath.Join("..", "..", "fixtures")) })
	t.Run("corpus", func(t *testing.T) { check(t, corpusDir(t, "terraform")) })
}

func TestSketchSources(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ src, want string }{
		{"module \"a\" {\n  source = \"./a\"\n}\n", "./a"},
		{"module \"a\" {\n  count  = 2\n  source = \"../a\" # local\n  name   = \"x\"\n}\n", "../a"},
		{"module \"a\" { source = \"./a\" }\n", "./a"},
		{"module \"a\" { # the app\n  source=\"./a\"\n}\n", "./a"},
		{"module \"r\" {\n  source  = \"terraform-aws-modules/iam/aws\"\n  version = \"5.0\"\n}\n", "terraform-aws-modules/iam/aws"},
		{"module \"t\" {\n  source = \"./${var.x}\"\n}\n", ""},
		{"module \"e\" {\n  source = \"./a\\\\b\"\n}\n", ""},
		{"module \"n\" {\n  name = \"x\"\n}\nresource \"aws_s3_object\" \"o\" {\n  source = \"./file\"\n}\n", ""},
		{"resource \"aws_s3_object\" \"o\" {\n  source = \"./file\"\n}\n", ""},
		{"module_name = {\n  source = \"./a\"\n}\n", ""},
		{"module \"a\" {\n  source = \"./a\"\n}\nmodule \"b\" {\n  source = \"./b\"\n}\n", "./a ./b"},
	} {
		if got := strings.Join(sketchSources([]byte(tc.src)), " "); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.src, got, tc.want)
		}
	}
}
