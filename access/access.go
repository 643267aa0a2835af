// Package access answers "can this principal do this?" and "who can do
// this?" offline, from the effective permissions of a scan (iam.Analyze):
// allowed, denied, depends on conditions, or unknown, with the statements
// that decide it — the pre-deploy counterpart of the IAM policy simulator.
// It follows the roles a principal can reach through sts:AssumeRole when
// both the role's trust policy and the principal's permissions are in the
// scan.
package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// Verdict is the answer to one question.
type Verdict string

const (
	Allowed     Verdict = "allowed"     // granted with no condition, nothing denies it
	Conditional Verdict = "conditional" // granted, but only when conditions hold
	Denied      Verdict = "denied"      // an explicit Deny applies
	NotAllowed  Verdict = "not allowed" // nothing grants it (or the boundary does not)
	Unknown     Verdict = "unknown"     // it depends on values known only after apply
)

// rank orders verdicts from the strongest "yes" down, to pick the best
// path among role chains.
var rank = map[Verdict]int{Allowed: 4, Conditional: 3, Unknown: 2, Denied: 1, NotAllowed: 0}

// Answer is whether a principal may perform an action.
type Answer struct {
	Principal string  `json:"principal"`
	Kind      string  `json:"kind"`
	File      string  `json:"file"`
	Line      int     `json:"line"`
	Action    string  `json:"action"`
	Resource  string  `json:"resource"`
	Verdict   Verdict `json:"verdict"`
	// Chain lists the roles assumed on the way, in order, when the access
	// is not the principal's own ("aws_iam_role.a", "aws_iam_role.b").
	Chain []string `json:"chain"`
	// Deciding are the statements that decide the verdict: the grants, the
	// Denies, the boundary's statements.
	Deciding []Statement `json:"deciding"`
	// Notes say what could not be known, and why a grant does not count.
	Notes []string `json:"notes"`
}

