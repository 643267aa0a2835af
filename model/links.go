package model

import "strings"

// links is the resolved graph of an inventory: who has which policies, who is
// in which group. It is built once by Link.
type links struct {
	identities map[scoped]*Identity
	byName     map[IdentityKind]map[scoped]*Identity // by name within a scope
	anyScope   map[IdentityKind]map[string]*Identity // by name in any scope
	managed    map[scoped]*Policy                    // customer managed policies by ID, name and ARN
	managedAny map[string]*Policy                    // by name and ARN in any scope

	inline     map[*Identity][]*Policy
	attached   map[*Identity][]*Attachment
	attachedTo map[*Policy][]*Attachment
	boundaryOf map[*Policy][]*Identity
	groups     map[*Identity][]*Identity
	members    map[*Identity][]*Identity
	lostGroup  map[*Identity]bool // users put in a group that does not resolve
	own        map[string]bool    // account IDs shown to be the deployer's
	org        *orgLinks
	shareOf    map[*Share]*Share   // an association's share
	shareParts map[*Share][]*Share // a share's associations
}

// Link resolves the references between elements. Parsers.Load calls it once
// all inputs are merged; accessors call it if nobody has.
func (inv *Inventory) Link() {
	inv.scopeRefs()
	l := &links{
		identities: make(map[scoped]*Identity),
		byName:     make(map[IdentityKind]map[scoped]*Identity),
		anyScope:   make(map[IdentityKind]map[string]*Identity),
		managed:    make(map[scoped]*Policy),
		managedAny: make(map[string]*Policy),
		inline:     make(map[*Identity][]*Policy),
		attached:   make(map[*Identity][]*Attachment),
		attachedTo: make(map[*Policy][]*Attachment),
		boundaryOf: make(map[*Policy][]*Identity),
		groups:     make(map[*Identity][]*Identity),
		members:    make(map[*Identity][]*Identity),
		lostGroup:  make(map[*Identity]bool),
		own:        make(map[string]bool),
	}
	inv.links = l
	for _, id := range inv.Identities {
		l.identities[scoped{id.Scope, id.ID}] = id
		if id.Name.IsKnown() {
			if l.byName[id.Kind] == nil {
				l.byName[id.Kind] = make(map[scoped]*Identity)
				l.anyScope[id.Kind] = make(map[string]*Identity)
			}
			l.byName[id.Kind][scoped{id.Scope, id.Name.Text}] = id
			l.anyScope[id.Kind][id.Name.Text] = id
		}
	}
	for _, p := range inv.Policies {
		if p.Kind != Managed {
			continue
		}
		l.managed[scoped{p.Scope, p.ID}] = p
		for _, v := range []Value{p.Name, p.ARN} {
			if v.IsKnown() {
				l.managed[scoped{p.Scope, v.Text}] = p
				l.managedAny[v.Text] = p
			}
		}
	}
	for _, p := range inv.Policies {
		if p.Kind != Inline {
			continue
		}
		for _, owner := range p.Owners {
			if id := inv.resolveIdentity(owner, ""); id != nil {
				l.inline[id] = append(l.inline[id], p)
			}
		}
	}
	for _, a := range inv.Attachments {
		id := inv.resolveIdentity(a.Identity, a.IdentityKind)
		if id != nil {
			l.attached[id] = append(l.attached[id], a)
		}
		if p := inv.ManagedPolicy(a.Policy); p != nil {
			l.attachedTo[p] = append(l.attachedTo[p], a)
		}
	}
	for _, b := range inv.Boundaries {
		if id := inv.resolveIdentity(b.Identity, ""); id != nil && !id.Boundary.IsSet() {
			id.Boundary = b.Policy
			id.SetField("Boundary", b.Loc)
		}
	}
	for _, id := range inv.Identities {
		if p := inv.ManagedPolicy(id.Boundary); p != nil {
			l.boundaryOf[p] = append(l.boundaryOf[p], id)
		}
	}
	inv.inferOwnAccounts(l)
	inv.linkOrg(l)
	inv.linkShares(l)
	for _, m := range inv.Memberships {
		user, group := inv.resolveIdentity(m.User, User), inv.resolveIdentity(m.Group, Group)
		if user != nil && group == nil {
			l.lostGroup[user] = true
		}
		if user == nil || group == nil {
			continue
		}
		l.groups[user] = appendOnce(l.groups[user], group)
		l.members[group] = appendOnce(l.members[group], user)
	}
}

