# The management account is no member: nothing limits it.
provider "aws" { allowed_account_ids = ["111111111111"] }

resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "admin" {
  role   = aws_iam_role.admin.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:CreatePolicyVersion", "s3:GetObject"], Resource = "*" }] })
}

resource "aws_s3_bucket_policy" "public" {
  bucket = "management-public"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::management-public/*" }] })
}
