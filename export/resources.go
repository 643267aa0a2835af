package export

import (
	"github.com/iacscan/iacscan/model"
)

// Attachment attaches a managed policy to a user, group or role.
type Attachment struct {
	Element
	Policy       *Ref   `json:"policy"`
	Identity     *Ref   `json:"identity"`
	IdentityKind string `json:"identity_kind,omitempty"`
}

// BoundaryAttachment sets a permissions boundary on an identity as a
// resource of its own.
type BoundaryAttachment struct {
	Element
	Identity *Ref `json:"identity"`
	Policy   *Ref `json:"policy"`
}

// Membership puts a user in a group.
type Membership struct {
	Element
	User  *Ref `json:"user"`
	Group *Ref `json:"group"`
}

// AccessKey is a long-term access key of a user.
type AccessKey struct {
	Element
	User   *Ref `json:"user"`
	PGPKey any  `json:"pgp_key,omitempty"`
	Status any  `json:"status,omitempty"`
}

// LoginProfile gives a user a console password.
type LoginProfile struct {
	Element
	User *Ref `json:"user"`
}

// PasswordPolicy is the account password policy; absent settings are
// omitted.
type PasswordPolicy struct {
	Element
	MinimumLength      any `json:"minimum_length,omitempty"`
	RequireSymbols     any `json:"require_symbols,omitempty"`
	RequireNumbers     any `json:"require_numbers,omitempty"`
	RequireUppercase   any `json:"require_uppercase,omitempty"`
	RequireLowercase   any `json:"require_lowercase,omitempty"`
	MaxAge             any `json:"max_age,omitempty"`
	ReusePrevention    any `json:"reuse_prevention,omitempty"`
	HardExpiry         any `json:"hard_expiry,omitempty"`
	AllowUsersToChange any `json:"allow_users_to_change,omitempty"`
}

// Trail is a CloudTrail trail.
type Trail struct {
	Element
	MultiRegion         any `json:"multi_region,omitempty"`
	GlobalServiceEvents any `json:"global_service_events,omitempty"`
	LogFileValidation   any `json:"log_file_validation,omitempty"`
	Logging             any `json:"logging,omitempty"`
}

// OIDCProvider is an IAM OpenID Connect identity provider.
type OIDCProvider struct {
	Element
	URL       any   `json:"url,omitempty"`
	ClientIDs []any `json:"client_ids,omitempty"`
}

// InstanceProfile hands a role to EC2 instances.
type InstanceProfile struct {
	Element
	Roles []*Ref `json:"roles"`
}

// Exposure is a value written where people or other systems can read it.
type Exposure struct {
	Element
	Kind string `json:"kind"`
	Name string `json:"name"`
	// The value itself is not exported: it may be a secret.
	Refs []*AttrRef `json:"refs"`
}

// AttrRef is a reference to one attribute of another element.
type AttrRef struct {
	Ref  *Ref   `json:"ref"`
	Attr string `json:"attr"`
}

