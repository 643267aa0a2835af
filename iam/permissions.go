package iam

import (
	"fmt"

	"github.com/iacscan/iacscan/model"
)

// Permissions are the effective permissions of one principal: the union of
// its inline, attached managed (customer or AWS) and group policies, less
// what explicit Denies take away, within its permissions boundary. Grants
// keep their conditions, so rules can tell a constrained grant from a free
// one.
type Permissions struct {
	// Identity is the user, group or role; nil when the principal is the
	// unknown holder of Policy (a bare document, an unattached policy).
	Identity *model.Identity
	Policy   *model.Policy
	Allows   []*Grant
	Denies   []*Grant
	Boundary *Boundary // nil without a permissions boundary
	// Undeclared: Identity is not declared in the scan, only named by an
	// attachment or inline policy; it stands for that identity.
	Undeclared bool
	// Unknown says what could not be resolved (an unknown document, a
	// policy not in the scan): it might deny anything, so no conclusion
	// that needs the absence of a Deny holds.
	Unknown []string
	// Unresolved are the attached policies the scan cannot show (not in
	// the scan, known only after apply), kept apart from Unknown so that
	// answers can name each attachment and why.
	Unresolved []UnresolvedAttachment

	analysis *Analysis
	allowed  ActionSet
	granted  map[*Stmt]bool // the statements of Allows
}

// Grant is a statement that applies to a principal, and how it got there.
type Grant struct {
	*Stmt
	Attachment *model.Attachment // the attachment of a managed policy
	Group      *model.Identity   // the group a user has it through
}

// Boundary is a principal's permissions boundary.
type Boundary struct {
	Ref     model.Ref
	Policy  *model.Policy  // a customer managed policy of the scan
	Managed *ManagedPolicy // or an AWS managed one
	Allows  []*Stmt
	Denies  []*Stmt
	// Unknown: the boundary is not in the scan or not known before deploy.
	Unknown bool
	allowed ActionSet
}

// Incomplete reports whether the principal may hold policies the scan does
// not show (a document or attachment not known before deploy, a boundary
// not in the scan). Those may add grants or deny some: they never erase a
// known grant, but findings say they might (see Unknown for which).
func (p *Permissions) Incomplete() bool {
	return len(p.Unknown) > 0 || len(p.Unresolved) > 0 || p.Boundary != nil && p.Boundary.Unknown
}

// Unknowns lists everything Unknown and Unresolved say, one line each, in
// the short form exports and diffs compare across runs (no file and line,
// which move with unrelated edits).
func (p *Permissions) Unknowns() []string {
	out := append([]string{}, p.Unknown...)
	for _, u := range p.Unresolved {
		out = append(out, fmt.Sprintf("attached policy `%s` is not in the scan", u.Policy))
	}
	return out
}

// Label names the principal in messages: "role `app`", "the holder of
// policy `p.json`".
func (p *Permissions) Label() string {
	if p.Identity != nil {
		name := p.Identity.ID
		if p.Identity.Name.IsKnown() && p.Identity.Source == model.SourcePolicy {
			name = p.Identity.Name.Text
		}
		kind := string(p.Identity.Kind)
		if kind == "" {
			kind = "identity"
		}
		if p.Undeclared {
			return fmt.Sprintf("%s `%s` (not declared in the scan)", kind, name)
		}
		return fmt.Sprintf("%s `%s`", kind, name)
	}
	return fmt.Sprintf("the holder of policy `%s`", p.Policy.ID)
}

// Meta is the element findings about the principal are reported on.
func (p *Permissions) Meta() *model.Meta {
	if p.Identity != nil {
		return &p.Identity.Meta
	}
	return &p.Policy.Meta
}

// Allowed returns the actions the principal is allowed on some resource,
// under some condition: granted, not denied outright, inside the boundary.
func (p *Permissions) Allowed() ActionSet { return p.allowed }

func (an *Analysis) identityPermissions(id *model.Identity) *Permissions {
	inv := an.Inventory
	perm := &Permissions{Identity: id}
	an.addHolderPolicies(perm, id, nil)
	if id.Kind == model.User {
		for _, g := range inv.Groups(id) {
			an.addHolderPolicies(perm, g, g)
		}
	}
	if id.Boundary.IsSet() {
		perm.Boundary = an.boundary(id.Boundary)
	}
	an.finish(perm)
	return perm
}

// addHolderPolicies adds the inline and attached policies of an identity
// (a user's group when group is set).
func (an *Analysis) addHolderPolicies(perm *Permissions, id, group *model.Identity) {
	inv := an.Inventory
	for _, p := range inv.InlinePolicies(id) {
		an.addPolicy(perm, p, nil, group)
	}
	for _, at := range inv.AttachmentsOf(id) {
		if p := inv.ManagedPolicy(at.Policy); p != nil {
			an.addPolicy(perm, p, at, group)
			continue
		}
		m := an.ManagedPolicy(at.Policy.Value)
		if m == nil {
			perm.Unresolved = append(perm.Unresolved, UnresolvedAttachment{Attachment: at, Group: group})
			continue
		}
		for _, s := range an.managedStatements(m) {
			an.addStatement(perm, s, at, group)
		}
	}
}

