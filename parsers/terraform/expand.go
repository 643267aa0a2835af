package terraform

import (
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/tfaws"
	"github.com/iacscan/iacscan/syntax"
)

// expand returns the instances of a block with the given count and for_each.
// An unknown count or for_each gives one symbolic instance, so that what the
// block would create is still checked (and marked "may apply") rather than
// dropped.
func (s *scope) expand(count, forEach hcl.Expression) []*iteration {
	switch {
	case count != nil:
		return s.expandCount(count)
	case forEach != nil:
		return s.expandForEach(forEach)
	}
	return []*iteration{{}}
}

func (s *scope) expandCount(expr hcl.Expression) []*iteration {
	v := s.eval(expr, noIteration)
	n, ok := knownInt(v)
	if !ok {
		return []*iteration{{vars: map[string]cty.Value{"count": countObject(cty.UnknownVal(cty.Number))}, symbolic: true}}
	}
	if n > maxInstances {
		s.run.warnOnce(expr.Range(), "count is %d: iacscan scans only the first %d instances", n, maxInstances)
		n = maxInstances
	}
	var out []*iteration
	for i := 0; i < n; i++ {
		out = append(out, &iteration{
			vars:   map[string]cty.Value{"count": countObject(cty.NumberIntVal(int64(i)))},
			suffix: "[" + strconv.Itoa(i) + "]",
		})
	}
	return out
}

func countObject(index cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"index": index})
}

func knownInt(v cty.Value) (int, bool) {
	if !v.IsKnown() || v.IsNull() || v.IsMarked() {
		return 0, false
	}
	switch v.Type() {
	case cty.Number:
	case cty.String:
		n, err := strconv.Atoi(v.AsString())
		return n, err == nil && n >= 0
	default:
		return 0, false
	}
	f := v.AsBigFloat()
	if !f.IsInt() || f.Sign() < 0 {
		return 0, false
	}
	n, _ := f.Int64() // the largest int64 for larger numbers
	return int(n), true
}

func (s *scope) expandForEach(expr hcl.Expression) []*iteration {
	symbolic := []*iteration{{
		vars:     map[string]cty.Value{"each": eachObject(placeholder("each.key"), cty.DynamicVal)},
		symbolic: true,
	}}
	elems, ok := forEachElements(s.eval(expr, noIteration))
	if !ok {
		return symbolic
	}
	if len(elems) > maxInstances {
		s.run.warnOnce(expr.Range(), "for_each has %d elements: iacscan scans only the first %d instances", len(elems), maxInstances)
		elems = elems[:maxInstances]
	}
	var out []*iteration
	for _, e := range elems {
		out = append(out, &iteration{
			vars:   map[string]cty.Value{"each": eachObject(cty.StringVal(e.key), e.value)},
			suffix: "[" + strconv.Quote(e.key) + "]",
		})
	}
	return out
}

type element struct {
	key   string
	value cty.Value
}

// forEachElements returns the keys and values of a for_each value (a map,
// an object, or a set of strings), sorted by key as Terraform orders
// instances. It fails when any key is not known.
func forEachElements(v cty.Value) ([]element, bool) {
	if !v.IsKnown() || v.IsNull() || v.IsMarked() {
		return nil, false
	}
	ty := v.Type()
	var out []element
	switch {
	case ty.IsMapType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out = append(out, element{k.AsString(), e})
		}
	case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
		// Terraform demands a set of strings; toset() of a list is common
		// and a list is what a set literal evaluates to here.
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if !e.IsKnown() || e.IsMarked() || e.IsNull() || e.Type() != cty.String {
				return nil, false
			}
			out = append(out, element{e.AsString(), e})
		}
	default:
		return nil, false
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, true
}

func eachObject(key, value cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{"key": key, "value": value})
}

// admit counts one more resource instance or dynamic block of the root,
// and reports whether it is within maxRootInstances.
func (r *run) admit(rng hcl.Range) bool {
	if limit := r.budget.limits.rootInstances; r.instances >= limit {
		r.warnOnce(rng, "the root module %s has more than %d resource instances and dynamic blocks: iacscan scans no more of them", r.rootDir, limit)
		return false
	}
	r.instances++
	return true
}

// emitResource adds one instance of a resource to the inventory.
func (s *scope) emitResource(r *resource, it *iteration) {
	if !s.run.admit(r.defRange) {
		return
	}
	addr := r.typ + "." + r.name + it.suffix
	if s.addr != "" {
		addr = s.addr + "." + addr
	}
	meta := model.Meta{
		ID:       addr,
		Type:     r.typ,
		Source:   model.SourceTerraform,
		Loc:      location(r.rng),
		MayApply: it.symbolic || s.mayApply,
		Call:     s.callSite,
		Provider: s.elementProvider(r),
	}
	attrs := s.bodyNode(r.body, it, r.typ, &meta)
	attrs.Loc = meta.Loc
	tfaws.Add(s.run.inv, tfaws.Instance{Meta: meta, Module: s.addr, Data: r.data, Attrs: attrs})
}

