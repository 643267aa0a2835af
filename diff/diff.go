package diff

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// Side is one side of a change: the analysis of its inventory and the
// findings of the rules on it.
type Side struct {
	Analysis *iam.Analysis
	Findings []*rules.Finding
	// Root is the directory the side's files are read under (a checkout of
	// the base ref in a temporary directory); paths are compared and
	// reported relative to it. Empty: paths as they are.
	Root string
}

// Report is what a change grants, principal by principal.
type Report struct {
	// Schema versions the JSON form; see docs/diff.md.
	Schema      int    `json:"schema"`
	DataVersion string `json:"data_version"`
	// Before and After say what was compared ("prior state of plan.json",
	// "git ref main", "working tree").
	Before string `json:"before"`
	After  string `json:"after"`
	// Principals whose permissions, boundary, denies, trust or findings
	// changed: escalations first.
	Principals []*Principal `json:"principals"`
	// Resources are resource policies whose grants changed.
	Resources []*Resource `json:"resources"`
	Findings  Findings    `json:"findings"`
}

// Principal is the change of one user, group or role, or of a policy
// standing for a holder the scan does not show (Kind "policy").
type Principal struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // user, group, role, policy
	File string `json:"file"`
	Line int    `json:"line"`
	// Change is "added" (not on the before side), "removed" (not after) or
	// "changed".
	Change string `json:"change"`
	// Escalation: the principal gains permissions management, role
	// passing or assumption, or a new high or critical finding.
	Escalation bool `json:"escalation"`
	// Added are actions newly allowed; Widened, actions allowed before
	// too, now on more resources or under fewer conditions; Narrowed,
	// actions allowed on both sides, now on fewer resources or under more
	// conditions; Removed, actions no longer allowed.
	Added    []*Grant `json:"added"`
	Widened  []*Grant `json:"widened"`
	Narrowed []*Grant `json:"narrowed"`
	Removed  []*Grant `json:"removed"`
	// Boundary is set when the permissions boundary changed.
	Boundary *Change `json:"boundary,omitempty"`
	// DeniesAdded and DeniesRemoved are Deny statements that apply to the
	// principal on one side only.
	DeniesAdded   []string `json:"denies_added"`
	DeniesRemoved []string `json:"denies_removed"`
	// DeniesChanged are Deny statements of one policy whose actions,
	// resources or conditions changed.
	DeniesChanged []*DenyChange `json:"denies_changed"`
	// Trust: for roles, who can assume the role, where it changed.
	Trust []*Reach `json:"trust"`
	// Unknown lists, per side, what could not be resolved (a policy only
	// known after apply, one not in the scan): the principal may have more
	// or less than shown.
	UnknownBefore []string `json:"unknown_before"`
	UnknownAfter  []string `json:"unknown_after"`
	// Findings are the findings the change introduces on the principal,
	// its policies and attachments.
	Findings []*Finding `json:"findings"`

	key      string
	severity rules.Severity // of its worst new finding
	// gainSeverity is that of its worst new finding about permissions
	// (aboutPermissions).
	gainSeverity rules.Severity
}

// DenyChange is a Deny statement as it was and as it is, with the actions
// it starts and stops denying.
type DenyChange struct {
	Before string `json:"before"`
	After  string `json:"after"`
	// Starts are the actions an explicit Deny refuses after the change and
	// none did before, on the statement's resources; Stops, the other way
	// round (as the engine answers on each side).
	Starts []string `json:"starts_denying"`
	Stops  []string `json:"stops_denying"`
}

// Change is an attribute's value on each side; "" when absent.
type Change struct {
	Before string `json:"before"`
	After  string `json:"after"`
}

// Grant is a set of actions allowed under one scope: the resources and
// conditions of the statements that grant them.
type Grant struct {
	Scope Scope `json:"scope"`
	// Was, for widened and narrowed actions: the scopes they were allowed
	// under before.
	Was []Scope `json:"was,omitempty"`
	// Via names the policies that grant the actions ("policy
	// `aws_iam_policy.x` through group `aws_iam_group.g`").
	Via []string `json:"via"`
	// All: the statements grant every action of every service (the
	// Services are then not listed). Actions counts those of the change.
	All      bool             `json:"all"`
	Actions  int              `json:"actions"`
	Services []*ServiceAccess `json:"services"`
}

