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
	sc := Scope{Conditions: conditionsText(st.Condition), conds: st.Condition}
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
// Actions newly allowed, and no longer allowed, are those of the effective
// permissions (within the SCPs) of one side only that the engine does not
// refuse on every resource of the grant (side.confirm). Of the actions allowed
// on both sides, a grant whose scope changed is asked of the decision
// engine on both sides (gains): allowed more widely when the after side
// allows a request of it that the before side does not, less widely when
// the before side allowed a request of one of its grants that the after
// side does not.
func comparePermissions(bAn, aAn *iam.Analysis, before, after *iam.Permissions, p *Principal) {
	c := aAn.Catalog
	b := side{an: bAn, perm: before, scopes: grantScopes(bAn, before)}
	a := side{an: aAn, perm: after, scopes: grantScopes(aAn, after)}
	bAllowed, aAllowed := allowed(bAn, before), allowed(aAn, after)
	newly := c.Minus(aAllowed, bAllowed)
	removed := c.Minus(bAllowed, aAllowed)
	for _, e := range a.scopes {
		if add := a.confirm(c, e, c.Intersect(e.actions, newly)); !add.IsEmpty() {
			p.Added = append(p.Added, newGrant(c, e, add))
		}
		wide := changedActions(c, e, c.Minus(e.actions, newly), b, a)
		if wide.IsEmpty() {
			continue
		}
		g := newGrant(c, e, wide)
		for _, be := range b.scopes {
			if !c.Intersect(be.actions, wide).IsEmpty() {
				g.Was = append(g.Was, be.scope)
			}
		}
		p.Widened = append(p.Widened, g)
	}
	// Less widely: the before side's grants the after side no longer
	// covers, shown under the scopes they are allowed under now.
	narrow := make(map[*scoped]iam.ActionSet)
	var narrowed iam.ActionSet
	for _, be := range b.scopes {
		if n := changedActions(c, be, c.Minus(be.actions, removed), a, b); !n.IsEmpty() {
			narrow[be] = n
			narrowed = c.Union(narrowed, n)
		}
	}
	for _, e := range a.scopes {
		n := c.Intersect(e.actions, narrowed)
		if n.IsEmpty() {
			continue
		}
		narrowed = c.Minus(narrowed, n)
		g := newGrant(c, e, n)
		for _, be := range b.scopes {
			if set, ok := narrow[be]; ok && !c.Intersect(set, n).IsEmpty() {
				g.Was = append(g.Was, be.scope)
			}
		}
		p.Narrowed = append(p.Narrowed, g)
	}
	for _, be := range b.scopes {
		if rem := b.confirm(c, be, c.Intersect(be.actions, removed)); !rem.IsEmpty() {
			p.Removed = append(p.Removed, newGrant(c, be, rem))
			removed = c.Minus(removed, rem)
		}
	}
}

