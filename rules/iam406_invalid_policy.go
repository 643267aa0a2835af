package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// InvalidPolicy finds policy documents that AWS would reject.
var InvalidPolicy = &Rule{
	ID:       "IAM406",
	Name:     "invalid-policy",
	Title:    "Invalid policy document",
	Severity: High,
	Practice: "Validate your policies",
	Description: "A policy that breaks the IAM policy grammar is rejected when it is deployed — or, worse, " +
		"a typo in an element name makes a statement mean something else. This rule checks the " +
		"grammar offline, as IAM Access Analyzer's policy validation does: element names and " +
		"types, `Effect`, `Action`/`NotAction` and `Resource`/`NotResource` pairs, `Principal` " +
		"present only where the policy type needs it and without wildcards inside an ARN, `Version`, " +
		"and `Sid` values. JSON text that is invalid whatever the values interpolated into its " +
		"strings (a Terraform heredoc with `${…}`) is reported too. An S3 bucket policy or SNS topic " +
		"policy that names actions of another service (`ec2:*` in a bucket policy) is rejected by the " +
		"service; such an action is reported here, and the statement's other findings are shown with it.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}]
}`},
	},
	Fix: "fix the element named",
	Remediation: "Fix the element the message names. Each statement needs `Effect` (`Allow` or `Deny`), " +
		"exactly one of `Action`/`NotAction`, and — except in trust policies — exactly one of " +
		"`Resource`/`NotResource`. Identity policies have no `Principal`; resource and trust " +
		"policies need one.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-validation.html",
	},
	Since: "0.1.0",
	Check: checkInvalidPolicy,

	StatementGrant: true,
}

var alphanumeric = regexp.MustCompile(`^[A-Za-z0-9]*$`)

// implicitResource are the services whose resource policies need no
// Resource element: ECR repository policies apply to their repository, EFS
// file system policies to their file system.
var implicitResource = map[string]bool{"ecr": true, "ecr-public": true, "elasticfilesystem": true}

func checkInvalidPolicy(pass *Pass) {
	for _, pol := range pass.Inventory.Policies {
		doc := pol.Document
		if doc == nil || doc.Unknown {
			continue
		}
		report := func(loc model.Location, format string, args ...any) {
			pass.Reportf(&pol.Meta, loc, "%s is invalid: %s", policyLabel(pol), fmt.Sprintf(format, args...))
		}
		for _, p := range doc.Problems {
			report(p.Loc, "%s", p.Message)
		}
		if v := doc.Version; v.IsKnown() && v.Text != "2012-10-17" && v.Text != "2008-10-17" {
			report(v.Loc, "`Version` must be `2012-10-17` or `2008-10-17`, not `%s`", v.Text)
		}
		sids := make(map[string]bool)
		for _, st := range doc.Statements {
			for _, msg := range statementProblems(pol, st) {
				report(st.Loc, "%s %s", statementLabel(st), msg)
			}
			for _, a := range foreignActions(pol, st) {
				own := ownActionsOnly[pol.Service]
				report(a.Loc, "%s names `%s`, which cannot apply to %s: %s rejects a policy with actions of another service", statementLabel(st), a.Text, own.resource, own.service)
			}
			for _, v := range wildcardPrincipalARNs(st) {
				report(v.Loc, "%s names principal `%s`: IAM rejects wildcards in a principal ARN (use `\"AWS\": \"*\"` with a condition on `aws:PrincipalArn`)", statementLabel(st), v.Text)
			}
			if sid := st.Sid; sid.IsKnown() && sid.Text != "" {
				if sids[sid.Text] {
					report(sid.Loc, "`Sid` `%s` is used by more than one statement", sid.Text)
				}
				sids[sid.Text] = true
				if pol.IsIdentityPolicy() && !alphanumeric.MatchString(sid.Text) {
					report(sid.Loc, "`Sid` `%s` may only contain letters and digits in an identity policy", sid.Text)
				}
			}
		}
	}
}

// statementProblems checks one statement's elements against the grammar
// for the kind of policy it is in. Unknown elements are given the benefit of
// the doubt.
func statementProblems(pol *model.Policy, st *model.Statement) []string {
	var out []string
	switch e := st.Effect; {
	case !e.Set:
		out = append(out, "has no `Effect`")
	case e.IsKnown() && e.Text != "Allow" && e.Text != "Deny":
		out = append(out, fmt.Sprintf("has `Effect` `%s`; it must be `Allow` or `Deny` (case matters)", e.Text))
	}
	out = append(out, pairProblems("Action", st.Action, "NotAction", st.NotAction)...)
	switch {
	case pol.Kind == model.Resource && implicitResource[pol.Service]:
		// The policy applies to the resource it is set on.
	case !pol.IsTrustPolicy():
		out = append(out, pairProblems("Resource", st.Resource, "NotResource", st.NotResource)...)
	case st.Resource.Present() || st.NotResource.Present():
		out = append(out, "has a `Resource` element, which trust policies do not allow")
	}
	if st.Principal.Present() && st.NotPrincipal.Present() {
		out = append(out, "has both `Principal` and `NotPrincipal`")
	}
	// A wholly unknown principal may be null: it neither proves a principal
	// nor its absence.
	names := st.Principal.Present() || st.NotPrincipal.Present()
	maybe := st.Principal != nil || st.NotPrincipal != nil
	switch {
	case names && (pol.Kind == model.Managed || pol.Kind == model.Inline):
		out = append(out, "names a principal, which identity policies do not allow (the principal is whoever the policy is attached to)")
	case !maybe && (pol.Kind == model.Resource || pol.Kind == model.Trust):
		out = append(out, fmt.Sprintf("has no `Principal`, which a %s policy needs", pol.Kind))
	}
	return out
}

// wildcardPrincipalARNs returns the AWS principal ARNs of a statement that
// hold a wildcard: IAM accepts "*" alone, never inside an ARN.
func wildcardPrincipalARNs(st *model.Statement) []model.Value {
	var out []model.Value
	for _, p := range []*model.Principal{st.Principal, st.NotPrincipal} {
		if p == nil {
			continue
		}
		for _, e := range p.Entries {
			if !e.Type.Is("AWS") {
				continue
			}
			for _, v := range e.Values.Items {
				if v.IsKnown() && strings.HasPrefix(v.Text, "arn:") && strings.ContainsAny(v.Text, "*?") {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// pairProblems checks that exactly one of two alternative elements is
// present and that the present one is not an empty list.
func pairProblems(name string, v model.Values, notName string, not model.Values) []string {
	switch {
	case v.Present() && not.Present():
		return []string{fmt.Sprintf("has both `%s` and `%s`", name, notName)}
	case !v.Set && !not.Set:
		return []string{fmt.Sprintf("has neither `%s` nor `%s`", name, notName)}
	}
	for _, x := range []struct {
		name string
		v    model.Values
	}{{name, v}, {notName, not}} {
		if x.v.Set && !x.v.Unknown && len(x.v.Items) == 0 {
			return []string{fmt.Sprintf("has an empty `%s`", x.name)}
		}
	}
	return nil
}
