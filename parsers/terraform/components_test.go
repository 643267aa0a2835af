package terraform

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

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
// reverse order, or on one CPU, the inventory and the errors are the same,
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
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if got := scan(Options{}); got != want {
		t.Errorf("on one CPU:\n%s\nwant (in parallel):\n%s", got, want)
	}
}

// TestComponents groups roots that share module code, directly or through
// other modules, and keeps apart those that share none.
func TestComponents(t *testing.T) {
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
	var roots []*module
	for _, d := range []string{"r1", "r2", "r3", "r4"} {
		roots = append(roots, sc.head(filepath.Join(dir, d)).m)
	}
	got := sc.components(roots)
	want := [][]int{{0, 2}, {1}, {3}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("components = %v, want %v", got, want)
	}
}
