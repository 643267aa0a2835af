package iam

import (
	"fmt"
	"strings"
	"sync"

	"github.com/iacscan/iacscan/model"
)

// Analysis is the IAM view of one inventory: every statement's actions
// resolved against the catalog, and the effective permissions of every
// principal. Analyze builds it once; it is read-only afterwards, so rules
// may share it.
type Analysis struct {
	Catalog   *Catalog
	Inventory *model.Inventory

	principals []*Permissions
	byIdentity map[*model.Identity]*Permissions
	holders    map[*model.Policy][]*Permissions
	stmts      map[*model.Statement]*Stmt
	managed    map[string]*ManagedPolicy // AWS managed policies in use, by name
	managedMu  sync.Mutex
	// managedStmts are the resolved statements of the AWS managed policies
	// in use, shared by all their holders.
	managedStmts map[*ManagedPolicy][]*Stmt
	patterns     map[string]ActionSet // action entry (lower case) → actions; read-only once built
	sets         setTable             // principals' allowed sets, shared
}

// Stmt is a statement with its actions resolved against the catalog.
type Stmt struct {
	*model.Statement
	Policy  *model.Policy  // the inventory policy; nil for an AWS managed one
	Managed *ManagedPolicy // the AWS managed policy, when Policy is nil
	// UnknownActions: an Action or NotAction entry (or the list) is
	// unknown, so the statement may name more or fewer actions than known.
	UnknownActions bool
	// sets has one set per known Action/NotAction entry, or, in an AWS
	// managed policy, their union: ReadOnlyAccess lists thousands of
	// entries, and every holder's every access check would go through them.
	sets []ActionSet
	not  bool // NotAction
	// scope, when scoped, holds the only actions the statement's resources
	// can reach (see scopeOf).
	scope  ActionSet
	scoped bool
}

// Matches reports whether the statement's Action (or NotAction) element
// covers a, as far as it is known.
func (s *Stmt) Matches(a *Action) bool {
	for _, set := range s.sets {
		if set.Has(a) {
			return !s.not
		}
	}
	return s.not && !s.UnknownActions
}

// Actions returns the set of actions the statement covers, as far as known.
func (s *Stmt) actions(c *Catalog) ActionSet {
	if len(s.sets) == 1 && !s.not {
		return s.sets[0]
	}
	u := c.Union(s.sets...)
	if s.not {
		if s.UnknownActions {
			return ActionSet{}
		}
		return c.Minus(c.all, u)
	}
	return u
}

// Actions returns the set of actions the statement covers, as far as known.
func (an *Analysis) Actions(s *Stmt) ActionSet { return s.actions(an.Catalog) }

// Grants reports whether the statement applies to a for some resource it
// names: its Action element covers a, and its Resource element can name a
// resource a applies to (Action "*" on S3 ARNs grants no IAM action).
// Matches is what the statement says; Grants what it does.
func (s *Stmt) Grants(a *Action) bool {
	return s.Matches(a) && (!s.scoped || s.scope.Has(a))
}

// reach returns the actions the statement applies to, as Grants does.
func (s *Stmt) reach(c *Catalog) ActionSet {
	if s.scoped {
		return s.scope
	}
	return s.actions(c)
}

// Where names the policy a statement is in, for messages.
func (s *Stmt) Where() string {
	if s.Policy == nil {
		return "AWS managed policy `" + s.Managed.Name + "`"
	}
	return fmt.Sprintf("policy `%s`", s.Policy.ID)
}

// Analyze resolves an inventory against the catalog and computes the
// effective permissions of its principals.
func Analyze(inv *model.Inventory, c *Catalog) *Analysis {
	an := &Analysis{
		Catalog:      c,
		Inventory:    inv,
		byIdentity:   make(map[*model.Identity]*Permissions),
		holders:      make(map[*model.Policy][]*Permissions),
		stmts:        make(map[*model.Statement]*Stmt),
		managed:      make(map[string]*ManagedPolicy),
		managedStmts: make(map[*ManagedPolicy][]*Stmt),
		patterns:     make(map[string]ActionSet),
		sets:         make(setTable),
	}
	for _, p := range inv.Policies {
		if p.Document != nil {
			for _, st := range p.Document.Statements {
				an.stmts[st] = an.resolve(st, p, nil)
			}
		}
	}
	for _, id := range inv.Identities {
		perm := an.identityPermissions(id)
		an.byIdentity[id] = perm
		an.principals = append(an.principals, perm)
	}
	an.undeclaredPrincipals()
	for _, p := range inv.Policies {
		if an.standsAlone(p) {
			perm := &Permissions{Policy: p}
			an.addPolicy(perm, p, nil, nil)
			an.finish(perm)
			an.principals = append(an.principals, perm)
		}
	}
	an.managedStmts, an.sets = nil, nil // only needed while building
	return an
}

