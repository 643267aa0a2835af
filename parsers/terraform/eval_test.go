package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/iacscan/iacscan/syntax"
)

// evalIn evaluates expr in the root module made of files, as a resource
// attribute would be (policy selects the structural reading of policies).
func evalIn(t *testing.T, files map[string]string, expr string, policy bool, opts Options) (*syntax.Node, []error) {
	t.Helper()
	dir := writeModule(t, files)
	opts.Root = dir
	r := newRun(opts)
	m := r.module(dir)
	r.rootDir = dir
	s := r.newScope(m, "", "", 0)
	s.vars = r.rootVariables(m)
	r.sources["expr.tf"] = []byte(expr)
	e, diags := hclsyntax.ParseExpression([]byte(expr), "expr.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", expr, diags)
	}
	return s.node(e, noIteration, policy), r.errs
}

// nodeText writes a tree as JSON-like text; unknown parts start with "?".
func nodeText(n *syntax.Node) string {
	switch n.Kind {
	case syntax.KindUnknown:
		return "?(" + n.Expr + ")"
	case syntax.KindString:
		if n.Unknown {
			return "?" + quote(n.Value)
		}
		return quote(n.Value)
	case syntax.KindList:
		var items []string
		for _, i := range n.Items {
			items = append(items, nodeText(i))
		}
		return "[" + strings.Join(items, ",") + "]"
	case syntax.KindMap:
		var items []string
		for _, e := range n.Entries {
			items = append(items, e.Key+":"+nodeText(e.Value))
		}
		return "{" + strings.Join(items, ",") + "}"
	case syntax.KindNull:
		return "null"
	}
	return n.Value
}

func quote(s string) string { return `"` + s + `"` }

