package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// The guardrail steps (Guardrail.Step).
const (
	StepSCP      Step = "scp"             // a service control policy of the principal's account
	StepRCP      Step = "rcp"             // a resource control policy of the resource's account
	StepEndpoint Step = "endpoint policy" // the VPC endpoint the request goes through (--via-endpoint)
	StepSession  Step = "session policy"  // the session policy the role was assumed with (--session-policy)
)

// rcpServices are the services whose resources RCPs apply to, as AWS
// Organizations lists them ("List of AWS services that support RCPs");
// a request to another service's resource is not limited by RCPs.
var rcpServices = map[string]bool{"s3": true, "sts": true, "kms": true, "sqs": true, "secretsmanager": true}

// guardStmts returns a guardrail's Allow and Deny statements that can
// apply to the request's principal.
func (e *evaluation) guardStmts(g Guardrail) (allows, denies []*iam.Stmt) {
	for _, s := range g.Stmts {
		switch {
		case s == nil || !e.guardApplies(s):
		case s.Allows():
			allows = append(allows, s)
		case s.Denies():
			denies = append(denies, s)
		}
	}
	return allows, denies
}

// refusal says that a guardrail does not allow a request: the SCPs or
// RCPs of one level of the organization, or the policy.
func (g Guardrail) refusal() string {
	switch g.Step {
	case StepSCP, StepRCP:
		return fmt.Sprintf("no %s attached to %s allows it", strings.ToUpper(string(g.Step)), g.Name)
	}
	return fmt.Sprintf("%s `%s` does not allow it", g.Step, g.Name)
}

// locate fills in the accounts of the two sides of the request where the
// request does not name them and the scan tells: the principal's from the
// account its input deploys to, the resource's from its ARN, the role's
// input, or the input of the resource policy that protects it.
func (e *evaluation) locate() {
	r, inv := e.r, e.an.Inventory
	if r.role == nil && r.Action != nil && assumesRole(r.Action) {
		r.role = roleByARN(e.an, r.Resource)
	}
	if r.PrincipalAccount == "" && e.perm.Identity != nil {
		if b := inv.ElementAccount(&e.perm.Identity.Meta); b != nil && b.Account.IsKnown() {
			r.PrincipalAccount = b.Account.Text
		}
	}
	if r.ResourceAccount != "" {
		return
	}
	switch {
	case r.role != nil:
		if b := inv.ElementAccount(&r.role.Meta); b != nil && b.Account.IsKnown() {
			r.ResourceAccount = b.Account.Text
		}
	case arnAccount(r.Resource) != "":
		r.ResourceAccount = arnAccount(r.Resource)
	case r.Resource != "":
		r.ResourceAccount = e.resourcePolicyAccount()
	}
}

// roleByARN finds the role of the scan an IAM role ARN names: by name,
// and by account where the scan knows the role's.
func roleByARN(an *iam.Analysis, arn string) *model.Identity {
	m := iamARN.FindStringSubmatch(arn)
	if m == nil || m[2] != string(model.Role) {
		return nil
	}
	name := m[3][strings.LastIndex(m[3], "/")+1:]
	var found *model.Identity
	for _, p := range an.Principals() {
		id := p.Identity
		if id == nil || id.Kind != model.Role || !id.Name.Is(name) {
			continue
		}
		if b := an.Inventory.ElementAccount(&id.Meta); b != nil && b.Account.IsKnown() && m[1] != "" && m[1] != "*" && b.Account.Text != m[1] {
			continue
		}
		if found != nil {
			return nil // two roles of that name: which one is not known
		}
		found = id
	}
	return found
}

// resourcePolicyAccount is the account of the inputs whose resource
// policies protect the request's resource (an S3 ARN has no account), when
// they agree on one.
func (e *evaluation) resourcePolicyAccount() string {
	account := ""
	for _, p := range e.r.resourcePolicies(e.an) {
		if e.ownsResource(p) != yes && !e.namesResource(p) {
			continue
		}
		b := e.an.Inventory.ElementAccount(&p.Meta)
		if b == nil || !b.Account.IsKnown() {
			continue
		}
		if account != "" && account != b.Account.Text {
			return ""
		}
		account = b.Account.Text
	}
	return account
}

// organizationOf returns the ID of the organization an account is in,
// when the scan places the account in its organization and knows the
// organization's ID.
func organizationOf(inv *model.Inventory, account string) string {
	if account == "" || inv.OrgAccountNode(account) == nil && !inv.IsManagementAccount(account) {
		return ""
	}
	return inv.OrganizationID()
}

