package terraform

import (
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/iacscan/iacscan/model"
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
			v := s.run.registerDoc(renderDocument(attrs))
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

// registerDoc remembers a rendered document by its JSON text and returns
// the data source's value.
func (r *run) registerDoc(doc *model.Node) cty.Value {
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
func renderDocument(attrs *model.Node) *model.Node {
	var stmts []*model.Node
	merge := func(st *model.Node) {
		if sid := st.Get("Sid"); sid != nil && sid.Kind == model.KindString && !sid.Unknown && sid.Value != "" {
			for i, old := range stmts {
				if o := old.Get("Sid"); o != nil && o.Kind == model.KindString && o.Value == sid.Value {
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
		if b.Kind == model.KindMap {
			merge(renderStatement(b))
		}
	}
	for _, src := range listItems(attrs.Get("override_policy_documents")) {
		for _, st := range documentStatements(src) {
			merge(st)
		}
	}
	doc := &model.Node{Kind: model.KindMap, Loc: attrs.Loc}
	version := attrs.Get("version")
	if version == nil || version.Kind == model.KindNull {
		version = model.StringNode("2012-10-17", attrs.Loc)
	}
	doc.Entries = append(doc.Entries, entry("Version", version))
	if id := attrs.Get("policy_id"); id != nil && id.Kind != model.KindNull {
		doc.Entries = append(doc.Entries, entry("Id", id))
	}
	doc.Entries = append(doc.Entries, entry("Statement", &model.Node{Kind: model.KindList, Items: stmts, Loc: attrs.Loc}))
	return doc
}

func entry(key string, v *model.Node) *model.Entry {
	return &model.Entry{Key: key, KeyLoc: v.Loc, Value: v}
}

func listItems(n *model.Node) []*model.Node {
	switch {
	case n == nil || n.Kind == model.KindNull:
		return nil
	case n.Kind == model.KindList:
		return n.Items
	}
	return []*model.Node{n}
}

// documentStatements returns the statements of a source or override
// document; an unknown document contributes an unknown statement.
func documentStatements(doc *model.Node) []*model.Node {
	switch doc.Kind {
	case model.KindMap:
		return listItems(doc.Get("Statement"))
	case model.KindNull:
		return nil
	}
	return []*model.Node{model.UnknownNode(doc.Expr, doc.Loc)}
}

func renderStatement(b *model.Node) *model.Node {
	st := &model.Node{Kind: model.KindMap, Loc: b.Loc}
	add := func(key string, v *model.Node) {
		if v != nil {
			st.Entries = append(st.Entries, entry(key, v))
		}
	}
	if sid := present(b.Get("sid")); sid != nil && !(sid.Kind == model.KindString && sid.Value == "") {
		add("Sid", sid)
	}
	effect := present(b.Get("effect"))
	if effect == nil {
		effect = model.StringNode("Allow", b.Loc)
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

func present(n *model.Node) *model.Node {
	if n == nil || n.Kind == model.KindNull {
		return nil
	}
	return n
}

// stringSet renders a set attribute as the provider does: one element as a
// string, more sorted in reverse order; &{var} becomes ${var}.
func stringSet(n *model.Node) *model.Node {
	n = present(n)
	if n == nil || n.Kind != model.KindList {
		return variables(n)
	}
	if len(n.Items) == 0 {
		return nil
	}
	items := make([]*model.Node, len(n.Items))
	for i, item := range n.Items {
		items[i] = variables(item)
	}
	if len(items) == 1 {
		return items[0]
	}
	slices.SortStableFunc(items, func(a, b *model.Node) int { return strings.Compare(b.Value, a.Value) })
	items = slices.CompactFunc(items, func(a, b *model.Node) bool {
		return a.Kind == model.KindString && b.Kind == model.KindString && !a.Unknown && !b.Unknown && a.Value == b.Value
	})
	return &model.Node{Kind: model.KindList, Items: items, Loc: n.Loc}
}

// variables turns the provider's &{aws:username} into the policy variable
// ${aws:username}.
func variables(n *model.Node) *model.Node {
	if n == nil || n.Kind != model.KindString || !strings.Contains(n.Value, "&{") {
		return n
	}
	out := *n
	out.Value = strings.ReplaceAll(n.Value, "&{", "${")
	return &out
}

// principals renders principals blocks: "*" for type "*" with identifier
// "*", otherwise identifiers grouped by type (types sorted, as the provider's
// JSON object keys are).
func principals(n *model.Node) *model.Node {
	blocks := listItems(present(n))
	if len(blocks) == 0 {
		return nil
	}
	byType := make(map[string]*model.Node)
	var types []string
	loc := blocks[0].Loc
	for _, b := range blocks {
		typ, ids := b.Get("type"), b.Get("identifiers")
		if b.Kind != model.KindMap || typ == nil || typ.Kind != model.KindString || typ.Unknown {
			return model.UnknownNode("principals", loc)
		}
		if typ.Value == "*" && ids != nil && slices.ContainsFunc(listItems(ids), func(i *model.Node) bool { return i.Value == "*" && !i.Unknown }) {
			return model.StringNode("*", b.Loc)
		}
		if byType[typ.Value] == nil {
			types = append(types, typ.Value)
			byType[typ.Value] = &model.Node{Kind: model.KindList, Loc: b.Loc}
		}
		acc := byType[typ.Value]
		if ids == nil || ids.Kind == model.KindUnknown {
			acc.Items = append(acc.Items, model.UnknownNode(unknownText(ids, "identifiers"), b.Loc))
			continue
		}
		acc.Items = append(acc.Items, listItems(ids)...)
	}
	slices.Sort(types)
	out := &model.Node{Kind: model.KindMap, Loc: loc}
	for _, t := range types {
		v := stringSet(byType[t])
		if v == nil {
			continue
		}
		out.Entries = append(out.Entries, &model.Entry{Key: t, KeyLoc: byType[t].Loc, Value: v})
	}
	return out
}

func unknownText(n *model.Node, fallback string) string {
	if n != nil && n.Expr != "" {
		return n.Expr
	}
	return fallback
}

// conditions renders condition blocks: test → variable → values, the
// values of blocks with the same test and variable merged, one value as a
// string.
func conditions(n *model.Node) *model.Node {
	blocks := listItems(present(n))
	if len(blocks) == 0 {
		return nil
	}
	out := &model.Node{Kind: model.KindMap, Loc: blocks[0].Loc}
	for _, b := range blocks {
		test, variable, values := b.Get("test"), b.Get("variable"), b.Get("values")
		if b.Kind != model.KindMap || !knownString(test) || !knownString(variable) {
			return model.UnknownNode("condition", b.Loc)
		}
		op := out.Get(test.Value)
		if op == nil {
			op = &model.Node{Kind: model.KindMap, Loc: b.Loc}
			out.Entries = append(out.Entries, &model.Entry{Key: test.Value, KeyLoc: test.Loc, Value: op})
		}
		var vals []*model.Node
		if values != nil && values.Kind == model.KindUnknown {
			vals = []*model.Node{values}
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
		op.Entries = append(op.Entries, &model.Entry{Key: variable.Value, KeyLoc: variable.Loc, Value: &model.Node{Kind: model.KindList, Items: vals, Loc: loc}})
	}
	sortEntries(out)
	for _, op := range out.Entries {
		if op.Value.Kind != model.KindMap {
			continue
		}
		sortEntries(op.Value)
		for _, v := range op.Value.Entries {
			if len(v.Value.Items) == 1 && v.Value.Items[0].Kind != model.KindUnknown {
				v.Value = v.Value.Items[0]
			}
		}
	}
	return out
}

func knownString(n *model.Node) bool {
	return n != nil && n.Kind == model.KindString && !n.Unknown
}

func sortEntries(n *model.Node) {
	slices.SortStableFunc(n.Entries, func(a, b *model.Entry) int { return strings.Compare(a.Key, b.Key) })
}
