# The organization: IAM is the platform team's, and data stays inside.
provider "aws" { allowed_account_ids = ["111111111111"] }

resource "aws_organizations_organization" "org" {}

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "workloads"
  parent_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_policy" "no_iam" {
  name    = "no-iam"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "iam:*", Resource = "*" }] })
}

resource "aws_organizations_policy" "perimeter" {
  name = "perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "*"
      Condition = { StringNotEqualsIfExists = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

resource "aws_organizations_policy_attachment" "no_iam" {
  policy_id = aws_organizations_policy.no_iam.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy_attachment" "perimeter" {
  policy_id = aws_organizations_policy.perimeter.id
  target_id = aws_organizations_organization.org.roots[0].id
}