// organizationGuardrails returns the SCPs of the principal's account and
// the RCPs of the resource's account, one guardrail per level of the
// organization from the root down, as AWS Organizations evaluates them:
// every level must allow (SCPs), a Deny at any level denies. What the scan
// cannot tell (an account not placed, a policy not in the scan) is noted,
// and never taken as a Deny.
func (e *evaluation) organizationGuardrails() []Guardrail {
	inv := e.an.Inventory
	if len(inv.OrgNodes) == 0 && len(inv.OrgAttachments) == 0 {
		return nil
	}
	var out []Guardrail
	if id := e.perm.Identity; id != nil {
		out = append(out, e.levels(StepSCP, e.r.PrincipalAccount, "`"+id.ID+"`")...)
	}
	if e.rcpApplies() {
		out = append(out, e.levels(StepRCP, e.r.ResourceAccount, "the resource")...)
	}
	return out
}

// rcpApplies reports whether RCPs limit the request: it is made to a
// resource of a service RCPs support, by a principal that is not a
// service-linked role.
func (e *evaluation) rcpApplies() bool {
	if !e.r.named() {
		return false
	}
	service := e.r.Action.Service.Prefix
	if e.r.role != nil {
		service = "sts"
	}
	if !rcpServices[service] {
		return false
	}
	return e.perm.Identity == nil || !e.perm.Identity.ServiceLinked
}

// levels returns the guardrails of one kind (SCPs or RCPs) for an
// account, root first.
func (e *evaluation) levels(step Step, account, whose string) []Guardrail {
	inv := e.an.Inventory
	kind := model.SCP
	if step == StepRCP {
		kind = model.RCP
	}
	if !inv.HasOrgPolicies(kind) && !strayAttachments(inv, kind) {
		return nil
	}
	switch {
	case step == StepSCP && e.perm.Identity.ServiceLinked:
		e.ans.note("%s is a service-linked role: SCPs do not limit it", whose)
		return nil
	case account == "":
		e.ans.note("the account of %s is not known: the organization's %ss are not applied", whose, strings.ToUpper(string(step)))
		return nil
	case inv.IsManagementAccount(account):
		e.ans.note("%s is in the management account %s: %ss do not apply to it", whose, account, strings.ToUpper(string(step)))
		return nil
	}
	path, complete := inv.OrgPath(account)
	if len(path) == 0 {
		e.ans.note("account %s (%s) is not in the organization of the scan: its %ss are not known", account, whose, strings.ToUpper(string(step)))
		return nil
	}
	var out []Guardrail
	if !complete {
		out = append(out, Guardrail{Step: step, Name: levelName(path[0]),
			Unknown: fmt.Sprintf("the %ss above %s, whose OU is not in the scan", strings.ToUpper(string(step)), levelName(path[0]))})
	}
	for _, n := range path {
		g := Guardrail{Step: step, Name: levelName(n)}
		hasAllow := false
		for _, a := range inv.OrgAttachmentsOf(n) {
			p := inv.OrgPolicy(a)
			if p == nil {
				switch strayKind(a.Policy) {
				case kind:
					if fullAWSAccess(a.Policy) {
						g.Default = true
						continue
					}
					out = append(out, Guardrail{Step: step, Name: a.Policy.String(),
						Unknown: fmt.Sprintf("%s `%s` attached to %s, which is not in the scan", strings.ToUpper(string(step)), a.Policy, levelName(n))})
				case "":
					out = append(out, Guardrail{Step: step, Name: a.Policy.String(),
						Unknown: fmt.Sprintf("policy `%s` attached to %s, which is not in the scan (an SCP or an RCP)", a.Policy, levelName(n))})
				}
				continue
			}
			if p.Kind != kind {
				continue
			}
			if p.Document == nil || p.Document.Unknown || p.Document.StatementsUnknown {
				out = append(out, Guardrail{Step: step, Name: p.ID,
					Unknown: fmt.Sprintf("%s `%s`, known only after apply", strings.ToUpper(string(step)), p.ID)})
				continue
			}
			for _, st := range p.Document.Statements {
				hasAllow = hasAllow || st.Allows()
				if s := e.an.Statement(st); s != nil {
					g.Stmts = append(g.Stmts, s)
				}
			}
		}
		// AWS attaches FullAWSAccess (SCPs) to every level unless someone
		// detaches it, and RCPFullAWSAccess always: a level whose policies
		// in the scan allow nothing still has it.
		if step == StepRCP || !hasAllow {
			g.Default = true
		}
		if g.Default && len(g.Stmts) == 0 {
			continue
		}
		out = append(out, g)
	}
	return out
}

// guardApplies reports whether a guardrail's statement can apply to the
// request's principal: an RCP's or an endpoint policy's Principal must
// name it (SCPs have none).
func (e *evaluation) guardApplies(s *iam.Stmt) bool {
	st := s.Statement
	if st.Principal == nil && st.NotPrincipal == nil {
		return true
	}
	if e.perm.Identity == nil {
		return anonymousPrincipal(st)
	}
	who, _ := e.principal(st)
	return who != principalNone
}

