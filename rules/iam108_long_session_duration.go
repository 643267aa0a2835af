package rules

import (
	"strconv"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// LongSessionDuration finds roles people assume whose sessions last longer
// than an hour.
var LongSessionDuration = &Rule{
	ID:       "IAM108",
	Name:     "long-session-duration",
	Title:    "Long sessions for a role people assume",
	Severity: Low,
	Practice: "Require human users to use federation with an identity provider to access AWS using temporary credentials",
	Description: "Temporary credentials are only as temporary as their session. A role that people assume (from " +
		"IAM users or roles in an account, or through SAML federation) with `max_session_duration` / " +
		"`MaxSessionDuration` above the one-hour default hands out credentials that keep working for up to " +
		"12 hours after the laptop is stolen or the person leaves.\n\n" +
		"IAM Identity Center permission sets (`session_duration`, `SessionDuration`) are always " +
		"used by people and are judged the same way.\n\n" +
		"Roles assumed only by AWS services or by web-identity workloads (CI, Kubernetes) are not reported. " +
		"Unknown durations or trust policies are not findings.",
	Bad: []Example{
		{Terraform, `resource "aws_iam_role" "admin" {
  max_session_duration = 43200
  assume_role_policy   = data.aws_iam_policy_document.admins_with_mfa.json
}`},
	},
	Fix: "keep sessions at one hour",
	Remediation: "Keep the default one hour (3600 seconds) for roles people use, and re-authenticate when it ends. " +
		"Raise it only for a documented need, and only as far as needed.",
	Fixes: []Example{
		{Terraform, `resource "aws_iam_role" "admin" {
  max_session_duration = 3600
  assume_role_policy   = data.aws_iam_policy_document.admins_with_mfa.json
}`},
		{CloudFormation, `AdminRole:
  Type: AWS::IAM::Role
  Properties:
    MaxSessionDuration: 3600
    AssumeRolePolicyDocument: { ... }`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html#id_roles_update-session-duration",
	},
	Since: "0.1.0",
	Check: checkLongSessionDuration,
}

func checkLongSessionDuration(pass *Pass) {
	for _, role := range pass.Inventory.Identities {
		d := role.MaxSessionDuration
		if !d.IsKnown() {
			continue
		}
		seconds, err := strconv.Atoi(strings.TrimSpace(d.Text))
		if err != nil || seconds <= 3600 {
			continue
		}
		var who string
		switch {
		case role.Kind == model.PermissionSet:
			who = "people signing in through IAM Identity Center"
		case role.Kind == model.Role && role.Trust != nil:
			who = humanPrincipal(role.Trust)
		}
		if who == "" {
			continue
		}
		pass.Reportf(&role.Meta, role.At("MaxSessionDuration"),
			"%s is assumed by %s and its sessions last up to %s (more than one hour)",
			identityLabel(role), who, hours(seconds))
	}
}

// humanPrincipal returns a description of a principal in the trust policy
// that people use (an AWS account or principal, a SAML provider, anyone), or
// "" when only services and web identities are trusted.
func humanPrincipal(trust *model.Policy) string {
	if trust.Document == nil {
		return ""
	}
	for _, st := range trust.Document.Statements {
		if !st.Allows() || st.Principal == nil {
			continue
		}
		if anyone(st.Principal) {
			return "any principal"
		}
		if aws := principalValues(st.Principal, "AWS"); len(aws) > 0 {
			return "`" + aws[0].String() + "`"
		}
		for _, f := range principalValues(st.Principal, "Federated") {
			if f.IsKnown() && strings.Contains(f.Text, ":saml-provider/") || grants(st, "sts:AssumeRoleWithSAML") {
				return "SAML provider `" + f.String() + "`"
			}
		}
	}
	return ""
}

func hours(seconds int) string {
	if seconds%3600 == 0 {
		return strconv.Itoa(seconds/3600) + " hours"
	}
	return strconv.Itoa(seconds) + " seconds"
}
