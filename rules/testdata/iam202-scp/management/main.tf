# The workload account is in an OU whose SCP allows only S3 and EC2; the
# sandbox account in one whose SCP denies Organizations and Account.
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

resource "aws_organizations_organizational_unit" "sandboxes" {
  name      = "sandboxes"
  parent_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_account" "sandbox" {
  name      = "sandbox"
  email     = "sandbox@example.com"
  parent_id = aws_organizations_organizational_unit.sandboxes.id
}

resource "aws_organizations_policy" "sandbox" {
  name    = "sandbox"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = ["organizations:*", "account:*"], Resource = "*" }] })
}

resource "aws_organizations_policy_attachment" "sandbox" {
  policy_id = aws_organizations_policy.sandbox.id
  target_id = aws_organizations_organizational_unit.sandboxes.id
}
