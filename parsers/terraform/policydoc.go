package terraform

import (
	"slices"
	"strings"

	"github.com/iacscan/iacscan/syntax"
	"github.com/zclconf/go-cty/cty"
)

// doc returns the value of data.aws_iam_policy_document.NAME: an object
// with json (and minified_json) holding the document as the AWS provider
// renders it, or a tuple or object of them under count or for_each.
func (s *scope) doc(name string) cty.Value {
	l := s.docs[name]
	return l.get(s, "data.aws_iam_policy_document."+name, func() cty.Value {
		var res *resource
		for _, r := range s.mod.resources {
			if r.data && r.typ == "aws_iam_policy_document" && r.name == name {
				res = r
			}
		}
		its := s.expand(res.count, res.forEach)
		var list []cty.Value
		byKey := make(map[string]cty.Value)
		for _, it := range its {
			attrs := s.bodyNode(res.body, it, res.typ, nil)
			attrs.Loc = location(res.rng)
			tree := renderDocument(attrs)
			s.run.noteMerged(attrs)
			s.rendered = append(s.rendered, renderedDoc{res: res, it: it, tree: tree})
			v := s.run.registerDoc(tree)
			list = append(list, v)
			if k, ok := strings.CutPrefix(it.suffix, `["`); ok {
				byKey[strings.TrimSuffix(k, `"]`)] = v
			}
		}
		switch {
		case len(its) == 1 && its[0].symbolic && res.forEach != nil:
			return cty.DynamicVal
		case res.count != nil:
			// An unknown count stands for one symbolic instance: [0] and
			// [*] find it, and what uses it is symbolic too.
			return cty.TupleVal(list)
		case res.forEach != nil:
			return cty.ObjectVal(byKey)
		}
		return list[0]
	})
}

// noteMerged records the rendered documents a document's
// source_policy_documents and override_policy_documents name.
func (r *run) noteMerged(attrs *syntax.Node) {
	for _, name := range []string{"source_policy_documents", "override_policy_documents"} {
		for _, src := range listItems(attrs.Get(name)) {
			if src.Kind == syntax.KindMap {
				r.merged[src] = true
			}
		}
	}
}

// registerDoc remembers a rendered document by its JSON text and returns
// the data source's value.
func (r *run) registerDoc(doc *syntax.Node) cty.Value {
	text, unknown := jsonText(doc)
	r.docs[text] = doc
	js := cty.StringVal(text)
	if unknown {
		js = js.Mark(unknownMark{})
	}
	return cty.ObjectVal(map[string]cty.Value{
		"json":          js,
		"minified_json": js,
		"id":            placeholder("data.aws_iam_policy_document.id"),
	})
}

// renderDocument builds the policy document an aws_iam_policy_document
// renders: the statements of source_policy_documents in order, then the
// statement blocks, then those of override_policy_documents, a statement
// with the Sid of an earlier one replacing it in place.
func renderDocument(attrs *syntax.Node) *syntax.Node {
	var stmts []*syntax.Node
	merge := func(st *syntax.Node) {
		if sid := st.Get("Sid"); sid != nil && sid.Kind == syntax.KindString && !sid.Unknown && sid.Value != "" {
			for i, old := range stmts {
				if o := old.Get("Sid"); o != nil && o.Kind == syntax.KindString && o.Value == sid.Value {
					stmts[i] = st
					return
				}
			}
		}
		stmts = append(stmts, st)
	}
	for _, src := range listItems(attrs.Get("source_policy_documents")) {
		for _, st := range documentStatements(src) {
			merge(st)
		}
	}
	for _, b := range listItems(attrs.Get("statement")) {
		if b.Kind == syntax.KindMap {
			merge(renderStatement(b))
		}
	}
	for _, src := range listItems(attrs.Get("override_policy_documents")) {
		for _, st := range documentStatements(src) {
			merge(st)
		}
	}
	doc := &syntax.Node{Kind: syntax.KindMap, Loc: attrs.Loc}
	version := attrs.Get("version")
	if version == nil || version.Kind == syntax.KindNull {
		version = syntax.StringNode("2012-10-17", attrs.Loc)
	}
	doc.Entries = append(doc.Entries, entry("Version", version))
	if id := attrs.Get("policy_id"); id != nil && id.Kind != syntax.KindNull {
		doc.Entries = append(doc.Entries, entry("Id", id))
	}
	doc.Entries = append(doc.Entries, entry("Statement", &syntax.Node{Kind: syntax.KindList, Items: stmts, Loc: attrs.Loc}))
	return doc
}