// Statement is a policy statement that takes part in an answer.
type Statement struct {
	Part       string   `json:"part"` // "grant", "deny", "boundary", "trust", "resource policy grant", "resource policy deny"
	Effect     string   `json:"effect"`
	Where      string   `json:"where"`
	Sid        string   `json:"sid,omitempty"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Conditions []string `json:"conditions,omitempty"`
}

// Query is one question: an action, and optionally the ARN of the
// resource it is performed on (empty: on some resource).
type Query struct {
	Action   *iam.Action
	Resource string
	// role, when set, is the resource: a role of the scan, whose ARN may
	// be known only after apply (a step of a role chain).
	role *model.Identity
}

// named reports whether the query names a resource.
func (q Query) named() bool { return q.Resource != "" || q.role != nil }

// match reports whether a policy's resource entry covers the resource.
func (q Query) match(v model.Value) tri {
	if q.role != nil {
		return roleMatch(v, q.role)
	}
	if !v.IsKnown() {
		return maybe
	}
	if iam.Covers(v.Text, q.Resource) {
		return yes
	}
	return no
}

// Evaluate answers a query for one principal, from its own permissions.
func Evaluate(an *iam.Analysis, perm *iam.Permissions, q Query) Answer {
	ans := newAnswer(perm, q)
	a := q.Action
	var grants, conditional []*iam.Grant
	for _, g := range perm.Allows {
		if !g.Matches(a) {
			continue
		}
		switch covers(g.Statement, q) {
		case yes:
			if g.Condition.Set {
				conditional = append(conditional, g)
			} else {
				grants = append(grants, g)
			}
		case maybe:
			ans.note("%s may grant it: its resources are known only after apply", where(g.Stmt))
			conditional = append(conditional, g)
		}
	}
	if g := grantsUnknownActions(perm); g != "" {
		ans.note("%s has actions known only after apply", g)
	}
	ans.Notes = append(ans.Notes, perm.Unknown...)

	var denies, conditionalDenies []*iam.Grant
	for _, d := range perm.Denies {
		if !d.Matches(a) {
			continue
		}
		switch coversDeny(d.Statement, q) {
		case yes:
			if d.Condition.Set {
				conditionalDenies = append(conditionalDenies, d)
			} else {
				denies = append(denies, d)
			}
		case maybe:
			ans.note("a Deny in %s may apply: its resources are known only after apply", where(d.Stmt))
			conditionalDenies = append(conditionalDenies, d)
		case no:
			if !q.named() {
				ans.note("a Deny in %s takes it away on some resources", where(d.Stmt))
			}
		}
	}
	if q.Resource != "" && perm.Identity != nil {
		rp := resourcePolicies(an, perm.Identity, q)
		denies = append(denies, rp.denies...)
		conditionalDenies = append(conditionalDenies, rp.conditionalDenies...)
		conditional = append(conditional, rp.conditional...)
		grants = append(grants, rp.grants...)
	}
	if len(denies) > 0 {
		ans.Verdict = Denied
		for _, d := range denies {
			ans.add(part(d, "deny"), d.Stmt)
		}
		return ans
	}

	boundaryOK, boundaryCond, boundaryUnknown := true, false, false
	if b := perm.Boundary; b != nil {
		if b.Unknown {
			boundaryUnknown = true
			ans.note("permissions boundary `%s` is not in the scan or not known before deploy", b.Ref)
		} else {
			boundaryOK = false
			for _, s := range b.Allows {
				if s.Matches(a) && covers(s.Statement, q) != no {
					boundaryOK = true
					boundaryCond = boundaryCond || s.Condition.Set
					ans.add("boundary", s)
				}
			}
			for _, s := range b.Denies {
				if s.Matches(a) && coversDeny(s.Statement, q) == yes && !s.Condition.Set {
					boundaryOK = false
					ans.add("boundary", s)
				}
			}
		}
	}
	for _, g := range grants {
		ans.add(part(g, "grant"), g.Stmt)
	}
	for _, g := range conditional {
		ans.add(part(g, "grant"), g.Stmt)
	}
	for _, d := range conditionalDenies {
		ans.add(part(d, "deny"), d.Stmt)
	}
	switch {
	case len(grants)+len(conditional) == 0:
		ans.Verdict = NotAllowed
		if len(perm.Unknown) > 0 || grantsUnknownActions(perm) != "" {
			ans.Verdict = Unknown
		}
	case !boundaryOK:
		ans.Verdict = NotAllowed
		ans.note("the permissions boundary does not allow it")
	case boundaryUnknown:
		ans.Verdict = Unknown
	case len(grants) > 0 && !boundaryCond && len(conditionalDenies) == 0:
		ans.Verdict = Allowed
		if len(perm.Unknown) > 0 {
			// A Deny in a policy not known could take it away.
			ans.Verdict = Unknown
		}
	default:
		ans.Verdict = Conditional
	}
	return ans
}

func newAnswer(perm *iam.Permissions, q Query) Answer {
	m := perm.Meta()
	kind := "policy"
	if perm.Identity != nil {
		kind = string(perm.Identity.Kind)
	}
	res := q.Resource
	if res == "" {
		res = "*"
	}
	return Answer{Principal: m.ID, Kind: kind, File: m.Loc.File, Line: m.Loc.StartLine, Action: q.Action.String(),
		Resource: res, Chain: []string{}, Deciding: []Statement{}, Notes: []string{}}
}

func (ans *Answer) note(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	if !slices.Contains(ans.Notes, n) {
		ans.Notes = append(ans.Notes, n)
	}
}

func (ans *Answer) add(part string, s *iam.Stmt) {
	st := Statement{Part: part, Effect: s.Effect.Text, Where: where(s), File: s.Loc.File, Line: s.Loc.StartLine,
		Conditions: conditions(s.Condition)}
	if s.Sid.IsKnown() {
		st.Sid = s.Sid.Text
	}
	ans.Deciding = append(ans.Deciding, st)
}

func where(s *iam.Stmt) string {
	w := s.Where()
	return fmt.Sprintf("%s, statement %d", w, s.Index+1)
}

func conditions(cs model.Conditions) []string {
	var out []string
	for _, c := range cs.Items {
		out = append(out, text(c.Operator)+" "+text(c.Key)+" "+strings.Join(texts(c.Values), ", "))
	}
	if cs.Unknown {
		out = append(out, "(known after apply)")
	}
	return out
}

func text(v model.Value) string {
	if v.IsKnown() {
		return v.Text
	}
	return "(known after apply: " + v.String() + ")"
}

func texts(vs model.Values) []string {
	var out []string
	for _, v := range vs.Items {
		out = append(out, text(v))
	}
	return out
}

func grantsUnknownActions(perm *iam.Permissions) string {
	for _, g := range perm.Allows {
		if g.UnknownActions {
			return g.Where()
		}
	}
	return ""
}

// tri is a three-valued answer.
type tri int

const (
	no tri = iota
	yes
	maybe // a value known only after apply decides
)

// covers reports whether an Allow statement's Resource (or NotResource)
// covers the query's resource; with none named, any statement does.
func covers(st *model.Statement, q Query) tri {
	if !q.named() {
		return yes
	}
	if st.NotResource.Set {
		switch anyCovers(st.NotResource, q) {
		case yes:
			return no
		case maybe:
			return maybe
		}
		return yes
	}
	return anyCovers(st.Resource, q)
}

// coversDeny is covers for a Deny: with no resource named, a Deny counts
// only when it applies to every resource.
func coversDeny(st *model.Statement, q Query) tri {
	if !q.named() {
		if !st.NotResource.Set && st.Resource.Has("*") {
			return yes
		}
		return no
	}
	return covers(st, q)
}

func anyCovers(vs model.Values, q Query) tri {
	out := no
	for _, v := range vs.Items {
		switch q.match(v) {
		case yes:
			return yes
		case maybe:
			out = maybe
		}
	}
	if vs.Unknown {
		out = maybe
	}
	return out
}

// part names a deciding statement's part: a resource policy's statement
// or the principal's own.
func part(g *iam.Grant, own string) string {
	if g.Policy != nil && g.Policy.IsResourcePolicy() {
		return "resource policy " + own
	}
	return own
}

// fromResource is what the resource policies of the scan that cover a
// resource say about a principal.
type fromResource struct {
	grants, conditional, denies, conditionalDenies []*iam.Grant
}

// resourcePolicies applies the resource policies of the scan whose
// statements cover the query's resource: an Allow that names the principal
// (or everyone) grants the action on its own, as IAM allows within an
// account; a Deny that names it (or everyone) denies it.
func resourcePolicies(an *iam.Analysis, id *model.Identity, q Query) fromResource {
	var out fromResource
	for _, p := range an.Inventory.Policies {
		if !p.IsResourcePolicy() || p.Document == nil {
			continue
		}
		for _, st := range p.Document.Statements {
			s := an.Statement(st)
			if s == nil || !s.Matches(q.Action) || covers(st, q) != yes {
				continue
			}
			who := trusts(an.Inventory, st.Principal, id)
			g := &iam.Grant{Stmt: s}
			switch {
			case st.Allows() && (who == trustNamed || st.Principal != nil && anyone(st.Principal)):
				if st.Condition.Set {
					out.conditional = append(out.conditional, g)
				} else {
					out.grants = append(out.grants, g)
				}
			case st.Denies() && who != trustNone:
				if st.Condition.Set {
					out.conditionalDenies = append(out.conditionalDenies, g)
				} else {
					out.denies = append(out.denies, g)
				}
			}
		}
	}
	return out
}

// anyone reports whether a Principal element is everyone.
func anyone(p *model.Principal) bool {
	if p.Wildcard {
		return true
	}
	for _, e := range p.Entries {
		if e.Type.Is("AWS") && e.Values.Has("*") {
			return true
		}
	}
	return false
}
