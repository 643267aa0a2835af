package rules

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// MFAConditionMisuse finds MFA conditions that do not do what they seem to.
var MFAConditionMisuse = &Rule{
	ID:       "IAM107",
	Name:     "mfa-condition-misuse",
	Title:    "MFA condition that does not require MFA",
	Severity: Medium,
	Practice: "Require multi-factor authentication (MFA)",
	Description: "`aws:MultiFactorAuthPresent` is absent — not `false` — from requests signed with long-term access " +
		"keys, so the operator decides whether those requests pass:\n\n" +
		"- `Deny` with `Bool` `false` does not deny access-key requests (the key is missing, the condition " +
		"is not met); AWS's pattern uses `BoolIfExists`.\n" +
		"- `Allow` with `BoolIfExists` `true` allows access-key requests without MFA; use `Bool`.\n" +
		"- `aws:MultiFactorAuthAge` is absent without MFA: a `Deny` on it needs `IfExists`, an `Allow` must not use it.\n" +
		"- `Null` `false` on `aws:MultiFactorAuthPresent` in an `Allow` only checks that the key exists: a " +
		"console session without MFA has it, set to `false`.\n" +
		"- `Deny` on `true` or `Allow` on `false` is inverted: it punishes users who use MFA.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "NotAction": ["iam:ListMFADevices", "iam:EnableMFADevice", "sts:GetSessionToken"],
    "Resource": "*",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
  }]
}`},
	},
	Fix: "test MFA in a Deny with BoolIfExists false",
	Remediation: "In a `Deny`, test `BoolIfExists` `aws:MultiFactorAuthPresent` `false` (or `NumericGreaterThanIfExists` " +
		"on `aws:MultiFactorAuthAge`). In an `Allow`, test `Bool` `aws:MultiFactorAuthPresent` `true` (or " +
		"`NumericLessThan` on `aws:MultiFactorAuthAge`).",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "NotAction": ["iam:ListMFADevices", "iam:EnableMFADevice", "sts:GetSessionToken"],
    "Resource": "*",
    "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
  }]
}`},
		{Terraform, `condition {
  test     = "BoolIfExists"
  variable = "aws:MultiFactorAuthPresent"
  values   = ["false"]
}`},
		{CloudFormation, `Condition:
  BoolIfExists: { aws:MultiFactorAuthPresent: "false" }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html",
	},
	Since: "0.1.0",
	Check: checkMFAConditionMisuse,
}

func checkMFAConditionMisuse(pass *Pass) {
	for pol, st := range pass.Statements() {
		if !st.Allows() && !st.Denies() {
			continue
		}
		for i := range st.Condition.Items {
			c := &st.Condition.Items[i]
			if msg := mfaMisuse(st.Denies(), c); msg != "" {
				pass.Reportf(&pol.Meta, c.Loc, "%s, %s: %s %s", policyLabel(pol), statementLabel(st), conditionText(c), msg)
			}
		}
	}
}

// mfaMisuse says what is wrong with an MFA condition in an Allow or a Deny
// statement, or "" when nothing is (or the values are unknown).
func mfaMisuse(deny bool, c *model.Condition) string {
	if !c.Operator.IsKnown() || !c.Values.AllKnown() || len(c.Values.Items) == 0 {
		return ""
	}
	op := model.ParseOperator(c.Operator.Text)
	val := strings.ToLower(c.Values.Items[0].Text)
	switch {
	case c.Key.IsFold("aws:MultiFactorAuthPresent") && op.Name == "Bool":
		switch {
		case deny && val == "true":
			return "is inverted: it denies the requests made *with* MFA"
		case !deny && val == "false":
			return "is inverted: it allows only requests made *without* MFA"
		case deny && !op.IfExists:
			return "does not deny requests signed with long-term access keys, which carry no MFA key; use `BoolIfExists`"
		case !deny && op.IfExists:
			return "lets requests signed with long-term access keys through without MFA; use `Bool`"
		}
	case c.Key.IsFold("aws:MultiFactorAuthPresent") && op.Name == "Null" && !deny && val == "false":
		return "only checks that the key is present; a console session without MFA has it (set to `false`)"
	case c.Key.IsFold("aws:MultiFactorAuthAge") && strings.HasPrefix(op.Name, "Numeric"):
		switch {
		case deny && !op.IfExists:
			return "does not deny requests made without MFA, where the key is absent; use the `IfExists` form"
		case !deny && op.IfExists:
			return "lets requests made without MFA through, since the key is then absent; drop `IfExists`"
		}
	}
	return ""
}