func TestEvaluate(t *testing.T) {
	t.Parallel()
	base := map[string]string{
		"main.tf": `
variable "env"      { default = "dev" }
variable "region"   { type = string }
variable "accounts" { type = list(string) }
variable "tags"     {
  type    = object({ team = string, cost = optional(string, "shared") })
  default = { team = "core" }
}
locals {
  prefix  = "${local.org}-${var.env}"
  org     = "acme"
  arns    = [for a in ["1", "2"] : "arn:aws:iam::${a}:root"]
  bucket  = aws_s3_bucket.b
}
resource "aws_s3_bucket" "b" { bucket = "b" }
`,
		"policy.json": `{"Version": "2012-10-17", "Statement": []}`,
		"tpl.json":    `{"Resource": "arn:aws:s3:::${bucket}/*"}`,
		"data.yaml":   "roles: [a, b]\n",
	}
	tests := []struct {
		expr string
		want string
	}{
		{`local.prefix`, `"acme-dev"`},
		{`var.tags`, `{cost:"shared",team:"core"}`},
		{`var.region`, `?"${var.region}"`},
		{`var.accounts`, `?(var.accounts)`},
		{`local.arns`, `["arn:aws:iam::1:root","arn:aws:iam::2:root"]`},
		{`"${aws_s3_bucket.b.arn}/*"`, `?"${aws_s3_bucket.b.arn}/*"`},
		// A whole resource passed through a local loses its shape: the
		// attributes of an object that is not known cannot be named.
		{`"${local.bucket.arn}/logs/*"`, `?("${local.bucket.arn}/logs/*")`},
		{`aws_iam_role.app[0].name`, `?"${aws_iam_role.app[0].name}"`},
		{`data.aws_caller_identity.me.account_id`, `?"${data.aws_caller_identity.me.account_id}"`},
		{`upper(aws_iam_role.app.name)`, `?"${AWS_IAM_ROLE.APP.NAME}"`},
		{`var.region == "eu-west-1" ? "a" : "b"`, `?"${var.region == "eu-west-1" ? "a" : "b"}"`},
		{`length(var.accounts)`, `?(length(var.accounts))`},
		{`replace("a-b-c", "/-[a-z]$/", "")`, `"a-b"`},
		{`replace("a.b", ".", "/")`, `"a/b"`},
		{`lookup({a = 1}, "b", 2)`, `2`},
		{`coalesce("", "x")`, `"x"`},
		{`index(["a", "b"], "b")`, `1`},
		{`length("héllo")`, `5`},
		{`one(["x"])`, `"x"`},
		{`startswith("arn:aws", "arn:")`, `true`},
		{`try(var.tags.missing, "fallback")`, `"fallback"`},
		{`can(var.tags.missing)`, `false`},
		{`flatten([["a"], ["b", ["c"]]])`, `["a","b","c"]`},
		{`merge({a = 1}, {b = 2})`, `{a:1,b:2}`},
		{`toset(["b", "a", "b"])`, `["a","b"]`},
		{`jsondecode(file("policy.json")).Version`, `"2012-10-17"`},
		{`fileexists("policy.json")`, `true`},
		{`fileexists("nope.json")`, `false`},
		{`file("/etc/passwd")`, `?(file("/etc/passwd"))`},
		{`file("../outside.tf")`, `?(file("../outside.tf"))`},
		{`templatefile("tpl.json", { bucket = "logs" })`, `"{"Resource": "arn:aws:s3:::logs/*"}"`},
		{`yamldecode(file("data.yaml")).roles`, `["a","b"]`},
		{`timestamp()`, `?(timestamp())`},
		{`{ for k, v in { a = "x" } : k => upper(v) }`, `{a:"X"}`},
		{`terraform.workspace`, `"default"`},
		{`[for r in aws_iam_role.all : r.arn]`, `?([for r in aws_iam_role.all : r.arn])`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			n, errs := evalIn(t, base, tt.expr, false, Options{})
			if len(errs) > 0 {
				t.Errorf("errors: %v", errs)
			}
			if got := nodeText(n); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestPolicyStructure(t *testing.T) {
	t.Parallel()
	files := map[string]string{"main.tf": `resource "aws_s3_bucket" "b" { bucket = "b" }`}
	tests := []struct {
		name, expr, want string
	}{
		{"jsonencode keeps known leaves", `jsonencode({ Statement = [{ Effect = "Allow", Resource = "${aws_s3_bucket.b.arn}/*" }] })`,
			`{Statement:[{Effect:"Allow",Resource:?"${aws_s3_bucket.b.arn}/*"}]}`},
		{"heredoc JSON with interpolation", "<<EOF\n{\"Resource\": [\"${aws_s3_bucket.b.arn}\", \"arn:aws:s3:::x/$${aws:username}\"]}\nEOF\n",
			`{Resource:[?"${aws_s3_bucket.b.arn}","arn:aws:s3:::x/${aws:username}"]}`},
		{"conditional with a known condition", `true ? jsonencode({ A = "a" }) : aws_s3_bucket.b.policy`, `{A:"a"}`},
		{"not JSON text stays text", `"arn:aws:iam::aws:policy/ReadOnlyAccess"`, `"arn:aws:iam::aws:policy/ReadOnlyAccess"`},
		{"an unknown policy stays unknown", `aws_s3_bucket.b.policy`, `?"${aws_s3_bucket.b.policy}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, _ := evalIn(t, files, tt.expr, true, Options{})
			if got := nodeText(n); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestVariablePrecedence(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.tf": `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "n" { type = number }
`,
		"terraform.tfvars":    `b = "tfvars"` + "\n" + `c = "tfvars"`,
		"z.auto.tfvars":       `c = "auto"` + "\n" + `d = "auto"`,
		"extra/prod.tfvars":   `d = "var-file"` + "\n" + `e = "var-file"`,
		"extra/unused.tfvars": `a = "never"`,
	}
	dir := writeModule(t, files)
	opts := Options{
		VarFiles: []string{dir + "/extra/prod.tfvars"},
		Vars:     map[string]string{"e": "var", "n": "42"},
		Env:      []string{"TF_VAR_a=env", "TF_VAR_b=env", "PATH=/bin"},
	}
	n, errs := evalIn(t, files, `[var.a, var.b, var.c, var.d, var.e, var.n]`, false, opts)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// evalIn writes the files again into a fresh directory; the var file
	// path above points into the first copy, which holds the same content.
	want := `["env","tfvars","auto","var-file","var",42]`
	if got := nodeText(n); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestLocalCycle(t *testing.T) {
	t.Parallel()
	files := map[string]string{"main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n"}
	n, errs := evalIn(t, files, `local.a`, false, Options{})
	if n.Kind != syntax.KindUnknown {
		t.Errorf("a cyclic local must be unknown, got %s", nodeText(n))
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "refers to itself") {
		t.Errorf("want one cycle error, got %v", errs)
	}
}
