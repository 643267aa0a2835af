package iam

import (
	"fmt"

	"github.com/iacscan/iacscan/model"
)

// An attachment or inline policy may name a user, group or role that the
// scan does not declare: created elsewhere, by hand, by another stack. What
// the scanned code grants it is still granted, so each such identity is a
// principal of its own (Permissions.Undeclared), holding what the scan gives
// it and maybe more that the scan cannot see. It is not an inventory
// identity: rules about an identity's own settings (boundary, trust,
// session length) know nothing of it.

// undeclaredKey identifies an undeclared identity within an input: the same
// name (or reference) in one input is one identity.
type undeclaredKey struct {
	scope string
	kind  model.IdentityKind
	name  string
}

// undeclaredPrincipals adds a principal for every identity that attachments
// and inline policies name but the inventory does not declare.
func (an *Analysis) undeclaredPrincipals() {
	inv := an.Inventory
	byKey := make(map[undeclaredKey]*Permissions)
	var order []*Permissions
	holder := func(ref model.Ref, kind model.IdentityKind, site *model.Meta, field string) *Permissions {
		name := ref.String()
		if ref.ID == "" && !ref.Value.IsKnown() && ref.Value.Expr != "" {
			name = ref.Value.Expr
		}
		if name == "" {
			return nil
		}
		if kind == "" && ref.Value.IsKnown() {
			if k, _, ok := model.ARNIdentity(ref.Value.Text); ok {
				kind = k
			}
		}
		key := undeclaredKey{site.Scope, kind, name}
		if p, ok := byKey[key]; ok {
			return p
		}
		id := &model.Identity{
			Meta: model.Meta{ID: name, Type: site.Type, Source: site.Source, Loc: site.At(field), Scope: site.Scope, MayApply: site.MayApply},
			Kind: kind,
			Name: ref.Value,
		}
		p := &Permissions{Identity: id, Undeclared: true}
		what := "the identity"
		if kind != "" {
			what = "the " + string(kind)
		}
		p.Unknown = append(p.Unknown, fmt.Sprintf("%s is not declared in the scan: it may hold policies not visible here", what))
		byKey[key] = p
		order = append(order, p)
		return p
	}
	for _, p := range inv.Policies {
		if p.Kind != model.Inline {
			continue
		}
		for i, o := range p.Owners {
			if inv.Identity(o, "") != nil {
				continue
			}
			if h := holder(o, p.OwnerKind(i), &p.Meta, "Owner"); h != nil {
				an.addPolicy(h, p, nil, nil)
			}
		}
	}
	for _, a := range inv.Attachments {
		if !a.Identity.IsSet() || inv.Identity(a.Identity, a.IdentityKind) != nil {
			continue
		}
		h := holder(a.Identity, a.IdentityKind, &a.Meta, "Identity")
		if h == nil {
			continue
		}
		if p := inv.ManagedPolicy(a.Policy); p != nil {
			an.addPolicy(h, p, a, nil)
		} else if m := an.ManagedPolicy(a.Policy.Value); m != nil {
			for _, st := range m.Document.Statements {
				an.addStatement(h, an.resolve(st, nil, m), a, nil)
			}
		} else {
			h.Unresolved = append(h.Unresolved, UnresolvedAttachment{Attachment: a})
		}
	}
	for _, p := range order {
		an.finish(p)
		an.principals = append(an.principals, p)
	}
}
