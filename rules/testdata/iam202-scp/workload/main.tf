provider "aws" { allowed_account_ids = ["222222222222"] }

resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy_attachment" "iam" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}

# AdministratorAccess under the SCP that allows only S3 and EC2: S3 and
# EC2, not every action.
resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::222222222222:root" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.ops.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
