package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/access"
	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// scoped is the actions a principal is allowed under one scope, merged
// over the statements that share it.
type scoped struct {
	key     string
	scope   Scope
	actions iam.ActionSet
	sources []source
}

// source is where some of a scope's actions come from.
type source struct {
	via     string
	actions iam.ActionSet
}

// grantScopes groups a principal's Allow grants by scope; the actions are
// those the principal is allowed (past its boundary and total Denies).
func grantScopes(an *iam.Analysis, perm *iam.Permissions) []*scoped {
	if perm == nil {
		return nil
	}
	c := an.Catalog
	var out []*scoped
	byKey := make(map[string]*scoped)
	for _, g := range perm.Allows {
		set := c.Intersect(an.Actions(g.Stmt), perm.Allowed())
		if set.IsEmpty() {
			continue
		}
		sc := statementScope(g.Statement)
		key := sc.key()
		e := byKey[key]
		if e == nil {
			e = &scoped{key: key, scope: sc}
			byKey[key] = e
			out = append(out, e)
		}
		e.actions = c.Union(e.actions, set)
		e.sources = append(e.sources, source{via: grantVia(g), actions: set})
	}
	return out
}

func grantVia(g *iam.Grant) string {
	via := g.Where()
	if g.Group != nil {
		via += fmt.Sprintf(" through group `%s`", g.Group.ID)
	}
	return via
}

func statementScope(st *model.Statement) Scope {
	sc := Scope{Conditions: conditionsText(st.Condition)}
	if st.NotResource.Set {
		sc.NotResources = valuesText(st.NotResource)
	} else {
		sc.Resources = valuesText(st.Resource)
	}
	return sc
}

func conditionsText(cs model.Conditions) []string {
	var out []string
	for _, c := range cs.Items {
		out = append(out, valueText(c.Operator)+" "+valueText(c.Key)+" "+strings.Join(valuesText(c.Values), ", "))
	}
	slices.Sort(out)
	if cs.Unknown {
		expr := cs.Expr
		if expr == "" {
			expr = "more conditions"
		}
		out = append(out, "(known after apply: "+expr+")")
	}
	return out
}

func (s Scope) key() string {
	return strings.Join(s.Resources, "\x1f") + "\x1e" + strings.Join(s.NotResources, "\x1f") + "\x1e" + strings.Join(s.Conditions, "\x1f")
}

// String renders the scope on one line: "on R when C".
func (s Scope) String() string {
	var b strings.Builder
	switch {
	case len(s.NotResources) > 0:
		b.WriteString("on every resource except " + strings.Join(s.NotResources, ", "))
	case len(s.Resources) == 0:
		b.WriteString("on no resource")
	default:
		b.WriteString("on " + strings.Join(s.Resources, ", "))
	}
	if len(s.Conditions) > 0 {
		b.WriteString(" when " + strings.Join(s.Conditions, " and "))
	}
	return b.String()
}

// covers reports whether a grant under outer allows at least what one
// under inner does: every resource of inner is covered by one of outer,
// and outer's conditions are among inner's.
func (outer Scope) covers(inner Scope) bool {
	for _, c := range outer.Conditions {
		if !slices.Contains(inner.Conditions, c) {
			return false
		}
	}
	if len(outer.NotResources) > 0 {
		return slices.Equal(outer.NotResources, inner.NotResources)
	}
	if len(inner.NotResources) > 0 {
		return slices.Contains(outer.Resources, "*")
	}
	for _, r := range inner.Resources {
		if !slices.ContainsFunc(outer.Resources, func(o string) bool { return iam.Covers(o, r) }) {
			return false
		}
	}
	return true
}

// allowed is what a principal may do: what its policies allow, within
// the SCPs of its account, so that a change of an SCP, or of the OU an
// account is in, is a change of the principals it limits.
func allowed(an *iam.Analysis, perm *iam.Permissions) iam.ActionSet {
	if perm == nil {
		return iam.ActionSet{}
	}
	if l := access.SCPLimit(an, perm); l != nil {
		return an.Catalog.Intersect(perm.Allowed(), l.Allowed)
	}
	return perm.Allowed()
}

// comparePermissions fills in what changed in a principal's permissions.
func comparePermissions(bAn, aAn *iam.Analysis, before, after *iam.Permissions, p *Principal) {
	c := aAn.Catalog
	bs, as := grantScopes(bAn, before), grantScopes(aAn, after)
	bAllowed, aAllowed := allowed(bAn, before), allowed(aAn, after)
	newly := c.Minus(aAllowed, bAllowed)
	for _, e := range as {
		if add := c.Intersect(e.actions, newly); !add.IsEmpty() {
			p.Added = append(p.Added, newGrant(c, e, add))
		}
		old := c.Minus(e.actions, newly)
		for _, be := range bs {
			if old.IsEmpty() {
				break
			}
			if be.scope.covers(e.scope) {
				old = c.Minus(old, be.actions)
			}
		}
		if old.IsEmpty() {
			continue
		}
		g := newGrant(c, e, old)
		for _, be := range bs {
			if !c.Intersect(be.actions, old).IsEmpty() {
				g.Was = append(g.Was, be.scope)
			}
		}
		p.Widened = append(p.Widened, g)
	}
	removed := c.Minus(bAllowed, aAllowed)
	for _, be := range bs {
		if rem := c.Intersect(be.actions, removed); !rem.IsEmpty() {
			p.Removed = append(p.Removed, newGrant(c, be, rem))
			removed = c.Minus(removed, rem)
		}
	}
}

