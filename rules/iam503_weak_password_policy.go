package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// WeakPasswordPolicy finds account password policies below the CIS AWS
// Foundations values.
var WeakPasswordPolicy = &Rule{
	ID:       "IAM503",
	Name:     "weak-password-policy",
	Title:    "Password policy weaker than CIS",
	Severity: Medium,
	Practice: "Set a strong password policy for IAM users",
	Description: "The account password policy applies to every IAM user's console password. The CIS AWS " +
		"Foundations Benchmark asks for at least 14 characters, upper- and lower-case letters, numbers and " +
		"symbols, no reuse of the last 24 passwords, and expiry within 90 days. Settings left out take " +
		"AWS's defaults (8 characters, no character classes, no reuse prevention, no expiry) and are " +
		"shortfalls too; each shortfall is named in the message. Values not known before deploy are not.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_account_password_policy" "this" {
  minimum_password_length = 8
  require_numbers         = true
}`},
	},
	Fix:         "raise the password policy to CIS",
	Remediation: "Set every value to the CIS level or stricter.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_account_password_policy" "this" {
  minimum_password_length        = 14
  require_uppercase_characters   = true
  require_lowercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  password_reuse_prevention      = 24
  max_password_age               = 90
  allow_users_to_change_password = true
}`},
		{CloudFormation, `# CloudFormation has no password-policy resource; set it with Terraform, the CLI
# (aws iam update-account-password-policy) or a custom resource with these values:
# MinimumPasswordLength 14, Require{Upper,Lower}caseCharacters/Numbers/Symbols true,
# PasswordReusePrevention 24, MaxPasswordAge 90.`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-15",
	},
	Since: "0.1.0",
	NotApplicable: "CloudFormation, which has no resource for the account password policy (it is set with the " +
		"AWS CLI or API, or with Terraform's `aws_iam_account_password_policy`).",
	Check: checkWeakPasswordPolicy,
}

// passwordShortfall is one CIS requirement of a password policy.
type passwordShortfall struct {
	field string
	value func(*model.PasswordPolicy) model.Value
	weak  func(v model.Value) string // "" when the (known or absent) value is fine
}

var passwordChecks = []passwordShortfall{
	{"MinimumLength", func(p *model.PasswordPolicy) model.Value { return p.MinimumLength }, atLeast("minimum length", 14, 8)},
	{"RequireUppercase", func(p *model.PasswordPolicy) model.Value { return p.RequireUppercase }, required("upper-case letters")},
	{"RequireLowercase", func(p *model.PasswordPolicy) model.Value { return p.RequireLowercase }, required("lower-case letters")},
	{"RequireNumbers", func(p *model.PasswordPolicy) model.Value { return p.RequireNumbers }, required("numbers")},
	{"RequireSymbols", func(p *model.PasswordPolicy) model.Value { return p.RequireSymbols }, required("symbols")},
	{"ReusePrevention", func(p *model.PasswordPolicy) model.Value { return p.ReusePrevention }, atLeast("reuse prevention", 24, 0)},
	{"MaxAge", func(p *model.PasswordPolicy) model.Value { return p.MaxAge }, maxAge},
}

func checkWeakPasswordPolicy(pass *Pass) {
	for _, p := range pass.Inventory.PasswordPolicies {
		var found []string
		var where []model.Location
		for _, c := range passwordChecks {
			v := c.value(p)
			if v.Set && !v.IsKnown() {
				continue
			}
			if why := c.weak(v); why != "" {
				found = append(found, why)
				where = append(where, p.At(c.field))
			}
		}
		if len(found) == 0 {
			continue
		}
		f := pass.Reportf(&p.Meta, p.Loc, "password policy `%s` is below CIS: %s", p.ID, strings.Join(found, "; "))
		for i, loc := range where {
			if loc != p.Loc {
				f.With(loc, "%s", found[i])
			}
		}
	}
}

func atLeast(what string, want, def int) func(model.Value) string {
	return func(v model.Value) string {
		n, ok := def, true
		if v.Set {
			var err error
			n, err = strconv.Atoi(strings.TrimSpace(v.Text))
			ok = err == nil
		}
		if !ok || n >= want {
			return ""
		}
		if !v.Set {
			return fmt.Sprintf("%s not set (AWS default %d, want %d or more)", what, def, want)
		}
		return fmt.Sprintf("%s is %d (want %d or more)", what, n, want)
	}
}

func required(what string) func(model.Value) string {
	return func(v model.Value) string {
		if v.Set && strings.EqualFold(strings.TrimSpace(v.Text), "true") {
			return ""
		}
		return what + " not required"
	}
}

func maxAge(v model.Value) string {
	if !v.Set {
		return "passwords never expire (want a maximum age of 90 days or less)"
	}
	n, err := strconv.Atoi(strings.TrimSpace(v.Text))
	switch {
	case err != nil:
		return ""
	case n == 0:
		return "passwords never expire (maximum age 0; want 90 days or less)"
	case n > 90:
		return fmt.Sprintf("maximum age is %d days (want 90 or less)", n)
	}
	return ""
}
