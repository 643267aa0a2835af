package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// principalValues returns the identifiers of one type ("AWS", "Service",
// "Federated") named in a Principal element.
func principalValues(p *model.Principal, typ string) []model.Value {
	if p == nil {
		return nil
	}
	var out []model.Value
	for _, e := range p.Entries {
		if e.Type.Is(typ) {
			out = append(out, e.Values.Items...)
		}
	}
	return out
}

// anyone reports whether a Principal element is everyone: "*" or {"AWS": "*"}.
func anyone(p *model.Principal) bool {
	if p == nil {
		return false
	}
	if p.Wildcard {
		return true
	}
	return slices.ContainsFunc(principalValues(p, "AWS"), func(v model.Value) bool { return v.Is("*") })
}

var accountID = regexp.MustCompile(`^\d{12}$`)

// accountOf returns the account an AWS principal identifier belongs to: a
// bare account ID or an IAM/STS ARN. ok is false for anything else.
func accountOf(v model.Value) (string, bool) {
	if !v.IsKnown() {
		return "", false
	}
	if accountID.MatchString(v.Text) {
		return v.Text, true
	}
	parts := strings.SplitN(v.Text, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && (parts[2] == "iam" || parts[2] == "sts") && accountID.MatchString(parts[4]) {
		return parts[4], true
	}
	return "", false
}

// wholeAccount returns the account when an AWS principal identifier names a
// whole account (an account ID, or its :root ARN), not one principal in it.
func wholeAccount(v model.Value) (string, bool) {
	account, ok := accountOf(v)
	if !ok || account != v.Text && !strings.HasSuffix(v.Text, ":root") {
		return "", false
	}
	return account, true
}

// ownAccountRef reports whether a value is built from the scanning
// account's own ID: a Terraform data.aws_caller_identity reference or the
// CloudFormation AWS::AccountId pseudo parameter, however the parser kept it
// (expression or partly unknown text).
func ownAccountRef(v model.Value) bool {
	for _, s := range []string{v.Text, v.Expr} {
		if strings.Contains(s, "aws_caller_identity") || strings.Contains(s, "AWS::AccountId") {
			return true
		}
	}
	return false
}
