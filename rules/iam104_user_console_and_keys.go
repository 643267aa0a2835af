package rules

import "github.com/iacscan/iacscan/model"

// UserConsoleAndKeys finds users with both a console password and access
// keys.
var UserConsoleAndKeys = &Rule{
	ID:       "IAM104",
	Name:     "user-console-and-keys",
	Title:    "User with both console password and access keys",
	Severity: Low,
	Practice: "Regularly review and remove unused users, roles, permissions, policies, and credentials",
	Description: "A person signs in to the console; a program uses access keys. A user with both is either a " +
		"person carrying long-term keys on a laptop or a service account with a password nobody needs. " +
		"Each extra credential is one more thing to leak, and CIS AWS Foundations asks not to set up access " +
		"keys during initial setup for users that have a console password.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_access_key" "alice" {
  user = aws_iam_user.alice.name
}`},
	},
	Fix: "keep one kind of credential per user",
	Remediation: "Keep one kind of credential per user. People: console (better, IAM Identity Center) and " +
		"`aws sso login` or `aws configure export-credentials` for the CLI. Programs: a role, or if a user is " +
		"unavoidable, a separate user with only an access key.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}
# no aws_iam_access_key for alice: the CLI uses IAM Identity Center`},
		{CloudFormation, `Alice:
  Type: AWS::IAM::User
  Properties:
    LoginProfile:
      Password: !Ref InitialPassword
      PasswordResetRequired: true
# no AWS::IAM::AccessKey for Alice`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#remove-credentials",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html",
	},
	Since: "0.1.0",
	Check: checkUserConsoleAndKeys,
}

func checkUserConsoleAndKeys(pass *Pass) {
	for _, lp := range pass.Inventory.LoginProfiles {
		for _, k := range pass.Inventory.AccessKeys {
			if !sameUser(pass.Inventory, lp.User, k.User) {
				continue
			}
			pass.Reportf(&lp.Meta, lp.Loc, "%s has a console password and access key `%s`",
				userText(pass, lp.User), k.ID).With(k.Loc, "the access key")
			break
		}
	}
}

// sameUser reports whether two references are known to point at the same
// user: the same inventory user, or the same known name.
func sameUser(inv *model.Inventory, a, b model.Ref) bool {
	ua, ub := inv.Identity(a, model.User), inv.Identity(b, model.User)
	if ua != nil || ub != nil {
		return ua == ub
	}
	return a.Value.IsKnown() && b.Value.IsKnown() && a.Value.Text == b.Value.Text
}
