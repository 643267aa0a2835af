# The workload account is in an OU whose SCP allows only S3 and EC2.
provider "aws" { allowed_account_ids = ["111111111111"] }

resource "aws_organizations_organization" "org" {}

resource "aws_organizations_organizational_unit" "production" {
  name      = "production"
  parent_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_account" "workload" {
  name      = "workload"
  email     = "workload@example.com"
  parent_id = aws_organizations_organizational_unit.production.id
}

resource "aws_organizations_policy" "production" {
  name    = "production"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:*", "ec2:*"], Resource = "*" }] })
}

resource "aws_organizations_policy_attachment" "production" {
  policy_id = aws_organizations_policy.production.id
  target_id = aws_organizations_organizational_unit.production.id
}