func entry(key string, v *syntax.Node) *syntax.Entry {
	return &syntax.Entry{Key: key, KeyLoc: v.Loc, Value: v}
}

func listItems(n *syntax.Node) []*syntax.Node {
	switch {
	case n == nil || n.Kind == syntax.KindNull:
		return nil
	case n.Kind == syntax.KindList:
		return n.Items
	}
	return []*syntax.Node{n}
}

// documentStatements returns the statements of a source or override
// document; an unknown document contributes an unknown statement.
func documentStatements(doc *syntax.Node) []*syntax.Node {
	switch doc.Kind {
	case syntax.KindMap:
		return listItems(doc.Get("Statement"))
	case syntax.KindNull:
		return nil
	}
	return []*syntax.Node{syntax.UnknownNode(doc.Expr, doc.Loc)}
}

func renderStatement(b *syntax.Node) *syntax.Node {
	st := &syntax.Node{Kind: syntax.KindMap, Loc: b.Loc}
	add := func(key string, v *syntax.Node) {
		if v != nil {
			st.Entries = append(st.Entries, entry(key, v))
		}
	}
	if sid := present(b.Get("sid")); sid != nil && !(sid.Kind == syntax.KindString && sid.Value == "") {
		add("Sid", sid)
	}
	effect := present(b.Get("effect"))
	if effect == nil {
		effect = syntax.StringNode("Allow", b.Loc)
	}
	add("Effect", effect)
	add("Action", stringSet(b.Get("actions")))
	add("NotAction", stringSet(b.Get("not_actions")))
	add("Resource", stringSet(b.Get("resources")))
	add("NotResource", stringSet(b.Get("not_resources")))
	add("Principal", principals(b.Get("principals")))
	add("NotPrincipal", principals(b.Get("not_principals")))
	add("Condition", conditions(b.Get("condition")))
	return st
}

func present(n *syntax.Node) *syntax.Node {
	if n == nil || n.Kind == syntax.KindNull {
		return nil
	}
	return n
}

// stringSet renders a set attribute as the provider does: one element as a
// string, more sorted in reverse order; &{var} becomes ${var}.
func stringSet(n *syntax.Node) *syntax.Node {
	n = present(n)
	if n == nil || n.Kind != syntax.KindList {
		return variables(n)
	}
	if len(n.Items) == 0 {
		return nil
	}
	items := make([]*syntax.Node, len(n.Items))
	for i, item := range n.Items {
		items[i] = variables(item)
	}
	if len(items) == 1 {
		return items[0]
	}
	slices.SortStableFunc(items, func(a, b *syntax.Node) int { return strings.Compare(b.Value, a.Value) })
	items = slices.CompactFunc(items, func(a, b *syntax.Node) bool {
		return a.Kind == syntax.KindString && b.Kind == syntax.KindString && !a.Unknown && !b.Unknown && a.Value == b.Value
	})
	return &syntax.Node{Kind: syntax.KindList, Items: items, Loc: n.Loc}
}

// variables turns the provider's &{aws:username} into the policy variable
// ${aws:username}.
func variables(n *syntax.Node) *syntax.Node {
	if n == nil || n.Kind != syntax.KindString || !strings.Contains(n.Value, "&{") {
		return n
	}
	out := *n
	out.Value = strings.ReplaceAll(n.Value, "&{", "${")
	return &out
}