// Scope is where and when a grant applies.
type Scope struct {
	// Resources are the statement's Resource entries, or NotResources its
	// NotResource entries; values known only after apply are written
	// "(known after apply: expression)".
	Resources    []string `json:"resources,omitempty"`
	NotResources []string `json:"not_resources,omitempty"`
	// Conditions are the statement's conditions, "Operator key values".
	Conditions []string `json:"conditions,omitempty"`

	conds model.Conditions // the same, to build requests that meet them
}

// ServiceAccess is the actions of one access level of a service in a grant.
type ServiceAccess struct {
	Service string `json:"service"`
	Name    string `json:"name"`
	Level   string `json:"level"`
	Count   int    `json:"count"`
	Total   int    `json:"total"` // actions of the level in the service
	// Actions names them when the level is not granted whole.
	Actions []string `json:"actions,omitempty"`
}

// Reach is a principal (of a trust or resource policy) whose access
// changed: "added", "removed" or "changed", with its grants on each side.
type Reach struct {
	Principal string   `json:"principal"`
	Change    string   `json:"change"`
	Before    []string `json:"before"`
	After     []string `json:"after"`
	// Public: the principal is everyone; CrossAccount: an account the
	// inputs do not show to be the deployer's own.
	Public       bool `json:"public"`
	CrossAccount bool `json:"cross_account"`
}