// fullAWSAccess reports whether a policy reference is the SCP or the RCP
// AWS attaches by default (p-FullAWSAccess, p-RCPFullAWSAccess), which
// allows everything.
func fullAWSAccess(r model.Ref) bool {
	id := policyID(r)
	return id == "p-FullAWSAccess" || id == "p-RCPFullAWSAccess"
}

// policyID is the ID an organization policy reference names, also when it
// is the policy's ARN.
func policyID(r model.Ref) string {
	if !r.Value.IsKnown() {
		return ""
	}
	return r.Value.Text[strings.LastIndex(r.Value.Text, "/")+1:]
}

// strayKind tells the kind of an attached policy that is not in the scan,
// where its reference tells: AWS's default policies by ID, any policy by
// its ARN (…/service_control_policy/p-…). It is "" when not known: an
// attachment does not say whether it attaches an SCP or an RCP.
func strayKind(r model.Ref) model.PolicyKind {
	switch id := policyID(r); {
	case id == "p-FullAWSAccess" || strings.Contains(r.Value.Text, "/service_control_policy/"):
		return model.SCP
	case id == "p-RCPFullAWSAccess" || strings.Contains(r.Value.Text, "/resource_control_policy/"):
		return model.RCP
	}
	return ""
}

// strayAttachments reports whether the scan attaches a policy that is not
// in it and may be of the kind: the organization may then have policies of
// that kind although the scan declares none.
func strayAttachments(inv *model.Inventory, kind model.PolicyKind) bool {
	for _, a := range inv.OrgAttachments {
		if inv.OrgPolicy(a) != nil || fullAWSAccess(a.Policy) {
			continue
		}
		if k := strayKind(a.Policy); k == "" || k == kind {
			return true
		}
	}
	return false
}

// levelName names an organization level for notes and answers.
func levelName(n *model.OrgNode) string {
	switch {
	case n.Kind == model.OrgRoot:
		return "the organization root"
	case n.Kind == model.OrgAccount && n.Name.IsKnown():
		return fmt.Sprintf("account `%s` (%s)", n.Name.Text, n.Account.Text)
	case n.Kind == model.OrgAccount:
		return "account " + n.Account.Text
	case n.Name.IsKnown():
		return fmt.Sprintf("OU `%s`", n.Name.Text)
	}
	return fmt.Sprintf("OU `%s`", n.ID)
}

// endpointGuardrail returns the policy of the VPC endpoint a request goes
// through; ok is false when the scan has no such endpoint.
func endpointGuardrail(an *iam.Analysis, id string) (g *Guardrail, notes []string, ok bool) {
	inv := an.Inventory
	var ep *model.Endpoint
	for _, e := range inv.Endpoints {
		if e.ID == id {
			ep = e
		}
	}
	if ep == nil {
		return nil, nil, false
	}
	for _, p := range inv.Policies {
		if p.Kind != model.EndpointPolicy || !slices.ContainsFunc(p.Owners, func(o model.Ref) bool { return o.ID == ep.ID }) {
			continue
		}
		if p.Document == nil || p.Document.Unknown || p.Document.StatementsUnknown {
			return &Guardrail{Step: StepEndpoint, Name: id, Unknown: "the policy of endpoint `" + id + "`, known only after apply"}, nil, true
		}
		stmts := make([]*iam.Stmt, 0, len(p.Document.Statements))
		for _, st := range p.Document.Statements {
			stmts = append(stmts, an.Statement(st))
		}
		return &Guardrail{Step: StepEndpoint, Name: id, Stmts: stmts}, nil, true
	}
	return nil, []string{"endpoint `" + id + "` has the default policy, which allows every request through it"}, true
}

// SessionPolicy reads a session policy (the Policy parameter of
// sts:AssumeRole, the policy of a federation token): a request made in
// the session is allowed only where it allows too. Grammar problems are
// errors with their place, since an answer under a policy read wrongly
// would be wrong.
func SessionPolicy(an *iam.Analysis, name string, text []byte) (Guardrail, error) {
	doc := syntax.DecodeDocumentText(string(text), model.Location{File: name, StartLine: 1}, nil)
	if len(doc.Problems) > 0 {
		p := doc.Problems[0]
		return Guardrail{}, fmt.Errorf("%s:%d: %s", name, p.Loc.StartLine, p.Message)
	}
	pol := &model.Policy{Meta: model.Meta{ID: name, Type: "session policy", Source: model.SourcePolicy, Loc: doc.Loc},
		Kind: model.Standalone, Document: doc}
	return Guardrail{Step: StepSession, Name: name, Stmts: an.Resolve(pol)}, nil
}

