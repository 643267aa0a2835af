package diff

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// Findings are the rules' findings, by what the change did to them.
type Findings struct {
	// New are on the after side only: what the change introduces.
	New []*Finding `json:"new"`
	// Fixed are on the before side only.
	Fixed []*Finding `json:"fixed"`
	// Existing counts those on both sides.
	Existing int `json:"existing"`
}

// Finding is a rule's finding in the diff.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Title    string `json:"title"`
	Resource string `json:"resource"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Message  string `json:"message"`

	severity rules.Severity
}

// Level returns the finding's severity.
func (f *Finding) Level() rules.Severity { return f.severity }

// findingKey identifies a finding across sides by its fingerprint
// (rules.Fingerprint: rule, file relative to the side's root, element and
// statement, never the line) and, when exact, its message.
func findingKey(s *Side, f *rules.Finding, exact bool) string {
	rel := *f
	rel.Loc.File = s.rel(f.Loc.File)
	rel.Resource = s.resource(f)
	k := rules.Fingerprint(&rel)
	if exact {
		k += "\x00" + s.text(f.Message)
	}
	return k
}

func newFinding(s *Side, f *rules.Finding) *Finding {
	return &Finding{Rule: f.Rule.ID, Severity: f.Rule.Severity.String(), Title: f.Rule.Title, Resource: s.resource(f),
		File: s.rel(f.Loc.File), Line: f.Loc.StartLine, Message: s.text(f.Message), severity: f.Rule.Severity}
}

// resource is the ID of a finding's element as the other side has it.
func (s *Side) resource(f *rules.Finding) string {
	if f.Source == model.SourcePolicy {
		return s.rel(f.Resource)
	}
	return f.Resource
}

// active returns the findings no ignore directive or baseline suppresses.
func active(fs []*rules.Finding) []*rules.Finding {
	var out []*rules.Finding
	for _, f := range fs {
		if f.Suppressed == nil {
			out = append(out, f)
		}
	}
	return out
}

// compareFindings sorts the findings of both sides into new, fixed and
// existing, and gives each principal and resource policy the new findings
// on it (a finding on a policy or an attachment is on its holders).
func compareFindings(before, after *Side, r *Report) Findings {
	out := Findings{New: []*Finding{}, Fixed: []*Finding{}}
	bs, as := active(before.Findings), active(after.Findings)
	bMatched, aMatched := make([]bool, len(bs)), make([]bool, len(as))
	// First the same finding, then one of the same rule on the same
	// element whose message the change altered (a condition it now
	// ignores, a count): that finding was already there.
	for _, exact := range []bool{true, false} {
		keys := make(map[string][]int)
		for i, f := range bs {
			if !bMatched[i] {
				k := findingKey(before, f, exact)
				keys[k] = append(keys[k], i)
			}
		}
		for i, f := range as {
			if aMatched[i] {
				continue
			}
			k := findingKey(after, f, exact)
			if js := keys[k]; len(js) > 0 {
				bMatched[js[0]], aMatched[i] = true, true
				keys[k] = js[1:]
				out.Existing++
			}
		}
	}
	owners := findingOwners(after, r)
	for i, f := range as {
		if aMatched[i] {
			continue
		}
		nf := newFinding(after, f)
		out.New = append(out.New, nf)
		for _, p := range owners.principalsOf(f) {
			p.Findings = append(p.Findings, nf)
			p.severity = max(p.severity, nf.severity)
			if aboutPermissions(f.Rule) {
				p.gainSeverity = max(p.gainSeverity, nf.severity)
			}
		}
		for _, res := range owners.resourcesOf(f) {
			res.Findings = append(res.Findings, nf)
			if nf.severity >= rules.High && aboutPermissions(f.Rule) && res.gains() {
				res.Escalation = true
			}
		}
	}
	for i, f := range bs {
		if !bMatched[i] {
			out.Fixed = append(out.Fixed, newFinding(before, f))
		}
	}
	r.Resources = slices.DeleteFunc(r.Resources, func(res *Resource) bool {
		return len(res.Reach) == 0 && len(res.Findings) == 0 && len(res.DeniesAdded) == 0 && len(res.DeniesRemoved) == 0 &&
			res.Change == "changed"
	})
	slices.SortStableFunc(r.Resources, func(x, y *Resource) int {
		return cmp.Or(-cmp.Compare(b2i(x.Escalation), b2i(y.Escalation)), cmp.Compare(x.File, y.File), cmp.Compare(x.ID, y.ID))
	})
	sortFindings(out.New)
	sortFindings(out.Fixed)
	for _, p := range r.Principals {
		sortFindings(p.Findings)
	}
	for _, res := range r.Resources {
		sortFindings(res.Findings)
	}
	return out
}

func sortFindings(fs []*Finding) {
	slices.SortStableFunc(fs, func(x, y *Finding) int {
		return cmp.Or(-cmp.Compare(x.severity, y.severity), cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line),
			cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Resource, y.Resource))
	})
}

// owners are, by element ID, the principals and resource policies a
// finding on that element concerns.
type owners struct {
	principals map[string][]owned[*Principal]
	resources  map[string][]owned[*Resource]
}

// owned is an owner through one element: where the element is, to tell
// apart elements of one address in two root modules or templates.
type owned[T any] struct {
	scope, file string
	owner       T
}

// principalsOf returns the principals a finding concerns.
func (o owners) principalsOf(f *rules.Finding) []*Principal {
	return ownersOf(o.principals[f.Resource], f)
}

// resourcesOf returns the resource policies a finding concerns.
func (o owners) resourcesOf(f *rules.Finding) []*Resource {
	return ownersOf(o.resources[f.Resource], f)
}

// ownersOf keeps, of the owners through elements of the finding's
// address, those of the finding's scope: when two root modules or
// templates both have the address, the one whose element is in the
// finding's file, else the one whose scope holds the file. When neither
// tells them apart (a module both roots call), all of them.
func ownersOf[T comparable](cands []owned[T], f *rules.Finding) []T {
	keep := cands
	if scopes := distinctScopes(cands); scopes > 1 {
		if in := filterOwned(cands, func(c owned[T]) bool { return c.file == f.Loc.File }); distinctScopes(in) == 1 {
			keep = in
		} else if in := filterOwned(cands, func(c owned[T]) bool { return within(f.Loc.File, c.scope) }); distinctScopes(in) == 1 {
			keep = in
		}
	}
	var out []T
	for _, c := range keep {
		if !slices.Contains(out, c.owner) {
			out = append(out, c.owner)
		}
	}
	return out
}

func distinctScopes[T any](cs []owned[T]) int {
	var seen []string
	for _, c := range cs {
		if !slices.Contains(seen, c.scope) {
			seen = append(seen, c.scope)
		}
	}
	return len(seen)
}

func filterOwned[T any](cs []owned[T], keep func(owned[T]) bool) []owned[T] {
	var out []owned[T]
	for _, c := range cs {
		if keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// within reports whether a file is the scope (a template, a plan) or in
// its directory (a root module).
func within(file, scope string) bool {
	if scope == "" {
		return false
	}
	file, scope = filepath.Clean(file), filepath.Clean(scope)
	return file == scope || strings.HasPrefix(file, scope+string(filepath.Separator))
}

// findingOwners maps element IDs of the after side to the principals and
// resource policies a finding on them concerns.
func findingOwners(after *Side, r *Report) owners {
	o := owners{principals: make(map[string][]owned[*Principal]), resources: make(map[string][]owned[*Resource])}
	byKey := make(map[string]*Principal)
	for _, p := range r.Principals {
		byKey[p.key] = p
	}
	add := func(m *model.Meta, p *Principal) {
		if m.ID != "" {
			o.principals[m.ID] = append(o.principals[m.ID], owned[*Principal]{m.Scope, m.Loc.File, p})
		}
	}
	an := after.Analysis
	inv := an.Inventory
	membership := make(map[*model.Identity][]*model.Membership)
	for _, m := range inv.Memberships {
		if u := inv.Identity(m.User, model.User); u != nil {
			membership[u] = append(membership[u], m)
		}
	}
	for _, perm := range an.Principals() {
		p := byKey[principalKey(after, perm)]
		if p == nil {
			continue
		}
		add(perm.Meta(), p) // as the after side's findings have it
		for _, g := range slices.Concat(perm.Allows, perm.Denies) {
			if g.Policy != nil {
				add(&g.Policy.Meta, p)
			}
			if g.Attachment != nil {
				add(&g.Attachment.Meta, p)
			}
		}
		if id := perm.Identity; id != nil {
			if id.Trust != nil {
				add(&id.Trust.Meta, p)
			}
			for _, at := range inv.AttachmentsOf(id) {
				add(&at.Meta, p)
			}
			for _, m := range membership[id] {
				add(&m.Meta, p)
			}
		}
	}
	for _, res := range r.Resources {
		o.resources[res.ID] = append(o.resources[res.ID], owned[*Resource]{res.scope, res.rawFile, res})
	}
	return o
}
