package model

import (
	"path/filepath"
	"slices"
	"strings"
)

// OrgNodeKind is a level of an AWS organization that policies attach to.
type OrgNodeKind string

const (
	OrgRoot    OrgNodeKind = "root"    // the organization root
	OrgUnit    OrgNodeKind = "ou"      // an organizational unit
	OrgAccount OrgNodeKind = "account" // a member (or the management) account
)

// OrgNode is the root of an organization, an OU or an account, as the
// inputs (aws_organizations_*, AWS::Organizations::*) or the configuration
// (.iacscan.yml accounts) declare it.
type OrgNode struct {
	Meta
	Kind OrgNodeKind
	Name Value
	// Account is an account's 12-digit ID; for the root and OUs the ID AWS
	// gives them (r-…, ou-…) when the input names it.
	Account Value
	// Parent is the root or OU an OU or account is in; unset for the root.
	// An account in several (CloudFormation ParentIds) has one each.
	Parents []Ref
	// Management marks the organization's management account, which no SCP
	// or RCP limits.
	Management bool
	// Organization marks the node made from the organization itself
	// (aws_organizations_organization, AWS::Organizations::Organization):
	// the root, and the account that deploys it is the management account.
	// OrgID is then the organization's ID (o-…), known in a plan or state
	// of an organization that exists.
	Organization bool
	OrgID        Value
}

// OrgAttachment attaches a service or resource control policy to a root,
// an OU or an account (aws_organizations_policy_attachment, an
// AWS::Organizations::Policy's TargetIds).
type OrgAttachment struct {
	Meta
	Policy Ref
	Target Ref
}

// AccountBinding says which AWS account the elements of one scope (a
// Terraform root module, a template, a plan) are deployed to, and how that
// is known (Via: "provider allowed_account_ids", "--cfn-param
// AWS::AccountId", …). A scope with no binding has an unknown account.
type AccountBinding struct {
	Meta
	Account Value
	Via     string
	// Provider is the Terraform provider configuration the binding is of
	// ("aws", "aws.prod"); empty for a binding of the whole scope (a
	// template's parameter, the configuration's accounts).
	Provider string
}

// aliased reports whether a binding is of an aliased provider, which
// binds only the elements deployed by it.
func (b *AccountBinding) aliased() bool { return b.Provider != "" && b.Provider != "aws" }

// AccountMapping is one entry of the configuration's accounts: a name
// people use, the account ID, the OU it is in (by name or ID), whether it
// is the management account, and the scan paths deployed to it.
type AccountMapping struct {
	Name       string
	ID         string
	OU         string
	Management bool
	// Paths are directories or files, as the configuration writes them
	// relative to its own directory, already made absolute by the caller.
	Paths []string
	Loc   Location
}

// Endpoint is a VPC endpoint: requests through it are allowed only as far
// as its policy allows. A nil Policy is the default policy, which allows
// everything.
type Endpoint struct {
	Meta
	Service Value // com.amazonaws.us-east-1.s3
	Type    Value // Gateway, Interface, GatewayLoadBalancer
	VPC     Ref
	Policy  *Policy
}

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}

