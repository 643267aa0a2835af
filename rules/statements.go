package rules

import (
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// grantsPermissions reports whether statements of the policy grant
// permissions to someone, so that an Allow in it "allows too much" when it is
// broad. SCPs, RCPs, VPC endpoint policies and permissions boundaries only
// set limits: a broad Allow there grants nothing.
func grantsPermissions(inv *model.Inventory, p *model.Policy) bool {
	switch p.Kind {
	case model.SCP, model.RCP, model.EndpointPolicy:
		return false
	case model.Managed:
		usedAsBoundaryOnly := len(inv.BoundaryOf(p)) > 0 && len(inv.AttachmentsTo(p)) == 0
		return !usedAsBoundaryOnly
	}
	return true
}

// isAnyAction reports whether an action pattern is known to match every
// action ("*", or "*:*").
func isAnyAction(v model.Value) bool { return v.Is("*") || v.Is("*:*") }

// isAnyResource reports whether a resource is known to be every resource.
func isAnyResource(v model.Value) bool { return v.Is("*") }

// serviceLinkedRoles reports whether a resource names only service-linked
// roles (path /aws-service-role/): AWS defines their policies and refuses
// customer ones, so granting changes to them hands out nothing.
func serviceLinkedRoles(r model.Value) bool {
	return r.IsKnown() && strings.Contains(r.Text, ":role/aws-service-role/")
}

// awsManagedPolicies reports whether a resource names only AWS managed
// policies (arn:aws:iam::aws:policy/…), which AWS writes and no customer
// can change.
func awsManagedPolicies(r model.Value) bool {
	return r.IsKnown() && strings.Contains(r.Text, ":iam::aws:policy/")
}

// fullAdmin reports whether an Allow statement grants every action on every
// resource, and how: "*" on "*", "*" everywhere but some resources, or every
// action but some on "*" while leaving IAM itself allowed (from which the rest
// can be granted).
func fullAdmin(st *model.Statement) (how string, ok bool) {
	if !st.Allows() {
		return "", false
	}
	anyResource := hasKnown(st.Resource, isAnyResource) || st.NotResource.Set && !model.VoidNotResource(st)
	switch {
	case hasKnown(st.Action, isAnyAction) && anyResource:
		if st.NotResource.Set {
			return "every action on every resource except " + quoteList(st.NotResource.Items, 3), true
		}
		return "every action (`*`) on every resource (`*`)", true
	case st.NotAction.Set && hasKnown(st.Resource, isAnyResource) && st.NotAction.AllKnown() && !excludesIAM(st.NotAction):
		return "every action except " + quoteList(st.NotAction.Items, 3) +
			" on every resource, IAM included, so it can grant itself the rest", true
	}
	return "", false
}

// fullControl is fullAdmin for identity policies; in a resource policy,
// which grants on its own resource only, every action (`*`, or NotAction)
// is full control of that resource whatever its Resource element says.
// IAM201 reports these statements.
func fullControl(pol *model.Policy, st *model.Statement) (how string, ok bool) {
	if !pol.IsResourcePolicy() {
		return fullAdmin(st)
	}
	switch {
	case !st.Allows():
	case hasKnown(st.Action, isAnyAction):
		return "every action (`*`)", true
	case st.NotAction.Set && st.NotAction.AllKnown():
		return "every action except " + quoteList(st.NotAction.Items, 3), true
	}
	return "", false
}

// excludesIAM reports whether a NotAction list takes all of IAM out.
func excludesIAM(na model.Values) bool {
	for _, v := range na.Items {
		if isAnyAction(v) || v.IsFold("iam:*") {
			return true
		}
	}
	return false
}

func hasKnown(vs model.Values, pred func(model.Value) bool) bool {
	for _, v := range vs.Items {
		if pred(v) {
			return true
		}
	}
	return false
}

// serviceWildcard reports whether an action is a whole-service wildcard
// such as "s3:*" and returns the service prefix.
func serviceWildcard(v model.Value) (string, bool) {
	if !v.IsKnown() {
		return "", false
	}
	service, action, ok := strings.Cut(v.Text, ":")
	if !ok || action != "*" || strings.ContainsAny(service, "*?") || service == "" {
		return "", false
	}
	return service, true
}

// grants reports whether a statement's Action (or NotAction) covers the
// action. Unknown patterns never match: they prove nothing.
func grants(st *model.Statement, action string) bool {
	switch {
	case st.Action.Set:
		for _, a := range st.Action.Items {
			if a.IsKnown() && iam.ActionMatches(a.Text, action) {
				return true
			}
		}
	case st.NotAction.Set:
		if !st.NotAction.AllKnown() {
			return false
		}
		for _, a := range st.NotAction.Items {
			if iam.ActionMatches(a.Text, action) {
				return false
			}
		}
		return true
	}
	return false
}

// grantsAny returns the actions of the list that the statement covers.
func grantsAny(st *model.Statement, actions []string) []string {
	var out []string
	for _, a := range actions {
		if grants(st, a) {
			out = append(out, a)
		}
	}
	return out
}

// ownActionsOnly are the services whose resource policies may only name
// the service's own actions: S3 answers "Policy has invalid action", SNS
// "Policy statement action out of service scope".
var ownActionsOnly = map[string]struct{ service, resource string }{
	"s3":  {"S3", "the bucket"},
	"sns": {"SNS", "the topic"},
}

// foreignActions returns the known Action entries of a resource policy
// statement that name another service than the policy's, where that
// service rejects them. `*` is every service's, its own included.
func foreignActions(pol *model.Policy, st *model.Statement) []model.Value {
	if _, ok := ownActionsOnly[pol.Service]; pol.Kind != model.Resource || !ok {
		return nil
	}
	var out []model.Value
	for _, a := range st.Action.Items {
		prefix, _, ok := strings.Cut(a.Text, ":")
		if a.IsKnown() && ok && !strings.ContainsAny(prefix, "*?") && !strings.EqualFold(prefix, pol.Service) {
			out = append(out, a)
		}
	}
	return out
}
