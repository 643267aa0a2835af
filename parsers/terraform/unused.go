package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

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
// A document merged into another (source_policy_documents,
// override_policy_documents) is judged as part of it: its statements that
// survive the merge carry their own locations there.
func (s *scope) emitUnusedDocuments(used map[model.Location]bool) {
	s.renderAllDocuments()
	s.emitUnused(used)
}

// renderAllDocuments evaluates the documents nothing referenced, in every
// module instance, so that all merges are known before any is judged.
func (s *scope) renderAllDocuments() {
	for _, r := range s.mod.resources {
		if r.data && r.typ == "aws_iam_policy_document" {
			s.doc(r.name)
		}
	}
	for _, child := range s.children {
		child.renderAllDocuments()
	}
}

func (s *scope) emitUnused(used map[model.Location]bool) {
	for _, d := range s.rendered {
		if s.run.merged[d.tree] {
			continue
		}
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
	s.emitUnusedLocals()
	for _, child := range s.children {
		child.emitUnused(used)
	}
}

// emitUnusedLocals judges on their own the policy documents written as
// `local.x = jsonencode({Statement = …})` that no resource, data source,
// module call or other local refers to (an output may).
func (s *scope) emitUnusedLocals() {
	for _, l := range s.run.unusedPolicyLocals(s.mod) {
		n := s.node(l.expr, noIteration, true)
		if n.Kind != syntax.KindMap || n.Get("Statement") == nil {
			continue
		}
		addr := "local." + l.name
		if s.addr != "" {
			addr = s.addr + "." + addr
		}
		meta := model.Meta{ID: addr, Type: "local", Source: model.SourceTerraform, Loc: location(l.rng), MayApply: s.mayApply, Call: s.callSite}
		s.run.inv.Policies = append(s.run.inv.Policies, &model.Policy{Meta: meta, Kind: model.Standalone, Document: syntax.DecodeDocument(n)})
	}
}

// unusedPolicyLocals returns the locals of a module written as
// jsonencode({…}) that nothing in the module refers to, found once per
// module rather than for each of its instances.
func (r *run) unusedPolicyLocals(m *module) []*attribute {
	if out, ok := r.unusedLocals[m]; ok {
		return out
	}
	var candidates []*attribute
	for _, l := range m.locals {
		call, ok := l.expr.(*hclsyntax.FunctionCallExpr)
		if !ok || call.Name != "jsonencode" || len(call.Args) != 1 {
			continue
		}
		if _, ok := call.Args[0].(*hclsyntax.ObjectConsExpr); ok {
			candidates = append(candidates, l)
		}
	}
	var out []*attribute
	if len(candidates) > 0 {
		referenced := referencedLocals(m)
		for _, l := range candidates {
			if !referenced[l.name] {
				out = append(out, l)
			}
		}
	}
	r.unusedLocals[m] = out
	return out
}

// referencedLocals returns the locals a module's locals, module calls and
// resources refer to (an output may refer to a policy local that is still
// judged on its own).
func referencedLocals(m *module) map[string]bool {
	referenced := make(map[string]bool)
	note := func(expr hcl.Expression) {
		if expr == nil {
			return
		}
		for _, tr := range expr.Variables() {
			if tr.RootName() == "local" && len(tr) > 1 {
				if a, ok := tr[1].(hcl.TraverseAttr); ok {
					referenced[a.Name] = true
				}
			}
		}
	}
	for _, l := range m.locals {
		note(l.expr)
	}
	for _, c := range m.calls {
		note(c.count)
		note(c.forEach)
		for _, in := range c.inputs {
			note(in.expr)
		}
	}
	for _, r := range m.resources {
		note(r.count)
		note(r.forEach)
		r.body.walk(note)
	}
	return referenced
}
