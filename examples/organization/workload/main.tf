# The workload account: a CI role that ships audit records to the log
# account, and the VPC endpoint its builds reach S3 through.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:example/app:ref:refs/heads/main"
        }
      }
    }]
  })
}

# CI may do anything with the audit bucket; the SCPs and the bucket's
# own policy say what it really can.
resource "aws_iam_role_policy" "ci" {
  name = "audit"
  role = aws_iam_role.ci.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = ["arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs/*"]
    }]
  })
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-0a1b2c3d4e5f60718"
  service_name = "com.amazonaws.eu-west-1.s3"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:PutObject"]
      Resource  = "arn:aws:s3:::audit-logs/*"
    }]
  })
}
