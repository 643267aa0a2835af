package rules

import (
	"cmp"
	"fmt"
	"iter"
	"slices"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/internal/parallel"
	"github.com/iacscan/iacscan/model"
)

// Config holds the settings of the scanned project that rules read
// (from .iacscan.yml).
type Config struct {
	// TrustedAccounts are account IDs that are the user's own or trusted
	// (IAM302).
	TrustedAccounts []string `yaml:"trusted_accounts"`
	// OrgIDs are the user's AWS Organizations IDs: when set, a condition on
	// aws:PrincipalOrgID or aws:PrincipalOrgPaths narrows a grant (IAM301,
	// IAM302, IAM304) only when it names them.
	OrgIDs []string `yaml:"org_ids"`
	// RequireBoundaries makes permissions boundaries mandatory (IAM501).
	RequireBoundaries bool `yaml:"require_boundaries"`
}

// Pass is what a rule's check receives: the inventory and a way to report.
type Pass struct {
	Inventory *model.Inventory
	Config    *Config

	rule     *Rule
	findings []*Finding
	shared   *shared
	lowered  map[Severity]*Rule
}

// Reportf records a finding on element m at loc (use m.Loc, m.At(field) or a
// statement's location). The message names the element and the specifics.
func (p *Pass) Reportf(m *model.Meta, loc model.Location, format string, args ...any) *Finding {
	if loc.IsZero() {
		loc = m.Loc
	}
	f := &Finding{
		Rule:     p.rule,
		Resource: m.ID,
		Source:   m.Source,
		Loc:      loc,
		Message:  fmt.Sprintf(format, args...),
		MayApply: m.MayApply,
	}
	if loc.File != m.Loc.File && !m.Loc.IsZero() {
		// A policy document read from another file: the element using it is
		// where a change causes the finding too.
		f.With(m.Loc, "`%s` is defined here", m.ID)
	}
	for c := m.Call; c != nil; c = c.Caller {
		root := ""
		if c.Caller == nil {
			root = fmt.Sprintf(" from root module `%s`", c.Root)
		}
		f.With(c.Loc, "`%s` is called here%s", c.Address, root)
	}
	p.findings = append(p.findings, f)
	return f
}

// Lower reports f at sev instead of its rule's severity, for a finding the
// rule knows to be narrower than the case its severity is set for (IAM303 on
// one tenant's workloads). The rule's severity, as configured, stays the
// ceiling: Lower never raises. The finding's rule is a copy of the rule
// with that severity, so every report shows it without knowing.
func (p *Pass) Lower(f *Finding, sev Severity) {
	if sev >= f.Rule.Severity {
		return
	}
	if p.lowered[sev] == nil {
		if p.lowered == nil {
			p.lowered = map[Severity]*Rule{}
		}
		r := *p.rule
		r.Severity = sev
		p.lowered[sev] = &r
	}
	f.Rule = p.lowered[sev]
}

// Statements yields every statement of every policy in the inventory with
// the policy it belongs to.
func (p *Pass) Statements() iter.Seq2[*model.Policy, *model.Statement] {
	return func(yield func(*model.Policy, *model.Statement) bool) {
		for _, pol := range p.Inventory.Policies {
			if pol.Document == nil {
				continue
			}
			for _, st := range pol.Document.Statements {
				if !yield(pol, st) {
					return
				}
			}
		}
	}
}

// Run checks the inventory against the rules and returns the findings in
// report order: by file, line, column, rule, then message. The inventory
// is linked already (parsers.Load does it; an inventory built by hand is
// linked by its accessors on first use).
func Run(inv *model.Inventory, rules []*Rule, cfg *Config) []*Finding {
	return RunAnalysed(inv, nil, rules, cfg)
}

// RunAnalysed is Run for a caller that needs the inventory's IAM analysis
// too (an, computed by iam.Analyze): the rules share it instead of
// computing it again. A nil an is computed on first use, as Run does.
func RunAnalysed(inv *model.Inventory, an *iam.Analysis, rules []*Rule, cfg *Config) []*Finding {
	if cfg == nil {
		cfg = &Config{}
	}
	sh := newShared(inv, an)
	// Rules run in parallel; each reports into its own pass, and the
	// findings are gathered in rule order and sorted, so the result does
	// not depend on scheduling. Links are resolved first: the inventory
	// builds them on first use, and the rules only read it.
	inv.EnsureLinked()
	passes := make([]*Pass, len(rules))
	parallel.For(len(rules), func(i int) {
		passes[i] = &Pass{Inventory: inv, Config: cfg, rule: rules[i], shared: sh}
		rules[i].Check(passes[i])
	})
	var all []*Finding
	for _, p := range passes {
		all = append(all, p.findings...)
	}
	locateElements(inv, all)
	relateConsumers(inv, all)
	SortFindings(all)
	return all
}

// SortFindings puts findings in the stable report order.
func SortFindings(fs []*Finding) {
	slices.SortStableFunc(fs, func(a, b *Finding) int {
		return cmp.Or(
			cmp.Compare(a.Loc.File, b.Loc.File),
			cmp.Compare(a.Loc.StartLine, b.Loc.StartLine),
			cmp.Compare(a.Loc.StartColumn, b.Loc.StartColumn),
			cmp.Compare(a.Rule.ID, b.Rule.ID),
			cmp.Compare(a.Resource, b.Resource),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
