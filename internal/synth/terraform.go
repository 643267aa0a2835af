package synth

import (
	"fmt"
	"os"
	"path/filepath"
)

// TerraformRepositories writes into dir n copies of a Terraform repository
// (repo000, repo001, …), the way a monorepo holds many projects: each has
// five local modules (an IAM role with a trust document, a dynamic
// statement per bucket, an inline policy, a managed attachment; one module
// calls another) and twenty root modules that call them with for_each and
// count, declare users, groups and policies from jsonencode locals, and
// leave one policy document unattached. Copies share no code, as copied
// repositories do not; the roots of one copy share its modules.
func TerraformRepositories(dir string, n int) error {
	for r := range n {
		if err := terraformRepository(filepath.Join(dir, fmt.Sprintf("repo%03d", r))); err != nil {
			return err
		}
	}
	return nil
}

func terraformRepository(dir string) error {
	files := make(map[string]string)
	for m := range 5 {
		mod := fmt.Sprintf("modules/svc%d/", m)
		files[mod+"variables.tf"] = `variable "name" { type = string }
variable "buckets" {
  type    = list(string)
  default = ["logs", "data"]
}
variable "tags" {
  type    = map(string)
  default = {}
}
`
		files[mod+"role.tf"] = `resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.trust.json
  tags               = merge(var.tags, { module = "svc" })
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}
`
		files[mod+"policy.tf"] = `data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.buckets
    content {
      sid       = "Bucket${statement.key}"
      actions   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
      resources = ["arn:aws:s3:::${var.name}-${statement.value}", "arn:aws:s3:::${var.name}-${statement.value}/*"]
    }
  }
  statement {
    sid       = "Queue"
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
    resources = [for q in ["in", "out"] : "arn:aws:sqs:eu-west-1:111122223333:${var.name}-${q}"]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-inline"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_iam_role_policy_attachment" "ro" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`
		files[mod+"outputs.tf"] = `output "arn" { value = aws_iam_role.this.arn }
output "name" { value = aws_iam_role.this.name }
`
		if m > 0 {
			files[mod+"nested.tf"] = fmt.Sprintf(`module "base" {
  source  = "../svc%d"
  name    = "${var.name}-base"
  buckets = slice(var.buckets, 0, 1)
}
`, m-1)
		}
	}
	for r := range 20 {
		root := fmt.Sprintf("stacks/stack%02d/", r)
		files[root+"main.tf"] = fmt.Sprintf(`module "svc" {
  source   = "../../modules/svc%d"
  for_each = toset(["api", "worker"])
  name     = "${local.prefix}-${each.key}"
  buckets  = [for b in var.buckets : "${local.prefix}-${b}"]
  tags     = local.tags
}
`, r%5)
		files[root+"variables.tf"] = fmt.Sprintf(`variable "env" { default = "prod" }
variable "buckets" {
  type    = list(string)
  default = ["assets", "reports", "exports"]
}
locals {
  prefix = "${var.env}-stack%d"
  tags   = { env = var.env, stack = "%d" }
}
`, r, r)
		files[root+"users.tf"] = `resource "aws_iam_user" "u" {
  count = 3
  name  = "${local.prefix}-user${count.index}"
}

resource "aws_iam_group" "devs" { name = "${local.prefix}-devs" }

resource "aws_iam_user_group_membership" "m" {
  count  = 3
  user   = aws_iam_user.u[count.index].name
  groups = [aws_iam_group.devs.name]
}

resource "aws_iam_group_policy_attachment" "devs" {
  group      = aws_iam_group.devs.name
  policy_arn = aws_iam_policy.p.arn
}
`
		files[root+"policy.tf"] = `locals {
  statements = [
    { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "arn:aws:sqs:eu-west-1:111122223333:${var.env}-q" },
    { Effect = "Allow", Action = "s3:*", Resource = "${aws_s3_bucket.b.arn}/*" },
  ]
}

resource "aws_iam_policy" "p" {
  name   = "${local.prefix}-policy"
  policy = jsonencode({ Version = "2012-10-17", Statement = local.statements })
}

resource "aws_s3_bucket" "b" { bucket = "${local.prefix}-bucket" }

data "aws_iam_policy_document" "unused" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }
}
`
		files[root+"outputs.tf"] = `output "roles" { value = [for m in module.svc : m.arn] }
`
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
