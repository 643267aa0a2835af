package rules

import (
	"slices"
)

// CrossAccountTrust finds trust policies that let another account assume a
// role with nothing but the account's word for who is calling.
var CrossAccountTrust = &Rule{
	ID:       "IAM302",
	Name:     "cross-account-trust-unconstrained",
	Title:    "Cross-account trust without conditions",
	Severity: High,
	Practice: "Delegate access across accounts with roles; verify cross-account access",
	Description: "Trusting another account (`arn:aws:iam::111122223333:root`, or a principal in it) hands the " +
		"decision of who may assume the role to that account's administrators: any of its users or roles " +
		"that is allowed `sts:AssumeRole` gets in. For third parties, AWS's answer to the confused-deputy " +
		"problem is an `sts:ExternalId` condition; for your own accounts, `aws:PrincipalOrgID` or " +
		"`aws:PrincipalArn`; for people, `aws:MultiFactorAuthPresent`. Without one of those, the trust is " +
		"as wide as the other account.\n\n" +
		"A principal naming one role or user of the other account (its ARN) is as narrow as " +
		"`aws:PrincipalArn` and is not a finding. Your own and trusted accounts are not findings: list them in `.iacscan.yml` " +
		"(`trusted_accounts`)." + orgIDsNote + " References to the account being deployed to (Terraform `data.aws_caller_identity`, " +
		"CloudFormation `AWS::AccountId`) always count as your own, and so does the account of any customer " +
		"managed policy the scanned users, groups and roles have attached or as boundary (IAM attaches those " +
		"only within their own account). Values unknown before deploy are not " +
		"findings. `*` principals are IAM301.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_role" "vendor" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "sts:AssumeRole" }]
  })
}`},
	},
	Fix: "add sts:ExternalId, aws:PrincipalOrgID or a role ARN",
	Remediation: "Add the condition that fits who is on the other side: `StringEquals` on `sts:ExternalId` with the " +
		"value the third party gave you; `StringEquals` on `aws:PrincipalOrgID` for accounts of your " +
		"organisation; `ArnEquals` on `aws:PrincipalArn` naming the roles that may assume it; `Bool` " +
		"`aws:MultiFactorAuthPresent` `true` for people. If the account is yours, add it to `trusted_accounts`.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_role" "vendor" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "sts:ExternalId" = var.vendor_external_id } }
    }]
  })
}`},
		{CloudFormation, `VendorRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Principal: { AWS: arn:aws:iam::111122223333:root }
          Action: sts:AssumeRole
          Condition:
            StringEquals: { sts:ExternalId: !Ref VendorExternalId }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-preview-access",
	},
	Since: "0.1.0",
	Check: checkCrossAccountTrust,
}

func checkCrossAccountTrust(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !pol.IsTrustPolicy() || !st.Allows() || anyone(st.Principal) {
			continue
		}
		var foreign []string
		for _, v := range principalValues(st.Principal, "AWS") {
			account, ok := wholeAccount(v)
			if !ok || ownAccountRef(v) || trusted(pass, account) {
				continue
			}
			if !slices.Contains(foreign, account) {
				foreign = append(foreign, account)
			}
		}
		if len(foreign) == 0 {
			continue
		}
		v := judge(st, crossAccountKeys, pass.Config.OrgIDs)
		if v.Constrained() {
			continue
		}
		pass.Reportf(&pol.Meta, st.Principal.Loc,
			"%s lets any principal of account %s assume the role in %s, with no `sts:ExternalId`, `aws:PrincipalOrgID`, `aws:PrincipalArn` or MFA condition%s%s",
			policyLabel(pol), commas.list(quoted(foreign), -1), statementLabel(st), v.note(), trustedHint(pass.Config))
	}
}

// trusted reports whether an account is the user's own or trusted: from
// the configuration, or shown by the inputs (a plan's caller identity, the
// account of customer managed policies attached in the scan).
func trusted(pass *Pass, account string) bool {
	if slices.Contains(pass.Config.TrustedAccounts, account) {
		return true
	}
	return pass.Inventory.IsOwnAccount(account)
}

// trustedHint tells how to mark an account as one's own when none is set.
func trustedHint(cfg *Config) string {
	if len(cfg.TrustedAccounts) > 0 {
		return ""
	}
	return "; if it is one of yours, list it in `trusted_accounts` in .iacscan.yml"
}
