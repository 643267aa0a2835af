package plan

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/terraform"
	"github.com/iacscan/iacscan/syntax"
)

// The converter of values decoded by encoding/json into any, as the plan
// reader had it before it converted the JSON text itself: the oracle of
// FuzzValues, which holds the two to the same trees.

func (a *attrs) buildAny(values, unknown, sensitive any) *syntax.Node {
	root := &syntax.Node{Kind: syntax.KindMap, Loc: a.at}
	vals, _ := values.(map[string]any)
	unk, _ := unknown.(map[string]any)
	sens, _ := sensitive.(map[string]any)
	for _, name := range namesAny(vals, unk) {
		v := vals[name]
		if v == nil && !a.configured(name) {
			// Computed by the provider (arn, id, tags_all, and also
			// inline_policy or managed_policy_arns when not set): the
			// configuration has no say in it.
			continue
		}
		loc, items := a.src.Member(name, a.at)
		a.path = append(a.path[:0], pathElem{key: name})
		n := a.valueAny(v, unk[name], sens[name], items, loc)
		if n.Kind == syntax.KindUnknown && unk[name] == true {
			if ref := a.reference(name); ref != "" {
				n.Expr = ref
			}
		}
		root.Entries = append(root.Entries, &syntax.Entry{Key: name, KeyLoc: loc, Value: n})
	}
	return root
}

// value converts one value. blocks are the static nested blocks of the .tf
// source the value came from, when it is a list of blocks.
func (a *attrs) valueAny(v, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) *syntax.Node {
	switch {
	case unknown == true:
		return syntax.UnknownNode(a.described(" (known after apply)"), loc)
	case sensitive == true:
		return syntax.UnknownNode(a.described(" (sensitive)"), loc)
	}
	switch v := v.(type) {
	case nil:
		return &syntax.Node{Kind: syntax.KindNull, Loc: loc}
	case string:
		return &syntax.Node{Kind: syntax.KindString, Value: v, Loc: loc}
	case json.Number:
		return &syntax.Node{Kind: syntax.KindNumber, Value: v.String(), Loc: loc}
	case float64:
		return &syntax.Node{Kind: syntax.KindNumber, Value: strconv.FormatFloat(v, 'f', -1, 64), Loc: loc}
	case bool:
		return &syntax.Node{Kind: syntax.KindBool, Value: fmt.Sprint(v), Loc: loc}
	case []any:
		return a.listAny(v, unknown, sensitive, blocks, loc)
	case map[string]any:
		var src *terraform.Block
		if len(blocks) == 1 {
			src = blocks[0] // a block nested as a single object
		}
		return a.objectAny(v, unknown, sensitive, src, loc)
	}
	return syntax.UnknownNode(a.described(" (unsupported value)"), loc)
}

func (a *attrs) listAny(v []any, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) *syntax.Node {
	n := &syntax.Node{Kind: syntax.KindList, Loc: loc, Items: make([]*syntax.Node, 0, len(v))}
	unk, _ := unknown.([]any)
	sens, _ := sensitive.([]any)
	if len(blocks) != len(v) {
		blocks = nil // the plan's blocks do not line up with the source's
	}
	for i, item := range v {
		itemLoc, itemSrc := loc, []*terraform.Block(nil)
		if blocks != nil {
			itemLoc, itemSrc = blocks[i].Range, blocks[i:i+1]
		}
		a.path = append(a.path, pathElem{index: i, isIndex: true})
		n.Items = append(n.Items, a.valueAny(item, atAny(unk, i), atAny(sens, i), itemSrc, itemLoc))
		a.path = a.path[:len(a.path)-1]
	}
	return n
}

func (a *attrs) objectAny(v map[string]any, unknown, sensitive any, src *terraform.Block, loc model.Location) *syntax.Node {
	n := &syntax.Node{Kind: syntax.KindMap, Loc: loc}
	unk, _ := unknown.(map[string]any)
	sens, _ := sensitive.(map[string]any)
	for _, k := range namesAny(v, unk) {
		kloc, blocks := src.Member(k, loc)
		a.path = append(a.path, pathElem{key: k})
		n.Entries = append(n.Entries, &syntax.Entry{Key: k, KeyLoc: kloc, Value: a.valueAny(v[k], unk[k], sens[k], blocks, kloc)})
		a.path = a.path[:len(a.path)-1]
	}
	return n
}

func atAny(list []any, i int) any {
	if i < len(list) {
		return list[i]
	}
	return nil
}

// names returns the attributes of an object: those with values, and those
// known only after apply, in sorted order.
func namesAny(vals, unk map[string]any) []string {
	out := make([]string, 0, len(vals)+len(unk))
	for k, v := range vals {
		if v != nil || unk[k] == true {
			out = append(out, k)
		}
	}
	for k, u := range unk {
		if _, ok := vals[k]; !ok && u == true {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