// newGrant describes a set of actions under a scope, by service and
// access level; a service granted whole is one entry of level "all".
func newGrant(c *iam.Catalog, e *scoped, set iam.ActionSet) *Grant {
	g := &Grant{Scope: e.scope, Actions: set.Len(), Services: []*ServiceAccess{}}
	for _, src := range e.sources {
		if !slices.Contains(g.Via, src.via) && !c.Intersect(src.actions, set).IsEmpty() {
			g.Via = append(g.Via, src.via)
		}
	}
	g.All = e.actions.Len() == c.All().Len()
	if g.All && g.Actions > 1000 {
		return g // "every action" says it; listing thousands says no more
	}
	type key struct {
		svc   *iam.Service
		level iam.AccessLevel
	}
	levels := make(map[key]*ServiceAccess)
	var order []key
	for a := range c.Actions(set) {
		k := key{a.Service, a.Level}
		s := levels[k]
		if s == nil {
			s = &ServiceAccess{Service: a.Service.Prefix, Name: a.Service.Name, Level: a.Level.String(),
				Total: c.ServiceActions(a.Service, a.Level).Len()}
			levels[k] = s
			order = append(order, k)
		}
		s.Count++
		s.Actions = append(s.Actions, a.String())
	}
	for i := 0; i < len(order); {
		svc := order[i].svc
		j := i
		whole, count, total := true, 0, 0
		for ; j < len(order) && order[j].svc == svc; j++ {
			s := levels[order[j]]
			whole = whole && s.Count == s.Total
			count += s.Count
			total += s.Total
		}
		if whole && count == serviceSize(c, svc) {
			g.Services = append(g.Services, &ServiceAccess{Service: svc.Prefix, Name: svc.Name, Level: "all", Count: count, Total: total})
		} else {
			for _, k := range order[i:j] {
				s := levels[k]
				if s.Count == s.Total {
					s.Actions = nil
				}
				g.Services = append(g.Services, s)
			}
		}
		i = j
	}
	if g.All && len(g.Services) > maxServiceLines {
		g.Services = []*ServiceAccess{} // "every action" says it better
	}
	return g
}

func serviceSize(c *iam.Catalog, svc *iam.Service) int {
	n := 0
	for _, l := range iam.Levels {
		n += c.ServiceActions(svc, l).Len()
	}
	return n
}

// comparePrincipal compares one principal's two sides; either may be nil.
func comparePrincipal(bAn, aAn *iam.Analysis, before, after *iam.Permissions) *Principal {
	p := &Principal{Added: []*Grant{}, Widened: []*Grant{}, Removed: []*Grant{},
		DeniesAdded: []string{}, DeniesRemoved: []string{}, Trust: []*Reach{},
		UnknownBefore: unknowns(before), UnknownAfter: unknowns(after), Findings: []*Finding{}}
	comparePermissions(bAn, aAn, before, after, p)
	bBound, aBound := boundaryText(before), boundaryText(after)
	if bBound != aBound {
		p.Boundary = &Change{Before: bBound, After: aBound}
	}
	bDeny, aDeny := denies(bAn, before), denies(aAn, after)
	for _, d := range aDeny {
		if !slices.Contains(bDeny, d) {
			p.DeniesAdded = append(p.DeniesAdded, d)
		}
	}
	for _, d := range bDeny {
		if !slices.Contains(aDeny, d) {
			p.DeniesRemoved = append(p.DeniesRemoved, d)
		}
	}
	if role := roleOf(after, before); role {
		p.Trust = orReach(compareReach(trustDoc(before), trustDoc(after), ownAccounts(bAn, aAn)))
	}
	return p
}

func roleOf(perms ...*iam.Permissions) bool {
	for _, p := range perms {
		if p != nil && p.Identity != nil && p.Identity.Kind == model.Role {
			return true
		}
	}
	return false
}

func trustDoc(p *iam.Permissions) *model.Document {
	if p == nil || p.Identity == nil || p.Identity.Trust == nil {
		return nil
	}
	return p.Identity.Trust.Document
}

func boundaryText(p *iam.Permissions) string {
	if p == nil || p.Boundary == nil {
		return ""
	}
	if p.Boundary.Policy != nil {
		return p.Boundary.Policy.ID // the same on both sides, however referred to
	}
	ref := p.Boundary.Ref
	if ref.ID != "" {
		return ref.ID
	}
	return valueText(ref.Value)
}

func denies(an *iam.Analysis, p *iam.Permissions) []string {
	if p == nil {
		return nil
	}
	var out []string
	add := func(st *model.Statement, via string) {
		acts := valuesText(st.Action)
		verb := "Deny "
		if st.NotAction.Set {
			acts, verb = valuesText(st.NotAction), "Deny all but "
		}
		d := verb + strings.Join(acts, ", ") + " " + statementScope(st).String() + " (" + via + ")"
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	for _, g := range p.Denies {
		add(g.Statement, grantVia(g))
	}
	if l := access.SCPLimit(an, p); l != nil {
		for _, s := range l.Denies {
			add(s.Statement, "SCP "+s.Where())
		}
	}
	return out
}

// unknowns lists what could not be resolved for a principal.
func unknowns(p *iam.Permissions) []string {
	out := []string{}
	if p == nil {
		return out
	}
	out = append(out, p.Unknown...)
	if b := p.Boundary; b != nil && b.Unknown {
		out = append(out, "permissions boundary `"+boundaryText(p)+"` is not in the scan or not known before deploy")
	}
	for _, g := range p.Allows {
		if g.UnknownActions {
			out = append(out, "an Allow in "+g.Where()+" has actions known only after apply")
		}
	}
	return out
}
