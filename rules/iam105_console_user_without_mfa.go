package rules

import "github.com/iacscan/iacscan/model"

// ConsoleUserWithoutMFA finds console users whose policies do not make them
// use MFA.
var ConsoleUserWithoutMFA = &Rule{
	ID:       "IAM105",
	Name:     "console-user-without-mfa",
	Title:    "Console user not required to use MFA",
	Severity: Medium,
	Practice: "Require multi-factor authentication (MFA)",
	Description: "A password alone is phished, reused and guessed. IAM cannot force a user to register an MFA " +
		"device, but a policy can refuse everything until they sign in with one: AWS's documented pattern is " +
		"a `Deny` with `NotAction` (all but the MFA self-service actions) when `aws:MultiFactorAuthPresent` is " +
		"`false` (`BoolIfExists`).\n\n" +
		"The rule looks at the user's effective policies — inline, attached customer managed, and those of its " +
		"groups — for that guard (a `Deny` of `*` or with `NotAction`, `Bool` or `BoolIfExists` " +
		"`aws:MultiFactorAuthPresent` `false`). When some of those policies are not known before deploy (an " +
		"attachment by an unresolved reference, a document built at apply time), only the known ones can " +
		"enforce MFA: the finding stands and says a policy not visible here might. MFA " +
		"enforced outside the scanned code (an SCP, IAM Identity Center) cannot be seen: suppress with a reason.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_user" "alice" { name = "alice" }

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}`},
	},
	Fix: "deny everything without MFA for console users",
	Remediation: "Put console users in a group whose policy denies everything but MFA self-service without MFA. " +
		"Better still, move people to IAM Identity Center, where MFA is an account setting.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_group_policy" "require_mfa" {
  group = aws_iam_group.people.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyAllExceptMFASetupWithoutMFA"
      Effect    = "Deny"
      NotAction = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
                   "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })
}`},
		{CloudFormation, `RequireMFA:
  Type: AWS::IAM::GroupPolicy
  Properties:
    GroupName: !Ref People
    PolicyName: require-mfa
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Deny
          NotAction: [iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, sts:GetSessionToken]
          Resource: "*"
          Condition: { BoolIfExists: { aws:MultiFactorAuthPresent: "false" } }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#enable-mfa-for-privileged-users",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html",
	},
	Since: "0.1.0",
	Check: checkConsoleUserWithoutMFA,
}

func checkConsoleUserWithoutMFA(pass *Pass) {
	for _, lp := range pass.Inventory.LoginProfiles {
		user := pass.Inventory.Identity(lp.User, model.User)
		if user == nil {
			continue
		}
		held := policiesHeld(pass.Inventory, user)
		if enforcesMFA(held.Policies, false) {
			continue
		}
		pass.Reportf(&lp.Meta, lp.Loc,
			"%s can sign in to the console, and no policy of its own or of its groups denies access without MFA%s",
			identityLabel(user), unlessHidden(held.Unknown)).With(user.Loc, "the user")
	}
}
