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
	keys := keysByUser(pass.Inventory)
	for _, lp := range pass.Inventory.LoginProfiles {
		if k := keys.first(pass.Inventory, lp.User); k != nil {
			pass.Reportf(&lp.Meta, lp.Loc, "%s has a console password and access key `%s`",
				userText(pass, lp.User), k.ID).With(k.Loc, "the access key")
		}
	}
}

// userKeys indexes access keys by the user they belong to: the inventory
// user when the reference resolves, else the user's known name. An index,
// not a scan of every key per login profile, keeps the rule linear.
type userKeys struct {
	byUser map[*model.Identity][]*model.AccessKey
	byName map[string][]*model.AccessKey // keys of users the scan does not declare
}

func keysByUser(inv *model.Inventory) userKeys {
	k := userKeys{byUser: make(map[*model.Identity][]*model.AccessKey), byName: make(map[string][]*model.AccessKey)}
	for _, key := range inv.AccessKeys {
		if u := inv.Identity(key.User, model.User); u != nil {
			k.byUser[u] = append(k.byUser[u], key)
		} else if key.User.Value.IsKnown() {
			k.byName[key.User.Value.Text] = append(k.byName[key.User.Value.Text], key)
		}
	}
	return k
}

// first returns the first key known to belong to the same user as ref: the
// same inventory user, or, when neither side resolves, the same known name.
func (k userKeys) first(inv *model.Inventory, ref model.Ref) *model.AccessKey {
	var keys []*model.AccessKey
	if u := inv.Identity(ref, model.User); u != nil {
		keys = k.byUser[u]
	} else if ref.Value.IsKnown() {
		keys = k.byName[ref.Value.Text]
	}
	if len(keys) == 0 {
		return nil
	}
	return keys[0]
}
