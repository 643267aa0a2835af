# An organization with two OUs, an account in each, a service control
# policy on the root and one on an OU, a resource control policy, and a
# VPC endpoint with a policy, deployed from the management account.
provider "aws" {
  region                      = "us-east-1"
  allowed_account_ids         = ["123456789012"]
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    sts = var.sts_endpoint
  }
}

# Where fixtures/plans.sh runs its stand-in for STS, which the provider
# asks for the account allowed_account_ids checks.
variable "sts_endpoint" {
  type    = string
  default = null
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
  email     = "workload@example.com"
  parent_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_account" "log" {
  name      = "log"
  email     = "log@example.com"
  parent_id = aws_organizations_organizational_unit.security.id
}

resource "aws_organizations_policy" "deny_leave" {
  name = "deny-leave"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "organizations:LeaveOrganization"
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy" "workload_guard" {
  name = "workload-guard"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = "iam:*", Resource = "*" },
    ]
  })
}

resource "aws_organizations_policy" "data_perimeter" {
  name = "data-perimeter"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "*"
      Condition = { StringNotEqualsIfExists = { "aws:PrincipalOrgID" = "o-exampleorg" } }
    }]
  })
}

resource "aws_organizations_policy" "tags" {
  name    = "tags"
  type    = "TAG_POLICY"
  content = jsonencode({ tags = {} })
}

resource "aws_organizations_policy_attachment" "root_deny_leave" {
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = aws_organizations_organization.org.roots[0].id
}

resource "aws_organizations_policy_attachment" "workloads_guard" {
  policy_id = aws_organizations_policy.workload_guard.id
  target_id = aws_organizations_organizational_unit.workloads.id
}

resource "aws_organizations_policy_attachment" "security_perimeter" {
  policy_id = aws_organizations_policy.data_perimeter.id
  target_id = aws_organizations_organizational_unit.security.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.us-east-1.s3"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::audit-logs/*"
    }]
  })
}
