package export

import (
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// Principal is a user, group or role with what it holds.
type Principal struct {
	Element
	Kind               string `json:"kind"`
	Name               any    `json:"name,omitempty"`
	MaxSessionDuration any    `json:"max_session_duration,omitempty"`
	// TrustPolicy is the key of a role's trust policy.
	TrustPolicy    string                `json:"trust_policy,omitempty"`
	Boundary       *Ref                  `json:"boundary,omitempty"`
	InlinePolicies []string              `json:"inline_policies"`
	Attached       []*AttachedPolicy     `json:"attached_policies"`
	Groups         []string              `json:"groups"`
	Members        []string              `json:"members"`
	Effective      *EffectivePermissions `json:"effective"`
}

// AttachedPolicy is a managed policy attached to a principal: one of the
// export (Policy is its key) or named by ARN (an AWS managed policy, or one
// outside the scan).
type AttachedPolicy struct {
	Attachment string `json:"attachment"`
	Policy     string `json:"policy,omitempty"`
	ARN        any    `json:"arn,omitempty"`
}

// EffectivePermissions are what a principal may do: the union of its
// policies (through its groups too), less total Denies, within its
// permissions boundary, resolved against the IAM catalog.
type EffectivePermissions struct {
	// Actions is the index in Document.ActionSets of the actions allowed
	// on some resource under some condition: principals often share them,
	// and a set can hold thousands of actions.
	Actions int     `json:"actions"`
	Allows  []Grant `json:"allows"`
	Denies  []Grant `json:"denies"`
	// Boundary is the permissions boundary as resolved; nil without one.
	Boundary *EffectiveBoundary `json:"boundary,omitempty"`
	// Unknown says what could not be resolved (a policy not known before
	// deploy or not in the scan): the principal may be allowed more or
	// less than shown.
	Unknown []string `json:"unknown"`
}

// Grant is a statement that applies to a principal and how: Policy (a
// key) or ManagedPolicy (an AWS managed policy's name), the statement's
// index, and the attachment or group it comes through.
type Grant struct {
	Policy        string `json:"policy,omitempty"`
	ManagedPolicy string `json:"managed_policy,omitempty"`
	Statement     int    `json:"statement"`
	Attachment    string `json:"attachment,omitempty"`
	Group         string `json:"group,omitempty"`
	Conditioned   bool   `json:"conditioned"`
}

// EffectiveBoundary is a resolved permissions boundary.
type EffectiveBoundary struct {
	Policy        string `json:"policy,omitempty"`
	ManagedPolicy string `json:"managed_policy,omitempty"`
	Unknown       bool   `json:"unknown"`
}

func (b *builder) principal(id *model.Identity) *Principal {
	inv := b.inv
	p := &Principal{
		Element:            b.element(b.identities[id], &id.Meta),
		Kind:               string(id.Kind),
		Name:               value(id.Name),
		MaxSessionDuration: value(id.MaxSessionDuration),
		InlinePolicies:     []string{},
		Attached:           []*AttachedPolicy{},
		Groups:             []string{},
		Members:            []string{},
	}
	if id.Trust != nil {
		p.TrustPolicy = b.policies[id.Trust]
	}
	p.Boundary = b.ref(id.Boundary, b.policies[inv.ManagedPolicy(id.Boundary)])
	for _, pol := range inv.InlinePolicies(id) {
		p.InlinePolicies = append(p.InlinePolicies, b.policies[pol])
	}
	for _, at := range inv.AttachmentsOf(id) {
		ap := &AttachedPolicy{Attachment: b.attach[at]}
		if pol := inv.ManagedPolicy(at.Policy); pol != nil {
			ap.Policy = b.policies[pol]
		} else {
			ap.ARN = value(at.Policy.Value)
		}
		p.Attached = append(p.Attached, ap)
	}
	for _, g := range inv.Groups(id) {
		p.Groups = append(p.Groups, b.identities[g])
	}
	for _, m := range inv.Members(id) {
		p.Members = append(p.Members, b.identities[m])
	}
	p.Effective = b.effective(b.an.Of(id))
	return p
}

func (b *builder) effective(perm *iam.Permissions) *EffectivePermissions {
	if perm == nil {
		return nil
	}
	e := &EffectivePermissions{
		Allows: []Grant{}, Denies: []Grant{}, Unknown: perm.Unknowns(),
	}
	e.Actions = b.actionSet(perm.Allowed())
	for _, g := range perm.Allows {
		e.Allows = append(e.Allows, b.grant(g))
	}
	for _, g := range perm.Denies {
		e.Denies = append(e.Denies, b.grant(g))
	}
	if bd := perm.Boundary; bd != nil {
		e.Boundary = &EffectiveBoundary{Unknown: bd.Unknown}
		if bd.Policy != nil {
			e.Boundary.Policy = b.policies[bd.Policy]
		}
		if bd.Managed != nil {
			e.Boundary.ManagedPolicy = bd.Managed.Name
		}
	}
	return e
}

func (b *builder) grant(g *iam.Grant) Grant {
	out := Grant{Statement: g.Index, Conditioned: g.Condition.Set}
	if g.Policy != nil {
		out.Policy = b.policies[g.Policy]
	} else if g.Managed != nil {
		out.ManagedPolicy = g.Managed.Name
	}
	if g.Attachment != nil {
		out.Attachment = b.attach[g.Attachment]
	}
	if g.Group != nil {
		out.Group = b.identities[g.Group]
	}
	return out
}

// ActionSet is a set of actions, as patterns and as access levels.
type ActionSet struct {
	// Allowed lists the actions as patterns that match exactly them in
	// the embedded catalog: "*" for every action, "s3:*" for a whole
	// service, "s3:Get*" for every action of a service with a prefix,
	// else single actions ("s3:GetObject").
	Allowed []string `json:"allowed"`
	// Levels are the access levels the actions reach, per service prefix.
	Levels map[string][]string `json:"levels"`
}

// actionSet returns the index of a set in the document's table, adding it
// on first use.
func (b *builder) actionSet(set iam.ActionSet) int {
	key := set.Key()
	if i, ok := b.sets[key]; ok {
		return i
	}
	allowed, levels := compress(b.an.Catalog, set)
	b.out.ActionSets = append(b.out.ActionSets, &ActionSet{Allowed: allowed, Levels: levels})
	b.sets[key] = len(b.out.ActionSets) - 1
	return b.sets[key]
}

// compress lists an action set as action patterns that match exactly its
// actions in the catalog: "*" for every action, "s3:*" for a whole service,
// "s3:Get*" for every action of a service with a prefix, else single actions.
// It also returns the access levels reached per service.
func compress(c *iam.Catalog, set iam.ActionSet) ([]string, map[string][]string) {
	allowed := []string{}
	levels := map[string][]string{}
	if set.IsEmpty() {
		return allowed, levels
	}
	whole := set.Len() == c.All().Len()
	for _, svc := range c.Services() {
		names := make([]actionName, 0, len(svc.Actions))
		any := false
		seen := map[iam.AccessLevel]bool{}
		for _, a := range svc.Actions {
			in := set.Has(a)
			names = append(names, actionName{a.Name, in})
			if in {
				any = true
				seen[a.Level] = true
			}
		}
		if !any {
			continue
		}
		for _, l := range iam.Levels {
			if seen[l] {
				levels[svc.Prefix] = append(levels[svc.Prefix], l.String())
			}
		}
		if !whole {
			slices.SortFunc(names, func(a, b actionName) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) })
			allowed = cover(names, svc.Prefix+":", 0, allowed)
		}
	}
	if whole {
		allowed = []string{"*"}
	}
	return allowed, levels
}

type actionName struct {
	name string
	in   bool
}

// cover appends the shortest patterns that match exactly the actions in
// names that are in the set. names share their first depth characters
// (case-insensitively) and are sorted.
func cover(names []actionName, prefix string, depth int, out []string) []string {
	all, none := true, true
	for _, n := range names {
		all = all && n.in
		none = none && !n.in
	}
	switch {
	case none:
		return out
	case all && len(names) == 1:
		return append(out, prefix+names[0].name)
	case all:
		return append(out, prefix+names[0].name[:depth]+"*")
	}
	for i := 0; i < len(names); {
		if len(names[i].name) == depth {
			// The prefix itself is an action name; its own group.
			out = cover(names[i:i+1], prefix, depth, out)
			i++
			continue
		}
		c := lowerByte(names[i].name[depth])
		j := i + 1
		for j < len(names) && len(names[j].name) > depth && lowerByte(names[j].name[depth]) == c {
			j++
		}
		out = cover(names[i:j], prefix, depth+1, out)
		i = j
	}
	return out
}

func lowerByte(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
