package model

// SetScope gives every element without a scope the given one. Parsers call
// it once per unit of input (a file, a Terraform root module).
func (inv *Inventory) SetScope(scope string) {
	for _, m := range inv.metas() {
		if m.Scope == "" {
			m.Scope = scope
		}
	}
}

// metas lists the Meta of every element.
func (inv *Inventory) metas() []*Meta {
	var out []*Meta
	for _, x := range inv.Identities {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.Policies {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.Attachments {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.Boundaries {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.Memberships {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.AccessKeys {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.LoginProfiles {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.PasswordPolicies {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.Trails {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.OIDCProviders {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.InstanceProfiles {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.Exposures {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.OrgNodes {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.OrgAttachments {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.Accounts {
		out = append(out, &x.Meta)
	}
	for _, x := range inv.Endpoints {
		out = append(out, &x.Meta)
	}
	return out
}

// scopeRefs stamps every reference with the scope of the element holding
// it, so that resolution by ID stays inside that scope.
func (inv *Inventory) scopeRefs() {
	stamp := func(m Meta, refs ...*Ref) {
		for _, r := range refs {
			r.Scope = m.Scope
		}
	}
	for _, x := range inv.Identities {
		stamp(x.Meta, &x.Boundary)
	}
	for _, x := range inv.Policies {
		for i := range x.Owners {
			stamp(x.Meta, &x.Owners[i])
		}
	}
	for _, x := range inv.Attachments {
		stamp(x.Meta, &x.Policy, &x.Identity)
	}
	for _, x := range inv.Boundaries {
		stamp(x.Meta, &x.Identity, &x.Policy)
	}
	for _, x := range inv.Memberships {
		stamp(x.Meta, &x.User, &x.Group)
	}
	for _, x := range inv.AccessKeys {
		stamp(x.Meta, &x.User)
	}
	for _, x := range inv.LoginProfiles {
		stamp(x.Meta, &x.User)
	}
	for _, x := range inv.InstanceProfiles {
		for i := range x.Roles {
			stamp(x.Meta, &x.Roles[i])
		}
	}
	for _, x := range inv.Exposures {
		for i := range x.Refs {
			stamp(x.Meta, &x.Refs[i].Ref)
		}
	}
	for _, x := range inv.OrgNodes {
		for i := range x.Parents {
			stamp(x.Meta, &x.Parents[i])
		}
	}
	for _, x := range inv.OrgAttachments {
		stamp(x.Meta, &x.Policy, &x.Target)
	}
	for _, x := range inv.Endpoints {
		stamp(x.Meta, &x.VPC)
	}
}

// scoped is the key of an element in its scope.
type scoped struct{ scope, id string }