// standsAlone reports whether a policy grants permissions to a holder the
// scan does not show: a bare document, a customer managed policy attached
// to nothing here, an inline policy whose owner is not in the scan. Its
// permissions are then analysed as its own principal's.
func (an *Analysis) standsAlone(p *model.Policy) bool {
	inv := an.Inventory
	switch p.Kind {
	case model.Standalone:
		return p.IsIdentityPolicy()
	case model.Managed:
		return len(inv.AttachmentsTo(p)) == 0 && len(inv.BoundaryOf(p)) == 0
	case model.Inline:
		// Owners the scan does not declare are principals of their own
		// (see undeclaredPrincipals).
		return len(p.Owners) == 0
	}
	return false
}

// resolve matches a statement's action entries against the catalog.
func (an *Analysis) resolve(st *model.Statement, p *model.Policy, m *ManagedPolicy) *Stmt {
	s := resolveWith(st, p, m, an.match)
	s.scope, s.scoped = an.scopeOf(s)
	return s
}

func resolveWith(st *model.Statement, p *model.Policy, m *ManagedPolicy, match func(string) ActionSet) *Stmt {
	s := &Stmt{Statement: st, Policy: p, Managed: m}
	if model.VoidNotResource(st) {
		return s // applies to no resource: matches nothing
	}
	vs := st.Action
	if st.NotAction.Set {
		vs, s.not = st.NotAction, true
	}
	s.UnknownActions = vs.Unknown
	for _, v := range vs.Items {
		if !v.IsKnown() {
			s.UnknownActions = true
			continue
		}
		s.sets = append(s.sets, match(v.Text))
	}
	return s
}

// Match returns the actions an Action or NotAction entry names, as
// Catalog.Match does, without matching again the entries of the policies
// analysed. Safe for concurrent use.
func (an *Analysis) Match(entry string) ActionSet {
	if set, ok := an.patterns[strings.ToLower(entry)]; ok {
		return set
	}
	return an.Catalog.Match(entry)
}

func (an *Analysis) match(entry string) ActionSet {
	key := strings.ToLower(entry)
	if set, ok := an.patterns[key]; ok {
		return set
	}
	set := an.Catalog.Match(entry)
	an.patterns[key] = set
	return set
}

// Principals returns the effective permissions of every user, group and
// role, then of the identities that attachments and inline policies name but
// the scan does not declare, then of every policy standing for a holder the
// scan does not show, in inventory order.
func (an *Analysis) Principals() []*Permissions { return an.principals }

// Of returns an identity's effective permissions.
func (an *Analysis) Of(id *model.Identity) *Permissions { return an.byIdentity[id] }

// Holders returns the effective permissions that a policy is part of: the
// identities it is embedded in or attached to (users through their groups
// too), or the policy's own when it stands alone.
func (an *Analysis) Holders(p *model.Policy) []*Permissions { return an.holders[p] }

// Resolve returns the resolved statements of a policy that is not part of
// the inventory (a session policy named on the command line, a policy AWS
// attaches by default). Safe for concurrent use.
func (an *Analysis) Resolve(p *model.Policy) []*Stmt {
	if p.Document == nil {
		return nil
	}
	out := make([]*Stmt, len(p.Document.Statements))
	for i, st := range p.Document.Statements {
		s := resolveWith(st, p, nil, an.Match)
		s.scope, s.scoped = an.scopeOf(s)
		out[i] = s
	}
	return out
}

// Statement returns the resolved form of an inventory statement.
func (an *Analysis) Statement(st *model.Statement) *Stmt { return an.stmts[st] }

// ManagedPolicy returns an AWS managed policy by ARN value (or bare name,
// as SAM gives it), decoded once per analysis (the same one its holders' grants point to).
func (an *Analysis) ManagedPolicy(v model.Value) *ManagedPolicy {
	name, ok := an.Catalog.managedName(v)
	if !ok {
		return nil
	}
	an.managedMu.Lock() // rules call it in parallel
	defer an.managedMu.Unlock()
	if m, ok := an.managed[name]; ok {
		return m
	}
	m := an.Catalog.ManagedPolicy(v)
	an.managed[name] = m
	return m
}
