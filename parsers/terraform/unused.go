package terraform

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// renderedDoc is one instance of an aws_iam_policy_document data source.
type renderedDoc struct {
	res  *resource
	it   *iteration
	tree *syntax.Node
}

// usedStatements returns the locations of every statement of the policies
// the configuration made: a document whose statements are among them is in
// use (directly, or merged into another through source_policy_documents).
func usedStatements(inv *model.Inventory) map[model.Location]bool {
	used := make(map[model.Location]bool)
	for _, p := range inv.Policies {
		if p.Document == nil {
			continue
		}
		for _, st := range p.Document.Statements {
			used[st.Loc] = true
		}
	}
	return used
}

// emitUnusedDocuments judges on their own the policy documents that no
// resource of the configuration uses: what a module publishes through an
// output, or nothing at all, is still a policy someone will attach. Its
// kind is inferred from its statements (model.Standalone).
func (s *scope) emitUnusedDocuments(used map[model.Location]bool) {
	for _, r := range s.mod.resources {
		if r.data && r.typ == "aws_iam_policy_document" {
			s.doc(r.name) // evaluate the ones nothing referenced
		}
	}
	for _, d := range s.rendered {
		doc := syntax.DecodeDocument(d.tree)
		if len(doc.Statements) == 0 {
			continue
		}
		inUse := false
		for _, st := range doc.Statements {
			if used[st.Loc] {
				inUse = true
				break
			}
		}
		if inUse {
			continue
		}
		addr := "data.aws_iam_policy_document." + d.res.name + d.it.suffix
		if s.addr != "" {
			addr = s.addr + "." + addr
		}
		meta := model.Meta{
			ID: addr, Type: d.res.typ, Source: model.SourceTerraform, Loc: location(d.res.rng),
			MayApply: d.it.symbolic || s.mayApply, Call: s.callSite,
		}
		s.run.inv.Policies = append(s.run.inv.Policies, &model.Policy{Meta: meta, Kind: model.Standalone, Document: doc})
	}
	for _, child := range s.children {
		child.emitUnusedDocuments(used)
	}
}
