package model

import "slices"

// Kind is one kind of inventory element (identities, policies, access
// keys, …): where an Inventory holds its elements and which references
// they carry. The kinds are listed once, in kinds; Merge, SetScope, Link's
// reference stamping, the export and the test dump range over that list,
// so a new kind of element is one entry there.
type Kind interface {
	// Name is the kind's collection name, plural and in snake case
	// ("access_keys"); the export keys its elements by it.
	Name() string
	// Len is the number of elements of the kind in inv.
	Len(inv *Inventory) int
	// Meta is the Meta of the i-th element of the kind in inv.
	Meta(inv *Inventory, i int) *Meta

	merge(dst, src *Inventory)
	eachRef(inv *Inventory, each func(holder *Meta, r *Ref))
}

// Kinds returns every kind of element, in the order of Inventory's fields.
func Kinds() []Kind { return slices.Clone(kinds) }

var kinds = []Kind{
	kind[*Identity]{"identities", func(inv *Inventory) *[]*Identity { return &inv.Identities },
		func(x *Identity, each func(*Ref)) { each(&x.Boundary) }},
	kind[*Policy]{"policies", func(inv *Inventory) *[]*Policy { return &inv.Policies },
		func(x *Policy, each func(*Ref)) { eachOf(x.Owners, each) }},
	kind[*Attachment]{"attachments", func(inv *Inventory) *[]*Attachment { return &inv.Attachments },
		func(x *Attachment, each func(*Ref)) { each(&x.Policy); each(&x.Identity) }},
	kind[*BoundaryAttachment]{"boundaries", func(inv *Inventory) *[]*BoundaryAttachment { return &inv.Boundaries },
		func(x *BoundaryAttachment, each func(*Ref)) { each(&x.Identity); each(&x.Policy) }},
	kind[*Membership]{"memberships", func(inv *Inventory) *[]*Membership { return &inv.Memberships },
		func(x *Membership, each func(*Ref)) { each(&x.User); each(&x.Group) }},
	kind[*AccessKey]{"access_keys", func(inv *Inventory) *[]*AccessKey { return &inv.AccessKeys },
		func(x *AccessKey, each func(*Ref)) { each(&x.User) }},
	kind[*LoginProfile]{"login_profiles", func(inv *Inventory) *[]*LoginProfile { return &inv.LoginProfiles },
		func(x *LoginProfile, each func(*Ref)) { each(&x.User) }},
	kind[*PasswordPolicy]{"password_policies", func(inv *Inventory) *[]*PasswordPolicy { return &inv.PasswordPolicies }, nil},
	kind[*Trail]{"trails", func(inv *Inventory) *[]*Trail { return &inv.Trails }, nil},
	kind[*OIDCProvider]{"oidc_providers", func(inv *Inventory) *[]*OIDCProvider { return &inv.OIDCProviders }, nil},
	kind[*InstanceProfile]{"instance_profiles", func(inv *Inventory) *[]*InstanceProfile { return &inv.InstanceProfiles },
		func(x *InstanceProfile, each func(*Ref)) { eachOf(x.Roles, each) }},
	kind[*Exposure]{"exposures", func(inv *Inventory) *[]*Exposure { return &inv.Exposures },
		func(x *Exposure, each func(*Ref)) {
			for i := range x.Refs {
				each(&x.Refs[i].Ref)
			}
		}},
	kind[*OrgNode]{"org_nodes", func(inv *Inventory) *[]*OrgNode { return &inv.OrgNodes },
		func(x *OrgNode, each func(*Ref)) { eachOf(x.Parents, each) }},
	kind[*OrgAttachment]{"org_attachments", func(inv *Inventory) *[]*OrgAttachment { return &inv.OrgAttachments },
		func(x *OrgAttachment, each func(*Ref)) { each(&x.Policy); each(&x.Target) }},
	kind[*AccountBinding]{"accounts", func(inv *Inventory) *[]*AccountBinding { return &inv.Accounts }, nil},
	kind[*Endpoint]{"endpoints", func(inv *Inventory) *[]*Endpoint { return &inv.Endpoints },
		func(x *Endpoint, each func(*Ref)) { each(&x.VPC) }},
	kind[*Share]{"shares", func(inv *Inventory) *[]*Share { return &inv.Shares },
		func(x *Share, each func(*Ref)) { each(&x.Of) }},
	kind[*CollectionPolicy]{"collection_policies", func(inv *Inventory) *[]*CollectionPolicy { return &inv.CollectionPolicies }, nil},
}

// element is what every kind's elements have: a Meta, embedded (the
// method is promoted from *Meta).
type element interface{ meta() *Meta }

func (m *Meta) meta() *Meta { return m }

// kind is a Kind whose elements are E: list finds the inventory's slice of
// them, refs calls each on every reference an element holds (nil for a
// kind that holds none).
type kind[E element] struct {
	name string
	list func(*Inventory) *[]E
	refs func(x E, each func(*Ref))
}

func (k kind[E]) Name() string                     { return k.name }
func (k kind[E]) Len(inv *Inventory) int           { return len(*k.list(inv)) }
func (k kind[E]) Meta(inv *Inventory, i int) *Meta { return (*k.list(inv))[i].meta() }

func (k kind[E]) merge(dst, src *Inventory) {
	d := k.list(dst)
	*d = append(*d, *k.list(src)...)
}

func (k kind[E]) eachRef(inv *Inventory, each func(*Meta, *Ref)) {
	if k.refs == nil {
		return
	}
	var holder *Meta
	stamp := func(r *Ref) { each(holder, r) }
	for _, x := range *k.list(inv) {
		holder = x.meta()
		k.refs(x, stamp)
	}
}

func eachOf(refs []Ref, each func(*Ref)) {
	for i := range refs {
		each(&refs[i])
	}
}
