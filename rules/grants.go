package rules

import (
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// grant is an Allow statement of an identity policy, resolved, for the
// rules that judge what a statement grants on which resources.
type grant struct {
	pol *model.Policy
	st  *iam.Stmt
}

// identityGrants yields the Allow statements of policies that grant
// permissions to identities (not trust, resource or service control
// policies, nor policies used only as boundaries).
func identityGrants(pass *Pass) []grant {
	an := pass.IAM()
	var out []grant
	for pol, st := range pass.Statements() {
		if st.Allows() && pol.IsIdentityPolicy() && grantsPermissions(pass.Inventory, pol) {
			out = append(out, grant{pol, an.Statement(st)})
		}
	}
	return out
}

// wideGrant is an identity grant on every resource, with the actions of
// one class it gives its holders.
type wideGrant struct {
	grant
	loc     model.Location // the "*" resource (or NotResource)
	what    string         // "every resource (`*`)", for messages
	actions []*iam.Action
	hidden  bool   // a holder may hold policies the scan cannot see
	pin     string // the condition key that pins the grant to a service's use, if any
	twin    string // the AWS managed policy the grant's policy repeats, if any
}

// lowered is sev, or pinned when a condition pins the grant to an AWS
// service acting for the holder (servicePinned), whichever is lower.
func (w wideGrant) lowered(sev, pinned Severity) Severity {
	if w.pin != "" {
		return min(sev, pinned)
	}
	return sev
}

// notes is what the message of a finding on the grant ends with: the
// conditions considered, the service pin, and whether hidden policies
// could deny it.
func (w wideGrant) notes() string {
	s := conditionNote(w.st.Statement)
	if w.pin != "" {
		s += pinNote(w.pin)
	}
	return s + unlessHidden(w.hidden) + twinNote(w.twin)
}

// grantClass is what a rule on grants on every resource judges: the
// actions it picks, and the condition keys that narrow such a grant.
type grantClass struct {
	narrow func(key string) bool
	pick   func(*iam.Action) bool
}

// wideGrants returns the grants of the class's actions on every resource,
// unless a condition on a key the class's narrow accepts (or
// `iam:AWSServiceName`) limits them.
// This is the shape of IAM204 and IAM209-IAM211. Each reports what it finds
// whatever else the statement is (full administrator access, NotAction):
// rules.Group folds findings on one statement into one alert.
func wideGrants(pass *Pass, class grantClass) []wideGrant {
	narrow, pick := class.narrow, class.pick
	an := pass.IAM()
	var out []wideGrant
	for _, g := range identityGrants(pass) {
		loc, what, ok := everyResource(g.st)
		wide := typeWideEntries(g.st)
		if !ok && len(wide) == 0 {
			continue
		}
		if _, narrowed := narrowing(g.st.Statement, func(k string) bool { return narrow(k) || serviceLinkedKey(k) }); narrowed {
			continue
		}
		granted := func(a *iam.Action) bool { return pass.confirmed(g.st, a, "*") }
		var actions []*iam.Action
		if ok {
			actions = grantedActions(an, g.st, pick, granted)
		} else {
			actions, loc, what = everyResourceOfType(an, g.st, wide, pick, granted)
		}
		if len(actions) > 0 {
			pin, _ := servicePinned(g.st.Statement)
			out = append(out, wideGrant{g, loc, what, actions, policyHidden(an, g.pol), pin, pass.managedTwin(g.pol)})
		}
	}
	return out
}

// everyOfTypeDoc is the sentence of the rules' descriptions on patterns
// as wide as "*" (IAM204, IAM209-IAM211).
const everyOfTypeDoc = " A pattern that covers every resource of the action's types counts as `*`: every part but the " +
	"partition a wildcard (`arn:aws:s3:::*/*` for `s3:GetObject`, `arn:aws:sqs:*:*:*`, `arn:aws:iam::*:user/*`), " +
	"as the ARN formats of AWS's service authorization reference say."

// typeWideEntries returns the statement's resource entries that may cover
// every resource of an action's types (iam.Action.EveryResource): known
// ARN patterns with a wildcard and no policy variable.
func typeWideEntries(st *iam.Stmt) []model.Value {
	if st.NotResource.Set {
		return nil
	}
	var out []model.Value
	for _, r := range st.Resource.Items {
		if r.IsKnown() && strings.HasPrefix(r.Text, "arn:") && strings.Contains(r.Text, "*") && !strings.Contains(r.Text, "${") {
			out = append(out, r)
		}
	}
	return out
}

// everyResourceOfType returns the actions that pick selects, that granted
// confirms, and that one of the entries grants on every resource of their
// types, as "*" would; loc and what are the first entry used, or all of
// them, for messages.
func everyResourceOfType(an *iam.Analysis, st *iam.Stmt, entries []model.Value, pick, granted func(*iam.Action) bool) (actions []*iam.Action, loc model.Location, what string) {
	var used []model.Value
	// Whether an entry covers every resource of an action's types depends
	// on the types alone, which a service's actions share: one answer per
	// entry and list of types.
	covers := make(map[coverKey]bool)
	for a := range an.Catalog.Actions(an.Actions(st)) {
		if !pick(a) {
			continue
		}
		types := resourceTypes(a)
		for i, e := range entries {
			k := coverKey{i, types}
			every, ok := covers[k]
			if !ok {
				every = a.EveryResource(e.Text)
				covers[k] = every
			}
			if !every {
				continue
			}
			if !granted(a) {
				break
			}
			if !slices.ContainsFunc(used, func(u model.Value) bool { return u.Text == e.Text }) {
				if len(used) == 0 {
					loc = e.Loc
				}
				used = append(used, e)
			}
			actions = append(actions, a)
			break
		}
	}
	if len(actions) == 0 {
		return nil, model.Location{}, ""
	}
	types := "their types"
	if len(actions) == 1 {
		types = "its type"
	}
	return actions, loc, "every resource of " + types + " (" + quoteList(used, 3) + ")"
}

// coverKey is an entry of a statement's resources and an action's list
// of resource types (resourceTypes).
type coverKey struct {
	entry int
	types string
}

// resourceTypes names an action's resource types and whether each is
// required: what iam.Action.EveryResource reads of the action, besides
// whether it has any.
func resourceTypes(a *iam.Action) string {
	var b strings.Builder
	for _, r := range a.Resources {
		b.WriteString(r.Type.ARN)
		if r.Required {
			b.WriteByte('*')
		}
		b.WriteByte(0)
	}
	return b.String()
}

// everyResource returns the statement's resource entry that is "*" (or
// the NotResource element, which leaves nearly everything), for rules about
// grants on every resource. ok is false when the statement names resources.
func everyResource(st *iam.Stmt) (where model.Location, what string, ok bool) {
	if st.NotResource.Set {
		if model.VoidNotResource(st.Statement) {
			return model.Location{}, "", false // no resource at all
		}
		return st.NotResource.Loc, "every resource except " + quoteList(st.NotResource.Items, 3), true
	}
	for _, r := range st.Resource.Items {
		if r.Is("*") {
			return r.Loc, "every resource (`*`)", true
		}
	}
	return model.Location{}, "", false
}

// grantedActions returns the actions of the statement that pick selects
// and that granted confirms.
func grantedActions(an *iam.Analysis, st *iam.Stmt, pick, granted func(*iam.Action) bool) []*iam.Action {
	var out []*iam.Action
	for a := range an.Catalog.Actions(an.Actions(st)) {
		if pick(a) && granted(a) {
			out = append(out, a)
		}
	}
	return out
}

// unlessHidden is the note a finding about a grant carries when some of
// its holders may hold policies the scan cannot see, which could deny it.
func unlessHidden(hidden bool) string {
	if hidden {
		return ", unless a policy not visible here denies it"
	}
	return ""
}

// policyHidden reports whether some holder of a policy may hold policies
// the scan cannot see.
func policyHidden(an *iam.Analysis, p *model.Policy) bool {
	for _, h := range an.Holders(p) {
		if h.Incomplete() {
			return true
		}
	}
	return false
}

// resourceKeys are condition keys that limit which resources a grant
// applies to, by tag, account or organization.
func resourceKey(key string) bool {
	k := strings.ToLower(key)
	return strings.Contains(k, ":resourcetag/") || strings.HasPrefix(k, "aws:resourceaccount") ||
		strings.HasPrefix(k, "aws:resourceorg") || strings.HasSuffix(k, ":resourceaccount")
}

// narrowing returns the first condition of the statement that really
// narrows the grant along keys that match: a positive operator (not a
// negation, not IfExists, not Null) whose values are not just wildcards. A
// condition that could narrow but is not known before deploy (its key,
// operator or values) counts as narrowing: an unknown never produces a
// finding. A negated, IfExists or Null condition narrows nothing whatever
// its values, so unknown values there change nothing.
func narrowing(st *model.Statement, match func(key string) bool) (model.Condition, bool) {
	if st.Condition.Unknown {
		return model.Condition{Key: model.Value{Text: "(unknown condition)", Set: true}}, true
	}
	for _, c := range st.Condition.Items {
		if !c.Key.IsKnown() || !c.Operator.IsKnown() {
			if !c.Key.IsKnown() || match(c.Key.Text) {
				return c, true
			}
			continue
		}
		if !match(c.Key.Text) {
			continue
		}
		op := model.ParseOperator(c.Operator.Text)
		if op.IfExists || strings.Contains(op.Name, "Not") || op.Name == "Null" {
			continue
		}
		if !c.Values.AllKnown() {
			return c, true
		}
		if len(c.Values.Items) > 0 && !allWildcards(c.Values) {
			return c, true
		}
	}
	return model.Condition{}, false
}

func allWildcards(vs model.Values) bool {
	for _, v := range vs.Items {
		if strings.Trim(v.Text, "*") != "" {
			return false
		}
	}
	return true
}

func sortStrings(s []string) { slices.Sort(s) }
