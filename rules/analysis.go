package rules

import (
	"sync"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// shared holds what the passes over one inventory compute once and share:
// the IAM analysis (catalog lookups and effective permissions). Rules never
// derive effective permissions themselves.
type shared struct {
	analysis func() *iam.Analysis
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
