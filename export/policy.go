package export

import (
	"slices"

	"github.com/iacscan/iacscan/model"
)

// Policy is a policy document and what it is used as.
type Policy struct {
	Element
	Kind     string `json:"kind"`
	Name     any    `json:"name,omitempty"`
	ARN      any    `json:"arn,omitempty"`
	Owners   []*Ref `json:"owners"`
	Service  string `json:"service,omitempty"`
	Template string `json:"template,omitempty"`
	// IdentityPolicy, ResourcePolicy and TrustPolicy say how the policy is
	// judged (a bare document is one of them by its content).
	IdentityPolicy bool            `json:"identity_policy"`
	ResourcePolicy bool            `json:"resource_policy"`
	TrustPolicy    bool            `json:"trust_policy"`
	Document       *PolicyDocument `json:"document"`
	// Holders are the principals the policy is part of the permissions of.
	Holders     []string `json:"holders"`
	Attachments []string `json:"attachments"`
	// Effective is the policy's own effective permissions when it stands
	// for a holder the scan does not show (a bare document, a managed
	// policy attached to nothing here).
	Effective *EffectivePermissions `json:"effective,omitempty"`
}

// PolicyDocument is a parsed policy document.
type PolicyDocument struct {
	Version any `json:"version,omitempty"`
	ID      any `json:"id,omitempty"`
	// Unknown: the whole document is not known before deploy (Expr says
	// what it is); StatementsUnknown: there may be statements beyond those
	// listed.
	Unknown           bool         `json:"unknown"`
	Expr              string       `json:"expr,omitempty"`
	StatementsUnknown bool         `json:"statements_unknown"`
	Statements        []*Statement `json:"statements"`
	Problems          []Problem    `json:"problems"`
	Size              int          `json:"size"`
	Location          *Location    `json:"location"`
}

// Problem is a grammar error in a document.
type Problem struct {
	Message  string    `json:"message"`
	Location *Location `json:"location"`
}

// Statement is one statement; list elements are lists, absent ones are
// omitted, and Unknown names the elements that may hold more than listed.
type Statement struct {
	Index        int               `json:"index"`
	Sid          any               `json:"sid,omitempty"`
	Effect       any               `json:"effect,omitempty"`
	Principal    *PrincipalElement `json:"principal,omitempty"`
	NotPrincipal *PrincipalElement `json:"not_principal,omitempty"`
	Action       []any             `json:"action,omitempty"`
	NotAction    []any             `json:"not_action,omitempty"`
	Resource     []any             `json:"resource,omitempty"`
	NotResource  []any             `json:"not_resource,omitempty"`
	Condition    []*Condition      `json:"condition,omitempty"`
	Unknown      []string          `json:"unknown"`
	Location     *Location         `json:"location"`
}

// PrincipalElement is a Principal or NotPrincipal element: "*" (Wildcard), or
// identifiers by type.
type PrincipalElement struct {
	Wildcard      bool      `json:"wildcard"`
	AWS           []any     `json:"aws,omitempty"`
	Service       []any     `json:"service,omitempty"`
	Federated     []any     `json:"federated,omitempty"`
	CanonicalUser []any     `json:"canonical_user,omitempty"`
	Location      *Location `json:"location"`
}

// Condition is one operator/key pair with its values.
type Condition struct {
	Operator any       `json:"operator"`
	Key      any       `json:"key"`
	Values   []any     `json:"values"`
	Location *Location `json:"location"`
}