// EndpointPolicy returns the guardrail of the VPC endpoint a request goes
// through (--via-endpoint: its ID in the scan), with what the answers
// should say about it; an endpoint with the default policy has none. It
// is an error when the scan has no such endpoint.
func EndpointPolicy(an *iam.Analysis, id string) ([]Guardrail, []string, error) {
	g, notes, ok := endpointGuardrail(an, id)
	if !ok {
		return nil, nil, fmt.Errorf("no VPC endpoint %q in the scan", id)
	}
	if g == nil {
		return nil, notes, nil
	}
	return []Guardrail{*g}, notes, nil
}

// OrgLimit is what the SCPs of a principal's account let it do, whatever
// its own policies say.
type OrgLimit struct {
	// Allowed are the actions every level lets through and no Deny takes
	// away on every resource without condition.
	Allowed iam.ActionSet
	// Denies are the SCPs' Deny statements that apply at some level.
	Denies []*iam.Stmt
	// Levels name the levels from the root ("the organization root", "OU
	// `workloads`", "account `workload` (222222222222)").
	Levels []string
	// Notes say what limits are not known (an SCP not in the scan, an
	// account not placed).
	Notes []string
}

// SCPLimit returns the limit the organization's SCPs set on a principal,
// or nil when none is known to apply (no SCPs in the scan, the
// management account, a service-linked role, an account not known).
func SCPLimit(an *iam.Analysis, perm *iam.Permissions) *OrgLimit {
	if perm.Identity == nil || !an.Inventory.HasOrgPolicies(model.SCP) {
		return nil
	}
	e := &evaluation{an: an, perm: perm, r: &Request{}, ans: Answer{Notes: []string{}}}
	e.locate()
	levels := e.levels(StepSCP, e.r.PrincipalAccount, "`"+perm.Identity.ID+"`")
	if len(levels) == 0 {
		return nil
	}
	c := an.Catalog
	out := &OrgLimit{Allowed: c.All(), Notes: e.ans.Notes}
	for _, g := range levels {
		if g.Unknown != "" {
			out.Notes = append(out.Notes, g.Unknown+" may limit it more")
			continue
		}
		var allows []*iam.Stmt
		for _, s := range g.Stmts {
			switch {
			case s.Allows():
				allows = append(allows, s)
			case s.Denies():
				out.Denies = append(out.Denies, s)
			}
		}
		if !g.Default {
			out.Allowed = c.Intersect(out.Allowed, an.Union(allows))
		}
		out.Levels = append(out.Levels, g.Name)
	}
	out.Allowed = c.Minus(out.Allowed, an.FullyDenied(out.Denies))
	return out
}

// RCPLimit returns the limit the organization's RCPs set on a resource of
// a service in an element's account (the bucket, queue, key or secret a
// policy protects; a role, of service sts), or nil when none is known to
// apply (no RCPs in the scan, a service RCPs do not support, the
// management account, an account not known). RCPs keep RCPFullAWSAccess
// at every level, so only their Denies limit.
func RCPLimit(an *iam.Analysis, m *model.Meta, service string) *OrgLimit {
	inv := an.Inventory
	if !rcpServices[service] || !inv.HasOrgPolicies(model.RCP) {
		return nil
	}
	b := inv.ElementAccount(m)
	if b == nil || !b.Account.IsKnown() {
		return nil
	}
	e := &evaluation{an: an, r: &Request{}, ans: Answer{Notes: []string{}}}
	levels := e.levels(StepRCP, b.Account.Text, "the resource")
	if len(levels) == 0 {
		return nil
	}
	out := &OrgLimit{Notes: e.ans.Notes}
	for _, g := range levels {
		if g.Unknown != "" {
			out.Notes = append(out.Notes, g.Unknown+" may limit it more")
			continue
		}
		for _, s := range g.Stmts {
			if s.Denies() {
				out.Denies = append(out.Denies, s)
			}
		}
		out.Levels = append(out.Levels, g.Name)
	}
	out.Allowed = an.Catalog.Minus(an.Catalog.All(), an.FullyDenied(out.Denies))
	return out
}

// sessionPolicies is what the request's session policies allow: yes when
// there are none, the statements that allow, and why not when one allows
// nothing of it.
func (e *evaluation) sessionPolicies() (holds, hits, string) {
	out, why := holdsYes, ""
	var allowed hits
	for _, g := range e.r.Guardrails {
		if g.Step != StepSession {
			continue
		}
		if g.Unknown != "" {
			out = out.and(holds{v: maybe, unknown: g.Unknown})
			continue
		}
		ga, _ := e.guardStmts(g)
		allows, _ := e.collectStmts(ga, nil, string(g.Step), string(g.Step))
		if allows.best().v == no && why == "" {
			why = g.refusal()
		}
		out = out.and(allows.best())
		allowed = append(allowed, allows...)
	}
	return out, allowed, why
}
