package rules

import (
	"slices"
	"sync"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// shared holds what the passes over one inventory compute once and share:
// the IAM analysis (catalog lookups and effective permissions). Rules never
// derive effective permissions themselves.
type shared struct {
	analysis func() *iam.Analysis
	twins    sync.Map // *model.Policy → its AWS managed twin's name, or ""
	verdicts verdicts
}

func newShared(inv *model.Inventory, an *iam.Analysis) *shared {
	return &shared{analysis: sync.OnceValue(func() *iam.Analysis {
		if an != nil {
			return an
		}
		return iam.Analyze(inv, iam.Default())
	})}
}

// IAM returns the IAM analysis of the pass's inventory: the catalog, every
// statement's resolved actions and every principal's effective permissions,
// computed on first use and shared by all rules of the run.
func (p *Pass) IAM() *iam.Analysis {
	if p.shared == nil {
		p.shared = newShared(p.Inventory, nil)
	}
	return p.shared.analysis()
}

// managedTwin is the name of the AWS managed policy that pol's document
// repeats statement for statement (iam.Catalog.ManagedTwin), or "",
// looked up once per policy and run.
func (p *Pass) managedTwin(pol *model.Policy) string {
	p.IAM()
	if name, ok := p.shared.twins.Load(pol); ok {
		return name.(string)
	}
	name := ""
	if !grantsEverything(pol.Document) {
		name, _ = p.IAM().Catalog.ManagedTwin(pol.Document)
	}
	p.shared.twins.Store(pol, name)
	return name
}

// grantsEverything reports whether a statement of the document allows
// every action or all but some (NotAction): AdministratorAccess and
// PowerUserAccess are no better to attach than to copy.
func grantsEverything(doc *model.Document) bool {
	for _, st := range doc.Statements {
		if st.NotAction.Set || slices.ContainsFunc(st.Action.Items, isAnyAction) {
			return true
		}
	}
	return false
}

// twinNote is what a finding on a policy that repeats an AWS managed
// policy says: the fix is to attach that one.
func twinNote(name string) string {
	if name == "" {
		return ""
	}
	return "; same as AWS managed policy `" + name + "`: attach it instead"
}