// elementProvider is the root module's provider configuration that
// deploys an AWS resource, for Meta.Provider: "" for the default "aws".
func (s *scope) elementProvider(r *resource) string {
	local := r.provider
	if local == "" {
		local, _, _ = strings.Cut(r.typ, "_") // the provider a type implies: aws_iam_role, aws
	}
	if root := s.rootProvider(local); root != "aws" && (local == "aws" || strings.HasPrefix(local, "aws.")) {
		return root
	}
	return ""
}

// bodyNode evaluates a block body to a map: attributes as entries, nested
// blocks as lists of maps under their type, dynamic blocks expanded. When
// meta is given, attribute locations are recorded in its Fields.
func (s *scope) bodyNode(b *body, it *iteration, typ string, meta *model.Meta) *syntax.Node {
	n := &syntax.Node{Kind: syntax.KindMap, Loc: location(b.rng)}
	for _, a := range b.attrs {
		switch a.name {
		case "depends_on", "provider", "lifecycle":
			continue
		}
		v := s.node(a.expr, it, tfaws.IsPolicyAttribute(typ, a.name))
		n.Entries = append(n.Entries, &syntax.Entry{Key: a.name, KeyLoc: location(a.rng), Value: v})
		if meta != nil {
			meta.SetField(a.name, location(a.rng))
		}
	}
	lists := make(map[string]*syntax.Node)
	add := func(typ string, block *syntax.Node) {
		l := lists[typ]
		if l == nil {
			l = &syntax.Node{Kind: syntax.KindList, Loc: block.Loc}
			lists[typ] = l
			n.Entries = append(n.Entries, &syntax.Entry{Key: typ, KeyLoc: block.Loc, Value: l})
		}
		l.Items = append(l.Items, block)
	}
	for _, nb := range b.blocks {
		switch nb.typ {
		case "lifecycle", "connection":
			continue
		case "provisioner":
			// Kept with their type, for the commands and files they put on
			// instances (see tfaws.Add).
			if len(nb.labels) == 1 {
				block := s.bodyNode(nb.body, it, typ, nil)
				block.Loc = location(nb.rng)
				block.Entries = append([]*syntax.Entry{{Key: "type", KeyLoc: block.Loc, Value: syntax.StringNode(nb.labels[0], block.Loc)}}, block.Entries...)
				add("provisioner", block)
			}
			continue
		case "dynamic":
			if len(nb.labels) == 1 {
				for _, block := range s.dynamicBlocks(nb, it, typ) {
					add(nb.labels[0], block)
				}
			}
			continue
		}
		block := s.bodyNode(nb.body, it, typ, nil)
		block.Loc = location(nb.rng)
		add(nb.typ, block)
	}
	return n
}

// dynamicBlocks expands a dynamic block. An unknown for_each gives one block
// whose iterator is unknown.
func (s *scope) dynamicBlocks(nb *nested, it *iteration, typ string) []*syntax.Node {
	var forEach, iterName hcl.Expression
	var content *body
	for _, a := range nb.body.attrs {
		switch a.name {
		case "for_each":
			forEach = a.expr
		case "iterator":
			iterName = a.expr
		}
	}
	for _, inner := range nb.body.blocks {
		if inner.typ == "content" {
			content = inner.body
		}
	}
	if forEach == nil || content == nil {
		return nil
	}
	name := nb.labels[0]
	if iterName != nil {
		if tr, diags := hcl.AbsTraversalForExpr(iterName); !diags.HasErrors() {
			name = tr.RootName()
		}
	}
	build := func(iter cty.Value) *syntax.Node {
		block := s.bodyNode(content, it.with(name, iter), typ, nil)
		block.Loc = location(nb.rng)
		return block
	}
	elems, ok := dynamicElements(s.eval(forEach, it))
	if !ok {
		if !s.run.admit(nb.defRange) {
			return nil
		}
		return []*syntax.Node{build(cty.DynamicVal)}
	}
	if len(elems) > maxInstances {
		s.run.warnOnce(forEach.Range(), "dynamic block %q has %d elements: iacscan reads only the first %d", name, len(elems), maxInstances)
		elems = elems[:maxInstances]
	}
	var out []*syntax.Node
	for _, e := range elems {
		if !s.run.admit(nb.defRange) {
			break
		}
		out = append(out, build(cty.ObjectVal(map[string]cty.Value{"key": e.key, "value": e.value})))
	}
	return out
}

type dynElement struct{ key, value cty.Value }

// dynamicElements returns the elements of a dynamic block's for_each: any
// collection, keyed by index for lists and by key for maps.
func dynamicElements(v cty.Value) ([]dynElement, bool) {
	if !v.IsKnown() || v.IsNull() || v.IsMarked() || !v.CanIterateElements() {
		return nil, false
	}
	var out []dynElement
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if v.Type().IsSetType() {
			k = e
		}
		out = append(out, dynElement{k, e})
	}
	return out, true
}