// managedStatements resolves an AWS managed policy's statements once per
// analysis: ReadOnlyAccess alone has thousands of actions, and thousands of
// roles may hold it.
func (an *Analysis) managedStatements(m *ManagedPolicy) []*Stmt {
	if stmts, ok := an.managedStmts[m]; ok {
		return stmts
	}
	stmts := make([]*Stmt, len(m.Document.Statements))
	for i, st := range m.Document.Statements {
		s := an.resolve(st, nil, m)
		if len(s.sets) > 1 {
			s.sets = []ActionSet{an.Catalog.Union(s.sets...)}
		}
		stmts[i] = s
	}
	an.managedStmts[m] = stmts
	return stmts
}

func (an *Analysis) addPolicy(perm *Permissions, p *model.Policy, at *model.Attachment, group *model.Identity) {
	an.holders[p] = appendOnce(an.holders[p], perm)
	doc := p.Document
	if doc == nil || doc.Unknown || doc.StatementsUnknown {
		perm.Unknown = append(perm.Unknown, fmt.Sprintf("policy `%s` is not known before deploy", p.ID))
	}
	if doc == nil {
		return
	}
	for _, st := range doc.Statements {
		an.addStatement(perm, an.stmts[st], at, group)
	}
}

func (an *Analysis) addStatement(perm *Permissions, s *Stmt, at *model.Attachment, group *model.Identity) {
	g := &Grant{Stmt: s, Attachment: at, Group: group}
	switch {
	case s.Allows():
		perm.Allows = append(perm.Allows, g)
	case s.Denies():
		perm.Denies = append(perm.Denies, g)
		if s.UnknownActions {
			perm.Unknown = append(perm.Unknown, fmt.Sprintf("a Deny in %s has actions not known before deploy", s.Where()))
		}
	case s.Effect.Set && !s.Effect.IsKnown():
		perm.Unknown = append(perm.Unknown, fmt.Sprintf("a statement of %s has an effect not known before deploy", s.Where()))
	}
}

func appendOnce(list []*Permissions, p *Permissions) []*Permissions {
	for _, x := range list {
		if x == p {
			return list
		}
	}
	return append(list, p)
}

// boundary resolves a permissions boundary reference.
func (an *Analysis) boundary(ref model.Ref) *Boundary {
	b := &Boundary{Ref: ref}
	var stmts []*Stmt
	if p := an.Inventory.ManagedPolicy(ref); p != nil && p.Document != nil && !p.Document.Unknown && !p.Document.StatementsUnknown {
		b.Policy = p
		for _, st := range p.Document.Statements {
			stmts = append(stmts, an.stmts[st])
		}
	} else if m := an.ManagedPolicy(ref.Value); m != nil {
		b.Managed = m
		stmts = append(stmts, an.managedStatements(m)...)
	} else {
		b.Unknown = true
		return b
	}
	for _, s := range stmts {
		switch {
		case s.Allows():
			b.Allows = append(b.Allows, s)
		case s.Denies():
			b.Denies = append(b.Denies, s)
			b.Unknown = b.Unknown || s.UnknownActions
		case s.Effect.Set && !s.Effect.IsKnown():
			b.Unknown = true
		}
	}
	b.allowed = an.sets.intern(an.Catalog.Minus(an.union(b.Allows), an.fullyDenied(b.Denies)))
	return b
}

func (an *Analysis) union(stmts []*Stmt) ActionSet {
	b := an.Catalog.builder()
	for _, s := range stmts {
		b.addSet(s.reach(an.Catalog))
	}
	return b.set()
}

// fullyDenied returns the actions that Deny statements take away on every
// resource, with no condition.
func (an *Analysis) fullyDenied(denies []*Stmt) ActionSet {
	var full []*Stmt
	for _, s := range denies {
		if denyIsTotal(s) {
			full = append(full, s)
		}
	}
	return an.union(full)
}

// Union returns the actions statements name; FullyDenied, those Deny
// statements take away on every resource without condition. Together they
// bound what guardrails outside the principal's policies let through (a
// permissions boundary, the SCPs of its account).
func (an *Analysis) Union(stmts []*Stmt) ActionSet { return an.union(stmts) }

// FullyDenied: see Union.
func (an *Analysis) FullyDenied(denies []*Stmt) ActionSet { return an.fullyDenied(denies) }

// denyIsTotal reports whether a Deny applies to every resource whatever the
// request: no condition and Resource "*".
func denyIsTotal(s *Stmt) bool {
	return !s.Condition.Set && !s.NotResource.Set && s.Resource.Has("*")
}

// finish computes the allowed set.
func (an *Analysis) finish(perm *Permissions) {
	perm.analysis = an
	allows := make([]*Stmt, len(perm.Allows))
	perm.granted = make(map[*Stmt]bool, len(perm.Allows))
	for i, g := range perm.Allows {
		allows[i] = g.Stmt
		perm.granted[g.Stmt] = true
	}
	denies := make([]*Stmt, len(perm.Denies))
	for i, g := range perm.Denies {
		denies[i] = g.Stmt
	}
	allowed := an.Catalog.Minus(an.union(allows), an.fullyDenied(denies))
	if b := perm.Boundary; b != nil && !b.Unknown {
		allowed = an.Catalog.Intersect(allowed, b.allowed)
	}
	perm.allowed = an.sets.intern(allowed)
}
