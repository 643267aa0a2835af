package rules

// TrustAnyPrincipal finds trust policies that let anyone assume the role.
var TrustAnyPrincipal = &Rule{
	ID:       "IAM301",
	Name:     "trust-any-principal",
	Title:    "Role assumable by any principal",
	Severity: Critical,
	Practice: "Verify public and cross-account access",
	Description: "A trust policy whose `Principal` is `*` (or `{\"AWS\": \"*\"}`) lets every AWS principal in every " +
		"account assume the role, unless a condition narrows who. Whoever assumes it gets all the " +
		"role's permissions: AWS's advice is to verify that a role is only assumable by the accounts " +
		"and principals that need it.\n\n" +
		"Conditions are judged: `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalArn`, " +
		"`aws:PrincipalAccount`, `aws:SourceArn`/`aws:SourceAccount`, `aws:SourceVpc(e)` and " +
		"`aws:SourceIp` with real values narrow the grant, and then there is no finding. Negated, " +
		"`IfExists`, `ForAllValues` and match-anything conditions do not, and the message names them. " +
		"`sts:ExternalId` alone does not: anyone who learns it can use it. `Deny` statements are not findings." +
		orgIDsNote,
	Bad: []Example{
		{Terraform, `resource "aws_iam_role" "ops" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }]
  })
}`},
	},
	Fix: "name who may assume the role",
	Remediation: "Name the accounts or roles that may assume the role in `Principal`. If every account of your " +
		"organisation needs it, keep `*` and add `StringEquals` on `aws:PrincipalOrgID`; to allow specific " +
		"roles in any of your accounts, use `ArnLike` on `aws:PrincipalArn`.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_role" "ops" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}`},
		{CloudFormation, `OpsRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: { AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }
          Action: sts:AssumeRole`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-preview-access",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid",
	},
	Since: "0.1.0",
	Check: checkTrustAnyPrincipal,
}

func checkTrustAnyPrincipal(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !pol.IsTrustPolicy() || !st.Allows() || !anyone(st.Principal) {
			continue
		}
		v := judge(st, publicKeys, pass.Config.OrgIDs)
		if v.Constrained() {
			continue
		}
		pass.Reportf(&pol.Meta, st.Principal.Loc, "%s lets any principal in any account assume the role in %s%s",
			policyLabel(pol), statementLabel(st), v.note())
	}
}
