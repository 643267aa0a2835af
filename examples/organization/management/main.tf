# The management account: the organization, its OUs and accounts, and the
# guardrails every member account lives under.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_organizations_organization" "org" {
  feature_set          = "ALL"
  enabled_policy_types = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]
}

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "workloads"
  parent_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_organizational_unit" "security" {
  name      = "security"
  parent_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_account" "workload" {
  name      = "workload"
  email     = "aws-workload@example.com"
  parent_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_account" "log" {
  name      = "log"
  email     = "aws-log@example.com"
  parent_id = aws_organizations_organizational_unit.security.id
}

# Every member account: nobody leaves the organization or stops CloudTrail.
resource "aws_organizations_policy" "baseline" {
  name = "baseline"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "StayInTheOrganization"
      Effect   = "Deny"
      Action   = ["organizations:LeaveOrganization", "cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]
      Resource = "*"
    }]
  })
}

# Workloads never delete audit logs, wherever they are.
resource "aws_organizations_policy" "protect_audit" {
  name = "protect-audit"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "NoAuditDeletion"
      Effect   = "Deny"
      Action   = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"]
      Resource = ["arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs/*"]
    }]
  })
}

# The security OU's data stays inside the organization: no bucket policy
# there can open it to anyone else.
resource "aws_organizations_policy" "data_perimeter" {
  name = "data-perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OnlyOurOrganization"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "*"
      Condition = {
        StringNotEqualsIfExists = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" }
        BoolIfExists            = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "baseline" {
  policy_id = aws_organizations_policy.baseline.id
  target_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_policy_attachment" "protect_audit" {
  policy_id = aws_organizations_policy.protect_audit.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy_attachment" "data_perimeter" {
  policy_id = aws_organizations_policy.data_perimeter.id
  target_id = aws_organizations_organizational_unit.security.id
}

# The organization's administrators, in the management account: no SCP
# limits them.
resource "aws_iam_role" "org_admin" {
  name = "org-admin"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "org_admin" {
  name = "admin"
  role = aws_iam_role.org_admin.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
