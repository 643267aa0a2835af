package plan

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/terraform"
	"github.com/iacscan/iacscan/parsers/tfaws"
	"github.com/iacscan/iacscan/syntax"
)

// attrs turns the values of one resource instance, as a plan holds them,
// into the attribute tree tfaws reads. A plan keeps three parallel trees:
// the values (unknown ones left out, or null in lists), after_unknown (true
// where a value is known only after apply) and after_sensitive (true where
// a value is sensitive). Unknown values become model unknowns that name the
// address and attribute; sensitive values become unknowns too, so that no
// finding or message can ever print them.
type attrs struct {
	addr string
	typ  string
	cfg  *tfjson.ConfigResource // the resource's configuration in the plan, or nil
	src  *terraform.Block       // the resource block in the .tf files, or nil
	at   model.Location         // the instance: its block, or its entry in the plan
	// path is where the value being converted is, for messages (expr): a
	// stack, pushed and popped on the way down, so that a plan's millions
	// of values do not each carry a path of their own.
	path []pathElem
}

// pathElem is a step of attrs.path: an attribute or map key, or a list
// index.
type pathElem struct {
	key     string
	index   int
	isIndex bool
}

func (a *attrs) build(values, unknown, sensitive any) *syntax.Node {
	root := &syntax.Node{Kind: syntax.KindMap, Loc: a.at}
	vals, _ := values.(map[string]any)
	unk, _ := unknown.(map[string]any)
	sens, _ := sensitive.(map[string]any)
	for _, name := range names(vals, unk) {
		v := vals[name]
		if v == nil && !a.configured(name) {
			// Computed by the provider (arn, id, tags_all, and also
			// inline_policy or managed_policy_arns when not set): the
			// configuration has no say in it.
			continue
		}
		loc, items := a.src.Member(name, a.at)
		a.path = append(a.path[:0], pathElem{key: name})
		n := a.value(v, unk[name], sens[name], items, loc)
		if n.Kind == syntax.KindUnknown && unk[name] == true {
			if ref := a.reference(name); ref != "" {
				n.Expr = ref
			}
		}
		root.Entries = append(root.Entries, &syntax.Entry{Key: name, KeyLoc: loc, Value: n})
	}
	return root
}

// configured reports whether the configuration sets an attribute: by the .tf
// source when it is known (it sees dynamic blocks), else by the plan's
// configuration section.
func (a *attrs) configured(name string) bool {
	if a.src != nil {
		return a.src.Sets(name)
	}
	return sets(a.cfg, name)
}

// reference returns the reference an attribute is written as, for
// references between resources to survive values unknown in the plan.
func (a *attrs) reference(name string) string {
	if a.src != nil {
		return a.src.Refs[name]
	}
	ref := reference(a.cfg, name)
	if tfaws.IsPolicyAttribute(a.typ, name) && !strings.HasSuffix(ref, ".json") {
		// jsonencode({… aws_s3_bucket.b.arn …}) refers to one object too,
		// but the policy is not that object's value.
		return ""
	}
	return ref
}

// names returns the attributes of an object: those with values, and those
// known only after apply, in sorted order.
func names(vals, unk map[string]any) []string {
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

// value converts one value. blocks are the static nested blocks of the .tf
// source the value came from, when it is a list of blocks.
func (a *attrs) value(v, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) *syntax.Node {
	switch {
	case unknown == true:
		return syntax.UnknownNode(a.expr()+" (known after apply)", loc)
	case sensitive == true:
		return syntax.UnknownNode(a.expr()+" (sensitive)", loc)
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
		return a.list(v, unknown, sensitive, blocks, loc)
	case map[string]any:
		var src *terraform.Block
		if len(blocks) == 1 {
			src = blocks[0] // a block nested as a single object
		}
		return a.object(v, unknown, sensitive, src, loc)
	}
	return syntax.UnknownNode(a.expr()+" (unsupported value)", loc)
}

func (a *attrs) list(v []any, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) *syntax.Node {
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
		n.Items = append(n.Items, a.value(item, at(unk, i), at(sens, i), itemSrc, itemLoc))
		a.path = a.path[:len(a.path)-1]
	}
	return n
}

func (a *attrs) object(v map[string]any, unknown, sensitive any, src *terraform.Block, loc model.Location) *syntax.Node {
	n := &syntax.Node{Kind: syntax.KindMap, Loc: loc}
	unk, _ := unknown.(map[string]any)
	sens, _ := sensitive.(map[string]any)
	for _, k := range names(v, unk) {
		kloc, blocks := src.Member(k, loc)
		a.path = append(a.path, pathElem{key: k})
		n.Entries = append(n.Entries, &syntax.Entry{Key: k, KeyLoc: kloc, Value: a.value(v[k], unk[k], sens[k], blocks, kloc)})
		a.path = a.path[:len(a.path)-1]
	}
	return n
}

func at(list []any, i int) any {
	if i < len(list) {
		return list[i]
	}
	return nil
}

// expr names the value being converted for messages:
// aws_iam_role.r.inline_policy[0].policy.
func (a *attrs) expr() string {
	var b strings.Builder
	b.WriteString(a.addr)
	for _, e := range a.path {
		if e.isIndex {
			fmt.Fprintf(&b, "[%d]", e.index)
		} else {
			b.WriteByte('.')
			b.WriteString(e.key)
		}
	}
	return b.String()
}
