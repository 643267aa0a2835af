package plan

import (
	"maps"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/terraform"
	"github.com/iacscan/iacscan/parsers/tfaws"
	"github.com/iacscan/iacscan/syntax"
)

// readProviders maps the provider configurations of the plan as
// parsers/terraform maps provider blocks (tfaws.AddProvider: credentials
// written into the configuration). The plan's configuration has each
// argument as the constant it was written as, or the references it is made
// of. A provider is no change a plan makes: --changed-only leaves them out.
func (r *reader) readProviders() {
	if r.opts.ChangedOnly {
		return
	}
	for _, key := range slices.Sorted(maps.Keys(r.cfg.providers)) {
		p := r.cfg.providers[key]
		if p == nil || p.Name == "" {
			continue
		}
		typ := "provider." + p.Name
		meta := model.Meta{ID: join(p.ModuleAddress, typ), Type: typ, Source: model.SourcePlan}
		var src *terraform.Block
		if calls, err := moduleCalls(p.ModuleAddress); err == nil {
			src = r.src.block(calls, providerKey(p.Name, p.Alias))
		}
		if src != nil {
			meta.Loc = src.Range
		} else {
			meta.Loc = r.pos.at(r.sections["configuration"].start)
		}
		a := attrs{addr: join(p.ModuleAddress, typ), at: meta.Loc}
		args := &syntax.Node{Kind: syntax.KindMap, Loc: meta.Loc}
		for _, name := range slices.Sorted(maps.Keys(p.Expressions)) {
			loc, _ := src.Member(name, meta.Loc)
			if n := a.expression(name, p.Expressions[name], loc); n != nil {
				args.Entries = append(args.Entries, &syntax.Entry{Key: name, KeyLoc: loc, Value: n})
			} else if n := a.nestedBlocks(name, p.Expressions[name], loc); n != nil {
				args.Entries = append(args.Entries, &syntax.Entry{Key: name, KeyLoc: loc, Value: n})
			}
		}
		if p.Alias != "" {
			args.Entries = append(args.Entries, &syntax.Entry{Key: "alias", KeyLoc: meta.Loc, Value: syntax.StringNode(p.Alias, meta.Loc)})
		}
		tfaws.AddProvider(r.inv, meta, p.ModuleAddress, args)
	}
}

// providerKey is how a provider block is keyed among the blocks of its
// module: provider.aws, or provider.aws.west for alias "west".
func providerKey(name, alias string) string {
	if alias != "" {
		return "provider." + name + "." + alias
	}
	return "provider." + name
}

// expression turns an argument of the plan's configuration into a node: its
// constant value, or an unknown made of the references it has (a string
// with a placeholder for each, as the HCL evaluator writes them). It
// returns nil for an argument that is neither.
func (a *attrs) expression(name string, e *tfjson.Expression, loc model.Location) *syntax.Node {
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	if refs := longest(e.References); len(refs) > 0 {
		if len(refs) == 1 {
			return syntax.UnknownNode(refs[0], loc)
		}
		return &syntax.Node{Kind: syntax.KindString, Unknown: true, Value: "${" + strings.Join(refs, "}${") + "}", Loc: loc}
	}
	if e.ConstantValue == nil || e.ConstantValue == tfjson.UnknownConstantValue {
		return nil
	}
	a.path = append(a.path[:0], pathElem{key: name})
	return a.anyValue(e.ConstantValue, nil, nil, loc)
}

// nestedBlocks turns the nested blocks of a provider argument (assume_role
// { role_arn = … }) into a list of maps of their arguments, as the HCL
// parser writes blocks; nil when the argument has none.
func (a *attrs) nestedBlocks(name string, e *tfjson.Expression, loc model.Location) *syntax.Node {
	if e == nil || e.ExpressionData == nil || len(e.NestedBlocks) == 0 {
		return nil
	}
	list := &syntax.Node{Kind: syntax.KindList, Loc: loc}
	for _, block := range e.NestedBlocks {
		m := &syntax.Node{Kind: syntax.KindMap, Loc: loc}
		for _, key := range slices.Sorted(maps.Keys(block)) {
			if n := a.expression(key, block[key], loc); n != nil {
				m.Entries = append(m.Entries, &syntax.Entry{Key: key, KeyLoc: loc, Value: n})
			}
		}
		list.Items = append(list.Items, m)
	}
	return list
}