// lookupInstance finds the element a reference names by ID. A reference
// to one instance (aws_iam_policy.this[0]) of a resource whose count or
// for_each was unknown finds the one symbolic element that stands for all
// its instances (aws_iam_policy.this, marked MayApply): `count = var.create
// ? 1 : 0` with a link through [0] is how most modules are written.
func lookupInstance[E interface{ meta() *Meta }](m map[scoped]E, ref Ref) (E, bool) {
	if e, ok := m[scoped{ref.Scope, ref.ID}]; ok || ref.ID == "" {
		return e, ok
	}
	id := ref.ID
	for strings.HasSuffix(id, "]") {
		open := strings.LastIndexByte(id, '[')
		if open <= 0 {
			break
		}
		id = id[:open]
		if e, ok := m[scoped{ref.Scope, id}]; ok && e.meta().MayApply {
			return e, true
		}
	}
	// A value a module received from its caller (policies = { x =
	// aws_iam_policy.x.arn }) names the caller's resource, but reads as if
	// it were the module's own: module.irsa.aws_iam_policy.x. When the
	// module has no such resource, look in the callers, innermost first.
	for id := ref.ID; ; {
		caller, ok := callerAddress(id)
		if !ok {
			break
		}
		if e, ok := m[scoped{ref.Scope, caller}]; ok {
			return e, true
		}
		id = caller
	}
	var zero E
	return zero, false
}

// callerAddress removes the innermost module call from a Terraform address:
// module.a.module.b["k"].aws_x.y becomes module.a.aws_x.y.
func callerAddress(id string) (string, bool) {
	last, end := -1, -1
	for i := 0; i < len(id); {
		if !strings.HasPrefix(id[i:], "module.") {
			break
		}
		j := i + len("module.")
		for j < len(id) && id[j] != '.' && id[j] != '[' {
			j++
		}
		if j < len(id) && id[j] == '[' {
			close := strings.IndexByte(id[j:], ']')
			if close < 0 {
				return "", false
			}
			j += close + 1
		}
		if j >= len(id) || id[j] != '.' {
			return "", false
		}
		last, end = i, j+1
		i = j + 1
	}
	if last < 0 {
		return "", false
	}
	return id[:last] + id[end:], true
}

func appendOnce(list []*Identity, id *Identity) []*Identity {
	for _, x := range list {
		if x == id {
			return list
		}
	}
	return append(list, id)
}

// EnsureLinked links the inventory if nobody has. Unlike Link it leaves
// links already resolved alone: readers running at the same time (the
// rules of a scan run in parallel) keep the graph they read.
func (inv *Inventory) EnsureLinked() { inv.graph() }

func (inv *Inventory) graph() *links {
	if inv.links == nil {
		inv.Link()
	}
	return inv.links
}

// Identity resolves a reference to a user, group or role of the inventory (of
// the given kind, or any kind if kind is empty), or returns nil.
func (inv *Inventory) Identity(ref Ref, kind IdentityKind) *Identity {
	inv.graph()
	return inv.resolveIdentity(ref, kind)
}

func (inv *Inventory) resolveIdentity(ref Ref, kind IdentityKind) *Identity {
	l := inv.links
	if id, ok := lookupInstance(l.identities, ref); ok && (kind == "" || id.Kind == kind) {
		return id
	}
	if !ref.Value.IsKnown() {
		return nil
	}
	name := ref.Value.Text
	if k, n, ok := arnName(name); ok {
		name = n
		if kind == "" {
			kind = IdentityKind(k)
		}
	}
	kinds := []IdentityKind{Role, User, Group}
	if kind != "" {
		kinds = []IdentityKind{kind}
	}
	// Names are unique in an account: prefer the reference's own scope, then
	// any other input of the scan (a template naming a role another creates).
	for _, k := range kinds {
		if id := l.byName[k][scoped{ref.Scope, name}]; id != nil {
			return id
		}
	}
	for _, k := range kinds {
		if id := l.anyScope[k][name]; id != nil {
			return id
		}
	}
	return nil
}

