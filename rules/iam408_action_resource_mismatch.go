package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// ActionResourceMismatch finds resources that none of a statement's actions
// can apply to, and actions that none of its resources fit.
var ActionResourceMismatch = &Rule{
	ID:       "IAM408",
	Name:     "action-resource-mismatch",
	Title:    "Resource does not fit the actions",
	Severity: Medium,
	Practice: "Validate your policies",
	Description: "Each action applies to certain resource types: `s3:GetObject` to objects " +
		"(`arn:aws:s3:::bucket/key`), `s3:ListBucket` to buckets (`arn:aws:s3:::bucket`). A " +
		"statement that pairs an action with resources of another type grants nothing for that " +
		"pair — the classic `s3:GetObject` on `arn:aws:s3:::bucket` — and the author usually " +
		"widens the resource to `*` when it \"does not work\".\n\n" +
		"ARNs are matched against each resource type's ARN format from the catalog, with " +
		"wildcards and policy variables read as IAM reads them. An action without resource-level " +
		"permissions only fits `*` or a wildcard. Values not known before deploy are not checked.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports"}]
}`},
	},
	Fix: "use the resource type the actions take",
	Remediation: "Use the ARN of the resource type the action needs — for objects, add `/*` or the key " +
		"prefix to the bucket ARN — or split the statement by resource type.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
  ]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
	},
	Since: "0.1.0",
	Check: checkActionResourceMismatch,
}

func checkActionResourceMismatch(pass *Pass) {
	an := pass.IAM()
	for pol, st := range pass.Statements() {
		s := an.Statement(st)
		if !st.Resource.Set || st.NotResource.Set || s.UnknownActions {
			continue
		}
		actions := an.Actions(s)
		if actions.IsEmpty() {
			continue // IAM407 reports names that match nothing
		}
		var (
			types           []*iam.ResourceType
			anyWildcardOnly bool
			computed        bool
		)
		misfits := 0
		for _, r := range st.Resource.Items {
			if !r.IsKnown() || r.Text == "*" || apiShorthand(pol, r) {
				continue
			}
			if !computed { // only for statements naming resources: "*" fits anything
				types, anyWildcardOnly = acceptedTypes(an.Catalog, actions)
				computed = true
			}
			if fitsAny(r.Text, types, anyWildcardOnly) {
				continue
			}
			misfits++
			pass.Reportf(&pol.Meta, r.Loc, "%s: `%s` is none of the resource types %s applies to (%s) in %s",
				policyLabel(pol), r.Text, describeActions(an.Catalog, actions), describeTypes(types, 3), statementLabel(st))
		}
		if misfits == len(st.Resource.Items) || !st.Resource.AllKnown() || slices.ContainsFunc(st.Resource.Items, func(r model.Value) bool { return apiShorthand(pol, r) }) {
			continue
		}
		for _, v := range st.Action.Items {
			a := an.Catalog.Action(v.Text)
			if !v.IsKnown() || a == nil || acceptsAny(a, st.Resource) {
				continue
			}
			pass.Reportf(&pol.Meta, v.Loc, "%s: `%s` applies to none of the resources of %s; it needs %s",
				policyLabel(pol), a, statementLabel(st), describeTypes(refTypes(a), 3))
		}
	}
}

// acceptedTypes returns the resource types any of the actions accepts, and
// whether one of them has no resource-level permissions (then a wildcard
// resource fits it).
func acceptedTypes(c *iam.Catalog, actions iam.ActionSet) ([]*iam.ResourceType, bool) {
	seen := make(map[*iam.ResourceType]bool)
	var types []*iam.ResourceType
	wildcardOnly := false
	for a := range c.Actions(actions) {
		if !a.ResourceLevel() {
			wildcardOnly = true
		}
		for _, r := range a.Resources {
			if !seen[r.Type] {
				seen[r.Type] = true
				types = append(types, r.Type)
			}
		}
	}
	return types, wildcardOnly
}

func fitsAny(resource string, types []*iam.ResourceType, wildcardOnly bool) bool {
	if wildcardOnly && strings.ContainsAny(resource, "*?") {
		return true
	}
	for _, t := range types {
		if t.Fits(resource) {
			return true
		}
	}
	return false
}

func acceptsAny(a *iam.Action, resources model.Values) bool {
	for _, r := range resources.Items {
		if a.Accepts(r.Text) {
			return true
		}
	}
	return false
}

func refTypes(a *iam.Action) []*iam.ResourceType {
	var out []*iam.ResourceType
	for _, r := range a.Resources {
		out = append(out, r.Type)
	}
	return out
}

func describeTypes(types []*iam.ResourceType, max int) string {
	if len(types) == 0 {
		return "`*` (it has no resource-level permissions)"
	}
	var parts []string
	for i, t := range types {
		if i == max {
			parts = append(parts, fmt.Sprintf("%d more", len(types)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%s `%s`", t.Name, t.ARN))
	}
	return strings.Join(parts, ", ")
}

// apiShorthand reports whether a resource is API Gateway's shorthand for
// its own API in a REST API's resource policy ("execute-api:/stage/GET/x"),
// which API Gateway expands to the API's ARN.
func apiShorthand(pol *model.Policy, r model.Value) bool {
	return pol.Kind == model.Resource && pol.Service == "execute-api" && strings.HasPrefix(r.Text, "execute-api:/")
}