// resources exports every element that is not a principal or a policy.
func (b *builder) resources(d *Document) {
	inv := b.inv
	idKey := func(r model.Ref, kind model.IdentityKind) *Ref {
		key := ""
		if id := inv.Identity(r, kind); id != nil {
			key = b.identities[id]
		}
		return b.ref(r, key)
	}
	d.Attachments = make([]*Attachment, 0, len(inv.Attachments))
	for _, at := range inv.Attachments {
		d.Attachments = append(d.Attachments, &Attachment{
			Element:      b.element(b.attach[at], &at.Meta),
			Policy:       b.ref(at.Policy, b.policies[inv.ManagedPolicy(at.Policy)]),
			Identity:     idKey(at.Identity, at.IdentityKind),
			IdentityKind: string(at.IdentityKind),
		})
	}
	d.Boundaries = make([]*BoundaryAttachment, 0, len(inv.Boundaries))
	for i, ba := range inv.Boundaries {
		d.Boundaries = append(d.Boundaries, &BoundaryAttachment{
			Element:  b.element(key("boundaries", i), &ba.Meta),
			Identity: idKey(ba.Identity, ""),
			Policy:   b.ref(ba.Policy, b.policies[inv.ManagedPolicy(ba.Policy)]),
		})
	}
	d.Memberships = make([]*Membership, 0, len(inv.Memberships))
	for i, m := range inv.Memberships {
		d.Memberships = append(d.Memberships, &Membership{
			Element: b.element(key("memberships", i), &m.Meta),
			User:    idKey(m.User, model.User), Group: idKey(m.Group, model.Group),
		})
	}
	d.AccessKeys = make([]*AccessKey, 0, len(inv.AccessKeys))
	for i, k := range inv.AccessKeys {
		d.AccessKeys = append(d.AccessKeys, &AccessKey{
			Element: b.element(key("access_keys", i), &k.Meta),
			User:    idKey(k.User, model.User), PGPKey: value(k.PGPKey), Status: value(k.Status),
		})
	}
	d.LoginProfiles = make([]*LoginProfile, 0, len(inv.LoginProfiles))
	for i, lp := range inv.LoginProfiles {
		d.LoginProfiles = append(d.LoginProfiles, &LoginProfile{
			Element: b.element(key("login_profiles", i), &lp.Meta), User: idKey(lp.User, model.User),
		})
	}
	d.PasswordPolicies = make([]*PasswordPolicy, 0, len(inv.PasswordPolicies))
	for i, pp := range inv.PasswordPolicies {
		d.PasswordPolicies = append(d.PasswordPolicies, &PasswordPolicy{
			Element:       b.element(key("password_policies", i), &pp.Meta),
			MinimumLength: value(pp.MinimumLength), RequireSymbols: value(pp.RequireSymbols),
			RequireNumbers: value(pp.RequireNumbers), RequireUppercase: value(pp.RequireUppercase),
			RequireLowercase: value(pp.RequireLowercase), MaxAge: value(pp.MaxAge),
			ReusePrevention: value(pp.ReusePrevention), HardExpiry: value(pp.HardExpiry),
			AllowUsersToChange: value(pp.AllowUsersToChange),
		})
	}
	d.Trails = make([]*Trail, 0, len(inv.Trails))
	for i, t := range inv.Trails {
		d.Trails = append(d.Trails, &Trail{
			Element:     b.element(key("trails", i), &t.Meta),
			MultiRegion: value(t.MultiRegion), GlobalServiceEvents: value(t.GlobalServiceEvents),
			LogFileValidation: value(t.LogFileValidation), Logging: value(t.Logging),
		})
	}
	d.OIDCProviders = make([]*OIDCProvider, 0, len(inv.OIDCProviders))
	for i, o := range inv.OIDCProviders {
		d.OIDCProviders = append(d.OIDCProviders, &OIDCProvider{
			Element: b.element(key("oidc_providers", i), &o.Meta),
			URL:     value(o.URL), ClientIDs: values(o.ClientIDs),
		})
	}
	d.InstanceProfiles = make([]*InstanceProfile, 0, len(inv.InstanceProfiles))
	for i, ip := range inv.InstanceProfiles {
		out := &InstanceProfile{Element: b.element(key("instance_profiles", i), &ip.Meta), Roles: []*Ref{}}
		for _, r := range ip.Roles {
			if ref := idKey(r, model.Role); ref != nil {
				out.Roles = append(out.Roles, ref)
			}
		}
		d.InstanceProfiles = append(d.InstanceProfiles, out)
	}
	d.Exposures = make([]*Exposure, 0, len(inv.Exposures))
	for i, e := range inv.Exposures {
		out := &Exposure{
			Element: b.element(key("exposures", i), &e.Meta),
			Kind:    string(e.Kind), Name: e.Name, Refs: []*AttrRef{},
		}
		for _, r := range e.Refs {
			out.Refs = append(out.Refs, &AttrRef{Ref: b.ref(r.Ref, ""), Attr: r.Attr})
		}
		d.Exposures = append(d.Exposures, out)
	}
}