// changedActions returns the actions of a grant of side to, allowed on
// both sides (both), that side to allows on some request of the grant's
// scope where side from does not. A grant of the same scope on side from
// holding the actions is the same grant: they did not change.
func changedActions(c *iam.Catalog, e *scoped, both iam.ActionSet, from, to side) iam.ActionSet {
	for _, fe := range from.scopes {
		if fe.key == e.key {
			both = c.Minus(both, fe.actions)
		}
	}
	var sets []iam.ActionSet
	for a := range c.Actions(both) {
		if gains(from, to, a, e.scope) {
			sets = append(sets, c.Match(a.String()))
		}
	}
	return c.Union(sets...)
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
	p := &Principal{Added: []*Grant{}, Widened: []*Grant{}, Narrowed: []*Grant{}, Removed: []*Grant{},
		DeniesAdded: []string{}, DeniesRemoved: []string{}, DeniesChanged: []*DenyChange{}, Trust: []*Reach{},
		UnknownBefore: unknowns(before), UnknownAfter: unknowns(after), Findings: []*Finding{}}
	comparePermissions(bAn, aAn, before, after, p)
	bBound, aBound := boundaryText(before), boundaryText(after)
	if bBound != aBound {
		p.Boundary = &Change{Before: bBound, After: aBound}
	}
	compareDenies(side{an: bAn, perm: before}, side{an: aAn, perm: after}, p)
	// A role is also a resource (of sts): the RCPs of its account limit
	// who may assume it.
	added, removed := compareTexts(roleRCPDenies(bAn, before), roleRCPDenies(aAn, after))
	p.DeniesAdded = append(p.DeniesAdded, added...)
	p.DeniesRemoved = append(p.DeniesRemoved, removed...)
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

// denyStmt is a Deny statement that applies to a principal.
type denyStmt struct {
	via  string // the policy, and the group or SCP it comes through
	sid  string
	nth  int // its place among the Denies of via
	text string
	st   *iam.Stmt
}

func denies(an *iam.Analysis, p *iam.Permissions) []denyStmt {
	if p == nil {
		return nil
	}
	var out []denyStmt
	count := make(map[string]int)
	add := func(st *iam.Stmt, via string) {
		d := denyText(st, via)
		if slices.ContainsFunc(out, func(x denyStmt) bool { return x.text == d }) {
			return
		}
		sid := ""
		if st.Sid.IsKnown() {
			sid = st.Sid.Text
		}
		out = append(out, denyStmt{via: via, sid: sid, nth: count[via], text: d, st: st})
		count[via]++
	}
	for _, g := range p.Denies {
		add(g.Stmt, grantVia(g))
	}
	if l := access.SCPLimit(an, p); l != nil {
		for _, s := range l.Denies {
			add(s, "SCP "+s.Where())
		}
	}
	return out
}

// denyText describes a Deny statement: "Deny s3:* on * when … (via)".
func denyText(st *iam.Stmt, via string) string {
	acts := valuesText(st.Action)
	verb := "Deny "
	if st.NotAction.Set {
		acts, verb = valuesText(st.NotAction), "Deny all but "
	}
	return verb + strings.Join(acts, ", ") + " " + statementScope(st.Statement).String() + " (" + via + ")"
}

// sameDeny scores how surely two Deny statements of one policy, one on
// each side, are one statement changed: the same Sid is sure; without
// one, keeping its scope or its actions counts for more than keeping its
// place among the policy's Denies, which a statement added before it
// moves. Zero: not the same.
func sameDeny(b, a denyStmt) int {
	switch {
	case b.via != a.via:
		return 0
	case b.sid != "" || a.sid != "":
		if b.sid == a.sid {
			return 8
		}
		return 0
	}
	score := 0
	if statementScope(b.st.Statement).key() == statementScope(a.st.Statement).key() {
		score += 4
	}
	if actionsText(b.st) == actionsText(a.st) {
		score += 2
	}
	if b.nth == a.nth {
		score++
	}
	return score
}

func actionsText(st *iam.Stmt) string {
	if st.NotAction.Set {
		return "not " + strings.Join(valuesText(st.NotAction), ",")
	}
	return strings.Join(valuesText(st.Action), ",")
}

// compareDenies sorts the Deny statements of both sides into added,
// removed and changed; a changed one (the same statement of the same
// policy, by Sid, else by what it kept and its place: sameDeny) says
// which actions it starts and stops denying.
func compareDenies(b, a side, p *Principal) {
	bDeny, aDeny := denies(b.an, b.perm), denies(a.an, a.perm)
	has := func(ds []denyStmt, text string) bool {
		return slices.ContainsFunc(ds, func(d denyStmt) bool { return d.text == text })
	}
	var bRest, aRest []denyStmt
	for _, d := range bDeny {
		if !has(aDeny, d.text) {
			bRest = append(bRest, d)
		}
	}
	for _, d := range aDeny {
		if !has(bDeny, d.text) {
			aRest = append(aRest, d)
		}
	}
	// Pair the surest first, so that a weaker match does not take a
	// statement a surer one needs.
	pairOf := make(map[int]int) // aRest index -> bRest index
	taken := make(map[int]bool)
	for score := 8; score > 0; score-- {
		for i, ad := range aRest {
			if _, ok := pairOf[i]; ok {
				continue
			}
			for j, bd := range bRest {
				if !taken[j] && sameDeny(bd, ad) == score {
					pairOf[i], taken[j] = j, true
					break
				}
			}
		}
	}
	for i, ad := range aRest {
		j, ok := pairOf[i]
		if !ok {
			p.DeniesAdded = append(p.DeniesAdded, ad.text)
			continue
		}
		bd := bRest[j]
		p.DeniesChanged = append(p.DeniesChanged, &DenyChange{Before: bd.text, After: ad.text,
			Starts: newlyDenied(bd, ad, b, a), Stops: newlyDenied(ad, bd, a, b)})
	}
	for j, bd := range bRest {
		if !taken[j] {
			p.DeniesRemoved = append(p.DeniesRemoved, bd.text)
		}
	}
}

// newlyDenied names the actions Deny statement to denies on side tos and
// statement from, its other version, did not on side froms. Without a
// condition the engine decides, on each resource of the statement: the
// action counts when an explicit Deny refuses it on side tos and none did
// on side froms (another Deny may still refuse what this one no longer
// does). A Deny under conditions is compared by its actions, as written.
func newlyDenied(from, to denyStmt, froms, tos side) []string {
	c := tos.an.Catalog
	fromActs, toActs := froms.an.Actions(from.st), tos.an.Actions(to.st)
	sameScope := statementScope(from.st.Statement).key() == statementScope(to.st.Statement).key()
	cands := toActs
	if sameScope {
		cands = c.Minus(toActs, fromActs)
	}
	sc := statementScope(to.st.Statement)
	byEngine := len(sc.Conditions) == 0 && len(sc.NotResources) == 0 && len(sc.Resources) > 0 && sc.known()
	out := []string{}
	for act := range c.Actions(cands) {
		if !byEngine {
			if !sameScope || !fromActs.Has(act) {
				out = append(out, act.String())
			}
			continue
		}
		for _, res := range sc.Resources {
			if tos.denied(act, res) && !froms.denied(act, res) {
				out = append(out, act.String())
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// unknowns lists what could not be resolved for a principal.
func unknowns(p *iam.Permissions) []string {
	out := []string{}
	if p == nil {
		return out
	}
	out = append(out, p.Unknowns()...)
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