// ManagedPolicy resolves a reference to a customer managed policy of the
// inventory, or returns nil (AWS managed policies are not in the inventory;
// package iam knows them).
func (inv *Inventory) ManagedPolicy(ref Ref) *Policy {
	l := inv.graph()
	if p, ok := lookupInstance(l.managed, ref); ok {
		return p
	}
	if !ref.Value.IsKnown() {
		return nil
	}
	if p, ok := l.managed[scoped{ref.Scope, ref.Value.Text}]; ok {
		return p
	}
	return l.managedAny[ref.Value.Text]
}

// InlinePolicies returns the inline policies embedded in an identity.
func (inv *Inventory) InlinePolicies(id *Identity) []*Policy { return inv.graph().inline[id] }

// AttachmentsOf returns the managed-policy attachments of an identity.
func (inv *Inventory) AttachmentsOf(id *Identity) []*Attachment { return inv.graph().attached[id] }

// AttachmentsTo returns the attachments of a customer managed policy.
func (inv *Inventory) AttachmentsTo(p *Policy) []*Attachment { return inv.graph().attachedTo[p] }

// BoundaryOf returns the identities that use a managed policy as their
// permissions boundary.
func (inv *Inventory) BoundaryOf(p *Policy) []*Identity { return inv.graph().boundaryOf[p] }

// Groups returns the groups a user is in.
func (inv *Inventory) Groups(user *Identity) []*Identity { return inv.graph().groups[user] }

// InUnresolvedGroup reports whether a membership puts the user in a group
// the scan cannot resolve (not declared here, or named by an unknown value).
func (inv *Inventory) InUnresolvedGroup(user *Identity) bool { return inv.graph().lostGroup[user] }

// Members returns the users in a group.
func (inv *Inventory) Members(group *Identity) []*Identity { return inv.graph().members[group] }

// inferOwnAccounts records the accounts the inputs show to be the
// deployer's: those stated (OwnAccounts), and those of customer managed
// policies attached to or bounding identities of the scan, since IAM only
// attaches a customer managed policy to identities of its own account.
func (inv *Inventory) inferOwnAccounts(l *links) {
	for _, v := range inv.OwnAccounts {
		if v.IsKnown() {
			l.own[v.Text] = true
		}
	}
	refs := make([]Ref, 0, len(inv.Attachments)+len(inv.Identities))
	for _, a := range inv.Attachments {
		refs = append(refs, a.Policy)
	}
	for _, id := range inv.Identities {
		refs = append(refs, id.Boundary)
	}
	for _, r := range refs {
		if account, ok := policyAccount(r.Value); ok {
			l.own[account] = true
		}
	}
}

// policyAccount returns the account of a customer managed policy ARN
// (arn:aws:iam::111122223333:policy/name); AWS managed ones (account "aws")
// and unknown values have none.
func policyAccount(v Value) (string, bool) {
	if !v.IsKnown() {
		return "", false
	}
	parts := strings.SplitN(v.Text, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !strings.HasPrefix(parts[5], "policy/") {
		return "", false
	}
	account := parts[4]
	if len(account) != 12 || strings.Trim(account, "0123456789") != "" {
		return "", false
	}
	return account, true
}

// IsOwnAccount reports whether the inputs show an account ID to be the
// deployer's own (see OwnAccounts; also inferred from the customer managed
// policies the scan's identities use).
func (inv *Inventory) IsOwnAccount(account string) bool { return inv.graph().own[account] }

func (id *Identity) meta() *Meta { return &id.Meta }
func (p *Policy) meta() *Meta    { return &p.Meta }
