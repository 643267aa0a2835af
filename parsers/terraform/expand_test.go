package terraform

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{{
		name: "count and for_each give addressed instances",
		files: map[string]string{"main.tf": `
resource "aws_iam_user" "u" {
  count = 2
  name  = "u${count.index}"
}
resource "aws_iam_group" "g" {
  for_each = { dev = "developers", ops = "operators" }
  name     = each.value
}
resource "aws_iam_role" "none" {
  count = 0
  name  = "never"
}`},
		want: []string{
			`group aws_iam_group.g["dev"] name=developers`,
			`group aws_iam_group.g["ops"] name=operators`,
			`user aws_iam_user.u[0] name=u0`,
			`user aws_iam_user.u[1] name=u1`,
		},
	}, {
		name: "unknown count and for_each give one symbolic instance",
		files: map[string]string{"main.tf": `
variable "n" { type = number }
variable "names" { type = set(string) }
resource "aws_iam_user" "counted" {
  count = var.n
  name  = "u${count.index}"
}
resource "aws_iam_user" "each" {
  for_each = var.names
  name     = each.key
}
resource "aws_iam_user" "computed_keys" {
  for_each = toset([aws_iam_role.r.name])
  name     = each.value
}
resource "aws_iam_role" "r" {}`},
		want: []string{
			`role aws_iam_role.r name=?${aws_iam_role.r.name}`,
			`user aws_iam_user.computed_keys name=?${each.value} (may apply)`,
			`user aws_iam_user.counted name=?${"u${count.index}"} (may apply)`,
			`user aws_iam_user.each name=?${each.key} (may apply)`,
		},
	}, {
		name: "references by computed key name the instance",
		files: map[string]string{"main.tf": `
resource "aws_iam_role" "r" {
  for_each = toset(["a", "b"])
  name     = each.key
}
resource "aws_iam_role_policy_attachment" "ro" {
  for_each   = toset(["a", "b"])
  role       = aws_iam_role.r[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}`},
		want: []string{
			`attach aws_iam_role_policy_attachment.ro["a"] arn:aws:iam::aws:policy/ReadOnlyAccess -> role aws_iam_role.r["a"]`,
			`attach aws_iam_role_policy_attachment.ro["b"] arn:aws:iam::aws:policy/ReadOnlyAccess -> role aws_iam_role.r["b"]`,
			`role aws_iam_role.r["a"] name=a`,
			`role aws_iam_role.r["b"] name=b`,
		},
	}, {
		name: "dynamic blocks, known and unknown",
		files: map[string]string{"main.tf": `
variable "extra" { type = list(string) }
data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = { read = "s3:GetObject", write = "s3:PutObject" }
    content {
      sid       = statement.key
      actions   = [statement.value]
      resources = ["*"]
    }
  }
  dynamic "statement" {
    for_each = var.extra
    iterator = x
    content {
      actions   = [x.value]
      resources = ["*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = data.aws_iam_policy_document.d.json
}`},
		want: []string{
			`managed aws_iam_policy.p v=2012-10-17 [read:Allow s3:GetObject on *] [write:Allow s3:PutObject on *] [Allow ?x.value on *]`,
		},
	}, {
		name: "aws_iam_policy_document as the provider renders it",
		files: map[string]string{"main.tf": `
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "Keep"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::b"]
  }
}
data "aws_iam_policy_document" "override" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/home/&{aws:username}/*"]
  }
}
data "aws_iam_policy_document" "layered" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.override.json]
  statement {
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl", "sns:Publish"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-1"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-2"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = data.aws_iam_policy_document.layered.json
}`},
		want: []string{
			`resource aws_s3_bucket_policy.b owner=b v=2012-10-17 [Read:Allow s3:GetObject on arn:aws:s3:::b/home/${aws:username}/*] [Keep:Allow s3:ListBucket on arn:aws:s3:::b] ` +
				`[Allow sqs:SendMessage,sqs:GetQueueUrl,sns:Publish on * by AWS=arn:aws:iam::444455556666:root,arn:aws:iam::111122223333:root if StringEquals aws:PrincipalOrgID o-1,o-2] ` +
				`[Deny * on * by *]`,
		},
	}, {
		name: "local modules: inputs, outputs, nesting, addresses",
		files: map[string]string{
			"main.tf": `
module "app" {
  source = "./modules/app"
  name   = "app"
}
resource "aws_iam_role_policy_attachment" "extra" {
  role       = module.app.role_name
  policy_arn = module.app.policy_arn
}`,
			"modules/app/main.tf": `
variable "name" { type = string }
resource "aws_iam_role" "this" { name = var.name }
module "policy" {
  source = "../policy"
  name   = "${var.name}-policy"
}
output "role_name"  { value = aws_iam_role.this.name }
output "policy_arn" { value = module.policy.arn }`,
			"modules/policy/main.tf": `
variable "name" { type = string }
resource "aws_iam_policy" "this" {
  name   = var.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
output "arn" { value = aws_iam_policy.this.arn }`,
		},
		want: []string{
			`attach aws_iam_role_policy_attachment.extra module.app.module.policy.aws_iam_policy.this -> role module.app.aws_iam_role.this`,
			`managed module.app.module.policy.aws_iam_policy.this v=2012-10-17`,
			`role module.app.aws_iam_role.this name=app`,
		},
	}, {
		name: "modules installed by terraform init",
		files: map[string]string{
			"main.tf": `
module "iam" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-user"
  version = "5.0.0"
  name    = "registry-user"
}`,
			".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},` +
				`{"Key":"iam","Source":"registry.terraform.io/terraform-aws-modules/iam/aws//modules/iam-user","Version":"5.0.0","Dir":".terraform/modules/iam/modules/iam-user"}]}`,
			".terraform/modules/iam/modules/iam-user/main.tf": `
variable "name" { type = string }
resource "aws_iam_user" "this" { name = var.name }`,
		},
		want: []string{`user module.iam.aws_iam_user.this name=registry-user`},
	}, {
		name: "outputs and providers expose credentials",
		files: map[string]string{"main.tf": `
provider "aws" {
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}
resource "aws_iam_access_key" "k" { user = "ci" }
output "secret" { value = aws_iam_access_key.k.secret }
resource "aws_instance" "web" {
  ami       = "ami-1"
  user_data = "export AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.k.secret}"
}`},
		want: []string{
			`exposure aws_instance.web user-data user_data=?export AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.k.secret} [{aws_iam_access_key.k secret}]`,
			`exposure output.secret output secret=?${aws_iam_access_key.k.secret} [{aws_iam_access_key.k secret}]`,
			`exposure provider.aws provider access_key=AKIAIOSFODNN7EXAMPLE []`,
			`exposure provider.aws provider secret_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY []`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, tt.files)
			inv := scanDir(t, dir, Options{})
			if diff := cmp.Diff(tt.want, describe(inv)); diff != "" {
				t.Errorf("inventory differs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnresolvedModule(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.tf": `
module "remote" {
  source = "git::https://example.com/iam.git"
}
module "remote_again" {
  source = "git::https://example.com/iam.git"
}`})
	_, errs := Scan([]string{dir}, Options{Root: dir})
	if len(errs) != 2 {
		t.Fatalf("want one warning per call, got %v", errs)
	}
	for _, err := range errs {
		if !strings.Contains(err.Error(), "not installed") || !strings.Contains(err.Error(), "main.tf:") {
			t.Errorf("unexpected error: %v", err)
		}
	}
}

func TestJSONConfiguration(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.tf.json": `{
  "variable": {"name": {"default": "app"}},
  "resource": {
    "aws_iam_role": {"app": {"name": "${var.name}", "inline_policy": {"name": "p", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}}},
    "aws_iam_policy": {"p": {"count": 2, "name": "p${count.index}", "policy": "${jsonencode({Statement = []})}"}}
  }
}`})
	inv := scanDir(t, dir, Options{})
	want := []string{
		`inline aws_iam_role.app inline_policy[0] owner=aws_iam_role.app v=2012-10-17 [Allow * on *]`,
		`managed aws_iam_policy.p[0] `,
		`managed aws_iam_policy.p[1] `,
		`role aws_iam_role.app name=app`,
	}
	if diff := cmp.Diff(want, describe(inv)); diff != "" {
		t.Errorf("inventory differs (-want +got):\n%s", diff)
	}
}