// principals renders principals blocks: "*" for type "*" with identifier
// "*", otherwise identifiers grouped by type (types sorted, as the provider's
// JSON object keys are).
func principals(n *syntax.Node) *syntax.Node {
	blocks := listItems(present(n))
	if len(blocks) == 0 {
		return nil
	}
	byType := make(map[string]*syntax.Node)
	var types []string
	loc := blocks[0].Loc
	for _, b := range blocks {
		typ, ids := b.Get("type"), b.Get("identifiers")
		if b.Kind != syntax.KindMap || typ == nil || typ.Kind != syntax.KindString || typ.Unknown {
			return syntax.UnknownNode("principals", loc)
		}
		if typ.Value == "*" && ids != nil && slices.ContainsFunc(listItems(ids), func(i *syntax.Node) bool { return i.Value == "*" && !i.Unknown }) {
			return syntax.StringNode("*", b.Loc)
		}
		if byType[typ.Value] == nil {
			types = append(types, typ.Value)
			byType[typ.Value] = &syntax.Node{Kind: syntax.KindList, Loc: b.Loc}
		}
		acc := byType[typ.Value]
		if ids == nil || ids.Kind == syntax.KindUnknown {
			acc.Items = append(acc.Items, syntax.UnknownNode(unknownText(ids, "identifiers"), b.Loc))
			continue
		}
		acc.Items = append(acc.Items, listItems(ids)...)
	}
	slices.Sort(types)
	out := &syntax.Node{Kind: syntax.KindMap, Loc: loc}
	for _, t := range types {
		v := stringSet(byType[t])
		if v == nil {
			continue
		}
		out.Entries = append(out.Entries, &syntax.Entry{Key: t, KeyLoc: byType[t].Loc, Value: v})
	}
	return out
}

func unknownText(n *syntax.Node, fallback string) string {
	if n != nil && n.Expr != "" {
		return n.Expr
	}
	return fallback
}

// conditions renders condition blocks: test → variable → values, the
// values of blocks with the same test and variable merged, one value as a
// string.
func conditions(n *syntax.Node) *syntax.Node {
	blocks := listItems(present(n))
	if len(blocks) == 0 {
		return nil
	}
	out := &syntax.Node{Kind: syntax.KindMap, Loc: blocks[0].Loc}
	for _, b := range blocks {
		test, variable, values := b.Get("test"), b.Get("variable"), b.Get("values")
		if b.Kind != syntax.KindMap || !knownString(test) || !knownString(variable) {
			return syntax.UnknownNode("condition", b.Loc)
		}
		op := out.Get(test.Value)
		if op == nil {
			op = &syntax.Node{Kind: syntax.KindMap, Loc: b.Loc}
			out.Entries = append(out.Entries, &syntax.Entry{Key: test.Value, KeyLoc: test.Loc, Value: op})
		}
		var vals []*syntax.Node
		if values != nil && values.Kind == syntax.KindUnknown {
			vals = []*syntax.Node{values}
		} else {
			for _, v := range listItems(values) {
				vals = append(vals, variables(v))
			}
		}
		if prev := op.Get(variable.Value); prev != nil {
			prev.Items = append(prev.Items, vals...)
			continue
		}
		loc := b.Loc
		if values != nil {
			loc = values.Loc
		}
		op.Entries = append(op.Entries, &syntax.Entry{Key: variable.Value, KeyLoc: variable.Loc, Value: &syntax.Node{Kind: syntax.KindList, Items: vals, Loc: loc}})
	}
	sortEntries(out)
	for _, op := range out.Entries {
		if op.Value.Kind != syntax.KindMap {
			continue
		}
		sortEntries(op.Value)
		for _, v := range op.Value.Entries {
			if len(v.Value.Items) == 1 && v.Value.Items[0].Kind != syntax.KindUnknown {
				v.Value = v.Value.Items[0]
			}
		}
	}
	return out
}

func knownString(n *syntax.Node) bool {
	return n != nil && n.Kind == syntax.KindString && !n.Unknown
}

func sortEntries(n *syntax.Node) {
	slices.SortStableFunc(n.Entries, func(a, b *syntax.Entry) int { return strings.Compare(a.Key, b.Key) })
}