// Resource is a resource policy whose grants changed.
type Resource struct {
	ID         string   `json:"id"`
	Service    string   `json:"service"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Change     string   `json:"change"`
	Escalation bool     `json:"escalation"`
	Reach      []*Reach `json:"reach"`
	// DeniesAdded and DeniesRemoved are the Deny statements of the
	// organization's RCPs that apply to the resource on one side only: a
	// changed RCP, or the resource's account moved to another OU.
	DeniesAdded   []string   `json:"denies_added"`
	DeniesRemoved []string   `json:"denies_removed"`
	Findings      []*Finding `json:"findings"`
	Unknown       []string   `json:"unknown"`

	key string
	// scope and rawFile are the policy's, as the side's findings name
	// them: to tell apart policies of one address in two roots.
	scope, rawFile string
}

// SchemaVersion is the version of the JSON form.
const SchemaVersion = 1

// Compute compares two sides of a change.
func Compute(before, after *Side) *Report {
	r := &Report{Schema: SchemaVersion, DataVersion: iam.DataProvenance().Version,
		Principals: []*Principal{}, Resources: []*Resource{}}
	bPrincipals := indexPrincipals(before)
	bPolicies, aPolicies := policyKeys(before), policyKeys(after)
	seen := make(map[string]bool)
	for _, a := range after.Analysis.Principals() {
		key := principalKey(after, a)
		seen[key] = true
		b := bPrincipals[key]
		if b == nil && a.Identity == nil && bPolicies[key] {
			// A policy that was attached (or a boundary) and now stands
			// alone: its holders' changes say what changed.
			continue
		}
		p := comparePrincipal(before.Analysis, after.Analysis, b, a)
		p.key = key
		describePrincipal(after, a, p)
		if b == nil {
			p.Change = "added"
		}
		r.Principals = append(r.Principals, p)
	}
	for _, b := range before.Analysis.Principals() {
		key := principalKey(before, b)
		if seen[key] || b.Identity == nil && aPolicies[key] {
			continue
		}
		p := comparePrincipal(before.Analysis, after.Analysis, b, nil)
		p.key = key
		p.Change = "removed"
		describePrincipal(before, b, p)
		r.Principals = append(r.Principals, p)
	}
	r.Resources = compareResources(before, after)
	r.Findings = compareFindings(before, after, r)
	r.Principals = slices.DeleteFunc(r.Principals, (*Principal).unchanged)
	for _, p := range r.Principals {
		p.Escalation = p.escalates()
	}
	slices.SortStableFunc(r.Principals, func(x, y *Principal) int {
		return cmp.Or(
			-cmp.Compare(b2i(x.Escalation), b2i(y.Escalation)),
			-cmp.Compare(x.severity, y.severity),
			cmp.Compare(x.File, y.File),
			cmp.Compare(x.Kind, y.Kind),
			cmp.Compare(x.ID, y.ID))
	})
	return r
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// indexPrincipals maps a side's principals by key.
func indexPrincipals(s *Side) map[string]*iam.Permissions {
	m := make(map[string]*iam.Permissions)
	for _, p := range s.Analysis.Principals() {
		m[principalKey(s, p)] = p
	}
	return m
}

// policyKeys returns the principal keys of every policy of a side, as a
// policy standing alone would have.
func policyKeys(s *Side) map[string]bool {
	m := make(map[string]bool)
	for _, p := range s.Analysis.Inventory.Policies {
		m["policy\x00"+s.rel(p.Scope)+"\x00"+s.id(&p.Meta)] = true
	}
	return m
}

// principalKey identifies a principal across sides: its kind, its input's
// scope (relative to the side's root) and its ID.
func principalKey(s *Side, p *iam.Permissions) string {
	m := p.Meta()
	kind := "policy"
	if p.Identity != nil {
		kind = string(p.Identity.Kind)
	}
	return kind + "\x00" + s.rel(m.Scope) + "\x00" + s.id(m)
}

// rel makes a path relative to the side's root, with forward slashes.
func (s *Side) rel(path string) string {
	if s.Root == "" || path == "" {
		return filepath.ToSlash(path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	r, err := filepath.Rel(s.Root, abs)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

// id is an element's ID as the other side has it: the ID of a policy
// document file is its path, made relative like every path.
func (s *Side) id(m *model.Meta) string {
	if m.Source == model.SourcePolicy {
		return s.rel(m.ID)
	}
	return m.ID
}

// text makes the paths of the side's root in a message relative.
func (s *Side) text(msg string) string {
	if s.Root == "" {
		return msg
	}
	return strings.ReplaceAll(msg, s.Root+string(filepath.Separator), "")
}

func describePrincipal(s *Side, perm *iam.Permissions, p *Principal) {
	m := perm.Meta()
	p.ID, p.File, p.Line, p.Kind = s.id(m), s.rel(m.Loc.File), m.Loc.StartLine, "policy"
	if perm.Identity != nil {
		p.Kind = string(perm.Identity.Kind)
	}
	if p.Change == "" {
		p.Change = "changed"
	}
}

// unchanged reports whether nothing about the principal changed.
func (p *Principal) unchanged() bool {
	return p.Change == "changed" && len(p.Added) == 0 && len(p.Widened) == 0 && len(p.Narrowed) == 0 && len(p.Removed) == 0 &&
		p.Boundary == nil && len(p.DeniesAdded) == 0 && len(p.DeniesRemoved) == 0 && len(p.DeniesChanged) == 0 && len(p.Trust) == 0 &&
		len(p.Findings) == 0 && slices.Equal(p.UnknownBefore, p.UnknownAfter)
}

// escalates reports whether the change gives the principal more power:
// it gains permissions management or every action, a role becomes
// assumable by everyone or another account, or it gains permissions and a
// new high or critical finding about permissions is on it. Losing
// permissions never escalates, and neither does a finding on a policy's
// size, validity or hygiene (see aboutPermissions).
func (p *Principal) escalates() bool {
	gains := len(p.Added) > 0 || len(p.Widened) > 0
	for _, t := range p.Trust {
		if t.Change != "removed" {
			gains = true
			if t.Public || t.CrossAccount {
				return true
			}
		}
	}
	for _, d := range p.DeniesChanged {
		gains = gains || len(d.Stops) > 0
	}
	if !gains {
		return false
	}
	if p.gainSeverity >= rules.High {
		return true
	}
	for _, g := range slices.Concat(p.Added, p.Widened) {
		if g.All {
			return true
		}
		for _, s := range g.Services {
			if s.Level == iam.PermissionsManagement.String() {
				return true
			}
		}
	}
	return false
}

// aboutPermissions reports whether a rule's findings say what someone may
// do (credentials, least privilege, trust and exposure, delegation without
// a boundary), rather than how a policy is written (hygiene and
// validation, IAM4xx: its size, its grammar) or the account's governance
// (IAM5xx), which are never an escalation. A custom rule counts.
func aboutPermissions(r *rules.Rule) bool {
	if r.Origin != "" {
		return true
	}
	return !strings.HasPrefix(r.ID, "IAM4") && (!strings.HasPrefix(r.ID, "IAM5") || r.ID == "IAM502")
}

// valueText is a policy value for the report; unknown values say so.
func valueText(v model.Value) string {
	if v.IsKnown() {
		return v.Text
	}
	return "(known after apply: " + v.String() + ")"
}

func valuesText(vs model.Values) []string {
	out := make([]string, 0, len(vs.Items)+1)
	for _, v := range vs.Items {
		out = append(out, valueText(v))
	}
	if vs.Unknown {
		expr := vs.Expr
		if expr == "" {
			expr = "more values"
		}
		out = append(out, "(known after apply: "+expr+")")
	}
	return out
}
