provider "aws" { allowed_account_ids = ["222222222222"] }

# Could write itself a new policy version, but no-iam takes IAM away.
resource "aws_iam_role" "deployer" {
  name               = "deployer"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "deployer" {
  role   = aws_iam_role.deployer.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["iam:CreatePolicyVersion", "s3:GetObject"], Resource = "*" }] })
}

# Public to the world, but the perimeter RCP turns away outsiders.
resource "aws_s3_bucket_policy" "site" {
  bucket = "workload-site"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::workload-site/*" }] })
}