func (b *builder) policy(p *model.Policy) *Policy {
	inv := b.inv
	out := &Policy{
		Element:        b.element(b.policies[p], &p.Meta),
		Kind:           string(p.Kind),
		Name:           value(p.Name),
		ARN:            value(p.ARN),
		Owners:         []*Ref{},
		Service:        p.Service,
		Template:       p.Template,
		IdentityPolicy: p.IsIdentityPolicy(),
		ResourcePolicy: p.IsResourcePolicy(),
		TrustPolicy:    p.IsTrustPolicy(),
		Document:       b.doc(p.Document),
		Holders:        []string{},
		Attachments:    []string{},
	}
	for _, o := range p.Owners {
		key := ""
		if id := inv.Identity(o, ""); id != nil {
			key = b.identities[id]
		}
		if r := b.ref(o, key); r != nil {
			out.Owners = append(out.Owners, r)
		}
	}
	for _, perm := range b.an.Holders(p) {
		if perm.Identity != nil {
			// An identity the scan does not declare (iam.Permissions.
			// Undeclared) is no element of the inventory to point at.
			if key, ok := b.identities[perm.Identity]; ok {
				out.Holders = append(out.Holders, key)
			}
		} else if perm.Policy == p {
			out.Effective = b.effective(perm)
		}
	}
	for _, at := range inv.AttachmentsTo(p) {
		out.Attachments = append(out.Attachments, b.attach[at])
	}
	return out
}

func (b *builder) doc(d *model.Document) *PolicyDocument {
	if d == nil {
		return nil
	}
	out := &PolicyDocument{
		Version: value(d.Version), ID: value(d.ID), Unknown: d.Unknown, Expr: d.Expr,
		StatementsUnknown: d.StatementsUnknown, Statements: []*Statement{}, Problems: []Problem{},
		Size: d.Size, Location: b.loc(d.Loc),
	}
	for _, st := range d.Statements {
		out.Statements = append(out.Statements, b.statement(st))
	}
	for _, pr := range d.Problems {
		out.Problems = append(out.Problems, Problem{Message: pr.Message, Location: b.loc(pr.Loc)})
	}
	return out
}

func (b *builder) statement(st *model.Statement) *Statement {
	out := &Statement{
		Index: st.Index, Sid: value(st.Sid), Effect: value(st.Effect),
		Action: values(st.Action), NotAction: values(st.NotAction),
		Resource: values(st.Resource), NotResource: values(st.NotResource),
		Unknown: []string{}, Location: b.loc(st.Loc),
	}
	for name, vs := range map[string]model.Values{
		"action": st.Action, "not_action": st.NotAction, "resource": st.Resource, "not_resource": st.NotResource,
	} {
		if vs.Unknown {
			out.Unknown = append(out.Unknown, name)
		}
	}
	var unknown bool
	out.Principal, unknown = b.principalElement(st.Principal)
	if unknown {
		out.Unknown = append(out.Unknown, "principal")
	}
	out.NotPrincipal, unknown = b.principalElement(st.NotPrincipal)
	if unknown {
		out.Unknown = append(out.Unknown, "not_principal")
	}
	if st.Condition.Set {
		out.Condition = []*Condition{}
		for _, c := range st.Condition.Items {
			vals := values(c.Values)
			if vals == nil {
				vals = []any{}
			}
			out.Condition = append(out.Condition, &Condition{
				Operator: value(c.Operator), Key: value(c.Key), Values: vals, Location: b.loc(c.Loc),
			})
			if c.Values.Unknown {
				out.Unknown = append(out.Unknown, "condition")
			}
		}
		if st.Condition.Unknown {
			out.Unknown = append(out.Unknown, "condition")
		}
	}
	out.Unknown = sortedUnique(out.Unknown)
	return out
}

// principalElement exports a Principal element and says whether part of
// it is unknown (the element, an identifier list or a type).
func (b *builder) principalElement(p *model.Principal) (*PrincipalElement, bool) {
	if p == nil {
		return nil, false
	}
	out := &PrincipalElement{Wildcard: p.Wildcard, Location: b.loc(p.Loc)}
	unknown := p.Unknown
	for _, e := range p.Entries {
		vals := values(e.Values)
		if vals == nil {
			vals = []any{}
		}
		unknown = unknown || e.Values.Unknown
		switch {
		case e.Type.Is("AWS"):
			out.AWS = append(out.AWS, vals...)
		case e.Type.Is("Service"):
			out.Service = append(out.Service, vals...)
		case e.Type.Is("Federated"):
			out.Federated = append(out.Federated, vals...)
		case e.Type.Is("CanonicalUser"):
			out.CanonicalUser = append(out.CanonicalUser, vals...)
		default:
			unknown = true
		}
	}
	return out, unknown
}

func sortedUnique(s []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}