// ARNAccount returns the account of an ARN (arn:aws:iam::111122223333:role/x)
// or of a bare account ID; ok is false for anything else, such as an ARN
// without an account (arn:aws:s3:::bucket) or a value not known before
// deploy.
func ARNAccount(v Value) (string, bool) {
	if !v.IsKnown() {
		return "", false
	}
	if IsAccountID(v.Text) {
		return v.Text, true
	}
	parts := strings.SplitN(v.Text, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !IsAccountID(parts[4]) {
		return "", false
	}
	return parts[4], true
}

// AddAccounts adds the configuration's accounts: each an account of the
// organization in its OU, and the account of the scopes under its paths.
// Call it before Link.
func (inv *Inventory) AddAccounts(ms []AccountMapping) {
	for _, m := range ms {
		inv.AccountMappings = append(inv.AccountMappings, m)
		n := &OrgNode{Meta: Meta{ID: "accounts." + m.Name, Type: "account", Source: SourceConfig, Loc: m.Loc}, Kind: OrgAccount,
			Name: Value{Text: m.Name, Set: true, Loc: m.Loc}, Account: Value{Text: m.ID, Set: true, Loc: m.Loc}, Management: m.Management}
		if m.OU != "" {
			n.Parents = []Ref{{Value: Value{Text: m.OU, Set: true, Loc: m.Loc}}}
		}
		inv.OrgNodes = append(inv.OrgNodes, n)
	}
	inv.links = nil
}

// orgLinks is the organization as Link resolved it.
type orgLinks struct {
	nodes    map[scoped]*OrgNode // by ID within a scope
	anyScope map[string]*OrgNode // by name, root/OU ID or account ID, in any scope
	accounts map[string]*OrgNode // accounts by ID
	parents  map[*OrgNode][]*OrgNode
	attached map[*OrgNode][]*OrgAttachment
	policies map[*OrgAttachment]*Policy
	scopes   map[string]*AccountBinding // the scope's default provider, or the scope
	// aliased are the bindings of aliased providers, by scope and
	// provider; mapped the configuration's account of each scope.
	aliased  map[scoped]*AccountBinding
	mapped   map[string]*AccountBinding
	implicit []*OrgNode // roots named only by their ID (r-…)
	roots    []*OrgNode
	// management holds the management account: the one that deploys the
	// organization, or that the configuration says is.
	management map[string]bool
	kinds      map[PolicyKind]bool // SCP, RCP: whether the scan has any

	// containers are the roots and OUs by name or ID, in any scope: a
	// parent is one of them, also when an account has the same name.
	containers map[string]*OrgNode
}

func (inv *Inventory) linkOrg(l *links) {
	o := &orgLinks{
		nodes:    make(map[scoped]*OrgNode),
		anyScope: make(map[string]*OrgNode),
		accounts: make(map[string]*OrgNode),
		parents:  make(map[*OrgNode][]*OrgNode),
		attached: make(map[*OrgNode][]*OrgAttachment),
		policies: make(map[*OrgAttachment]*Policy),
		scopes:   make(map[string]*AccountBinding),
		aliased:  make(map[scoped]*AccountBinding),
		mapped:   make(map[string]*AccountBinding),

		management: make(map[string]bool),
		kinds:      make(map[PolicyKind]bool),
		containers: make(map[string]*OrgNode),
	}
	l.org = o
	for _, p := range inv.Policies {
		if p.Kind == SCP || p.Kind == RCP {
			o.kinds[p.Kind] = true
		}
	}
	for _, b := range inv.Accounts {
		if b.aliased() {
			k := scoped{b.Scope, b.Provider}
			o.aliased[k] = bindOnce(o.aliased[k], b)
			continue
		}
		o.scopes[b.Scope] = bindOnce(o.scopes[b.Scope], b)
	}
	inv.mapAccounts(o)
	var configured []*OrgNode
	for _, n := range inv.OrgNodes {
		if n.Source == SourceConfig {
			configured = append(configured, n)
			continue
		}
		o.index(n)
	}
	// An account of the configuration names a declared one (by ID or
	// name) or stands on its own.
	for _, c := range configured {
		declared := o.accounts[c.Account.Text]
		if declared == nil && c.Name.IsKnown() {
			if n := o.anyScope[c.Name.Text]; n != nil && n.Kind == OrgAccount && !n.Account.IsKnown() {
				declared = n
			}
		}
		if declared == nil {
			o.index(c)
			continue
		}
		if !declared.Account.IsKnown() {
			declared.Account = c.Account
			o.accounts[c.Account.Text] = declared
		}
		if len(declared.Parents) == 0 {
			declared.Parents = c.Parents
		}
		declared.Management = declared.Management || c.Management
	}
	// The account that deploys the organization is its management
	// account.
	for _, n := range inv.OrgNodes {
		if !n.Organization {
			continue
		}
		if b := o.account(&n.Meta); b != nil && b.Account.IsKnown() {
			o.management[b.Account.Text] = true
		}
	}
	for _, n := range o.accounts {
		if n.Management {
			o.management[n.Account.Text] = true
		}
	}
	for _, n := range inv.OrgNodes {
		for _, p := range n.Parents {
			if parent := o.findParent(p); parent != nil && parent != n {
				o.parents[n] = append(o.parents[n], parent)
			}
		}
	}
	for _, a := range inv.OrgAttachments {
		if p := inv.orgPolicy(a.Policy); p != nil {
			o.policies[a] = p
		}
		if t := o.find(a.Target); t != nil {
			o.attached[t] = append(o.attached[t], a)
		}
	}
}

func (o *orgLinks) index(n *OrgNode) {
	o.nodes[scoped{n.Scope, n.ID}] = n
	if n.Kind == OrgRoot {
		o.roots = append(o.roots, n)
	}
	if n.Kind == OrgAccount && n.Account.IsKnown() {
		if _, taken := o.accounts[n.Account.Text]; !taken {
			o.accounts[n.Account.Text] = n
		}
	}
	for _, v := range []Value{n.Name, n.Account} {
		if !v.IsKnown() {
			continue
		}
		if _, taken := o.anyScope[v.Text]; !taken {
			o.anyScope[v.Text] = n
		}
		if _, taken := o.containers[v.Text]; !taken && n.Kind != OrgAccount {
			o.containers[v.Text] = n
		}
	}
}

// findParent resolves the reference of a node to its parent: as find
// does, but among roots and OUs first, so that an account named like its
// OU ("sandbox" in "sandbox") is not taken for its own parent.
func (o *orgLinks) findParent(r Ref) *OrgNode {
	if n, ok := lookupInstance(o.nodes, r); ok {
		return n
	}
	if r.Value.IsKnown() {
		if n := o.containers[r.Value.Text]; n != nil {
			return n
		}
	}
	return o.find(r)
}

// find resolves a reference to an org node: by ID, or by a name, an AWS
// ID (r-…, ou-…) or an account ID as written.
func (o *orgLinks) find(r Ref) *OrgNode {
	if n, ok := lookupInstance(o.nodes, r); ok {
		return n
	}
	if !r.Value.IsKnown() {
		return nil
	}
	if n := o.accounts[r.Value.Text]; n != nil {
		return n
	}
	if n := o.anyScope[r.Value.Text]; n != nil {
		return n
	}
	if strings.EqualFold(r.Value.Text, "root") && len(o.roots) == 1 {
		return o.roots[0] // the configuration's `ou: root`
	}
	if strings.HasPrefix(r.Value.Text, "r-") {
		// A root the inputs name by ID only: the organization exists
		// already. What is attached to it is known only from this scan.
		n := &OrgNode{Meta: Meta{ID: r.Value.Text}, Kind: OrgRoot, Account: r.Value}
		o.anyScope[r.Value.Text] = n
		o.implicit = append(o.implicit, n)
		return n
	}
	return nil
}

// orgPolicy resolves an attachment's policy among the SCPs and RCPs.
func (inv *Inventory) orgPolicy(r Ref) *Policy {
	for _, p := range inv.Policies {
		if p.Kind != SCP && p.Kind != RCP || p.Scope != r.Scope && r.ID != "" {
			continue
		}
		if r.ID != "" && p.ID == r.ID || r.ID == "" && r.Value.IsKnown() && p.Name.Is(r.Value.Text) {
			return p
		}
	}
	return nil
}

// bindOnce adds binding b to what is known of the same scope and
// provider: the first binding, unless b says another account.
func bindOnce(prev, b *AccountBinding) *AccountBinding {
	switch {
	case prev == nil:
		return b
	case prev.Account.IsKnown() && b.Account.IsKnown() && prev.Account.Text != b.Account.Text:
		// Bindings of several accounts: which one deploys an element is
		// not known here.
		return &AccountBinding{Meta: prev.Meta, Provider: prev.Provider,
			Account: Unresolved("one of "+prev.Account.Text+" ("+prev.Via+"), "+b.Account.Text+" ("+b.Via+")", prev.Loc),
			Via:     "several providers"}
	}
	return prev
}

// AccountOf returns how the account of a scope's elements is known, or nil
// when it is not: the inputs' own binding (the default provider, a
// parameter), else the configuration's account whose paths hold the
// scope. Elements deployed by an aliased provider have their own: see
// ElementAccount.
func (inv *Inventory) AccountOf(scope string) *AccountBinding {
	return inv.graph().org.scopes[scope]
}

// ElementAccount returns how the account an element is deployed to is
// known: the binding of its aliased provider, else the configuration's
// account of its scope; for the other elements, its scope's (AccountOf).
// An aliased provider that says no account makes it unknown: the default
// provider's account is not taken to be its.
func (inv *Inventory) ElementAccount(m *Meta) *AccountBinding {
	return inv.graph().org.account(m)
}

func (o *orgLinks) account(m *Meta) *AccountBinding {
	if m.Provider == "" {
		return o.scopes[m.Scope]
	}
	if b := o.aliased[scoped{m.Scope, m.Provider}]; b != nil {
		return b
	}
	if b := o.mapped[m.Scope]; b != nil {
		return b
	}
	return &AccountBinding{Meta: Meta{ID: "provider." + m.Provider, Scope: m.Scope, Loc: m.Loc}, Provider: m.Provider,
		Account: Unresolved("provider "+m.Provider+" names no account (allowed_account_ids, assume_role)", m.Loc),
		Via:     "provider " + m.Provider}
}

// mapAccounts binds each scope to the configuration's account whose paths
// hold it, where the inputs bind it to none; and keeps that account for
// the elements of aliased providers that name none.
func (inv *Inventory) mapAccounts(o *orgLinks) {
	if len(inv.AccountMappings) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, m := range inv.metas() {
		if seen[m.Scope] || m.Scope == "" {
			continue
		}
		seen[m.Scope] = true
		abs, err := filepath.Abs(m.Scope)
		if err != nil {
			continue
		}
		for _, am := range inv.AccountMappings {
			if am.ID != "" && slices.ContainsFunc(am.Paths, func(p string) bool { return within(abs, p) }) {
				o.mapped[m.Scope] = &AccountBinding{
					Meta:    Meta{ID: "accounts." + am.Name, Source: SourceConfig, Loc: am.Loc, Scope: m.Scope},
					Account: Value{Text: am.ID, Set: true, Loc: am.Loc},
					Via:     ".iacscan.yml accounts." + am.Name,
				}
				break
			}
		}
		if _, done := o.scopes[m.Scope]; !done && o.mapped[m.Scope] != nil {
			o.scopes[m.Scope] = o.mapped[m.Scope]
		}
	}
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// OrgAccountNode returns the account of the organization with that ID, or
// nil when the inputs and configuration do not declare it.
func (inv *Inventory) OrgAccountNode(account string) *OrgNode {
	return inv.graph().org.accounts[account]
}

// IsManagementAccount reports whether the inputs or the configuration show
// an account to be the organization's management account.
func (inv *Inventory) IsManagementAccount(account string) bool {
	return inv.graph().org.management[account]
}

// OrganizationID returns the ID (o-…) of the organization of the scan:
// the organization's own when the inputs know it, else the one the
// configuration names (org_ids) when it names one.
func (inv *Inventory) OrganizationID() string {
	for _, n := range inv.OrgNodes {
		if n.Organization && n.OrgID.IsKnown() {
			return n.OrgID.Text
		}
	}
	if len(inv.OrgIDs) == 1 {
		return inv.OrgIDs[0]
	}
	return ""
}

// HasOrgPolicies reports whether the scan has policies of an organization
// kind (SCP, RCP).
func (inv *Inventory) HasOrgPolicies(kind PolicyKind) bool { return inv.graph().org.kinds[kind] }

// OrgParents returns the root or OUs a node is in, as resolved.
func (inv *Inventory) OrgParents(n *OrgNode) []*OrgNode { return inv.graph().org.parents[n] }

// OrgAttachments returns the attachments of policies to a node.
func (inv *Inventory) OrgAttachmentsOf(n *OrgNode) []*OrgAttachment {
	return inv.graph().org.attached[n]
}

// OrgPolicy returns the SCP or RCP an attachment attaches, or nil when it
// is not in the scan.
func (inv *Inventory) OrgPolicy(a *OrgAttachment) *Policy { return inv.graph().org.policies[a] }

// OrgPath returns the levels from the organization root down to the
// account: root, OUs, then the account; complete is false when a level
// above does not resolve (the account's OU is not in the scan), or the
// account is not declared at all (path is then empty).
func (inv *Inventory) OrgPath(account string) (path []*OrgNode, complete bool) {
	o := inv.graph().org
	n := o.accounts[account]
	if n == nil {
		return nil, false
	}
	seen := map[*OrgNode]bool{}
	for n != nil && !seen[n] {
		seen[n] = true
		path = append(path, n)
		if n.Kind == OrgRoot {
			complete = true
			break
		}
		parents := o.parents[n]
		if len(parents) != 1 {
			break
		}
		n = parents[0]
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path, complete
}

func (n *OrgNode) meta() *Meta { return &n.Meta }

// OrgEntityPath returns what the scan knows of an account's path in its
// organization, as aws:PrincipalOrgPaths and aws:ResourceOrgPaths carry
// it ("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"): the organization's ID,
// then the ID of the root and of each OU down to the account's, each
// ended by "/". complete is false when only the start of it is known (an
// OU whose ID is known only after apply, a level not in the scan); start
// is "" when not even the organization is (an account the scan does not
// place, an organization ID not known).
func (inv *Inventory) OrgEntityPath(account string) (start string, complete bool) {
	org := inv.OrganizationID()
	if org == "" || account == "" || inv.OrgAccountNode(account) == nil && !inv.IsManagementAccount(account) {
		return "", false
	}
	path, complete := inv.OrgPath(account)
	start = org + "/"
	if !complete {
		return start, false // the levels known do not reach the root
	}
	for _, n := range path[:len(path)-1] { // the account's own ID is not part of it
		prefix := "ou-"
		if n.Kind == OrgRoot {
			prefix = "r-"
		}
		if !n.Account.IsKnown() || !strings.HasPrefix(n.Account.Text, prefix) {
			return start, false
		}
		start += n.Account.Text + "/"
	}
	return start, true
}
