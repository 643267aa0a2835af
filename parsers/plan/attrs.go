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
	// bad is set when a value could not be converted (see build).
	bad bool
}

// pathElem is a step of attrs.path: an attribute or map key, or a list
// index.
type pathElem struct {
	key     string
	index   int
	isIndex bool
}

// build converts the values of an instance: values is their JSON text (an
// object; anything else, null included, has no attributes). It reports
// false when the text holds a number that encoding/json would not decode
// (out of float64's range): the caller then decodes the instance the slow
// way, for the error that explains it.
func (a *attrs) build(values []byte, unknown, sensitive any) (*syntax.Node, bool) {
	root := &syntax.Node{Kind: syntax.KindMap, Loc: a.at}
	unk, _ := unknown.(map[string]any)
	sens, _ := sensitive.(map[string]any)
	a.bad = false
	for _, m := range objectMembers(values, unk) {
		if m.null && !a.configured(m.key) {
			// Computed by the provider (arn, id, tags_all, and also
			// inline_policy or managed_policy_arns when not set): the
			// configuration has no say in it.
			continue
		}
		loc, items := a.src.Member(m.key, a.at)
		a.path = append(a.path[:0], pathElem{key: m.key})
		n := a.value(m.value(values), unk[m.key], sens[m.key], items, loc)
		if n.Kind == syntax.KindUnknown && unk[m.key] == true {
			if ref := a.reference(m.key); ref != "" {
				n.Expr = ref
			}
		}
		root.Entries = append(root.Entries, &syntax.Entry{Key: m.key, KeyLoc: loc, Value: n})
	}
	return root, !a.bad
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

// member is one attribute of an object in a plan's values: its key and the
// extent of its value (start == end for an attribute only known after
// apply, which the values leave out).
type member struct {
	key        string
	start, end int
	null       bool // the value is null or absent
}

func compareKey(m member, key string) int { return strings.Compare(m.key, key) }

func (m member) value(data []byte) []byte {
	if m.start == m.end {
		return nil
	}
	return data[m.start:m.end]
}

// objectMembers returns the attributes of the object whose JSON text is
// data, as encoding/json would decode it into a map (a repeated key keeps
// its last value), with those unk marks known after apply, in sorted
// order; values that are null are left out unless unknown. data is valid
// JSON; anything but an object has no attributes.
func objectMembers(data []byte, unk map[string]any) []member {
	var out []member
	if len(data) > 0 && data[0] == '{' {
		_, _ = members(data, 0, func(key string, v span) error {
			out = append(out, member{key: key, start: v.start, end: v.end, null: data[v.start] == 'n'})
			return nil
		})
	}
	slices.SortStableFunc(out, func(x, y member) int { return strings.Compare(x.key, y.key) })
	kept := out[:0]
	for i, m := range out {
		if i+1 < len(out) && out[i+1].key == m.key {
			continue // a later value of the same key wins
		}
		if !m.null || unk[m.key] == true {
			kept = append(kept, m)
		}
	}
	out = kept
	known := len(out)
	for k, u := range unk {
		if u != true {
			continue
		}
		if _, found := slices.BinarySearchFunc(out[:known], k, compareKey); !found {
			out = append(out, member{key: k, null: true})
		}
	}
	if len(out) > known {
		slices.SortFunc(out, func(x, y member) int { return strings.Compare(x.key, y.key) })
	}
	return out
}

// value converts one value, given as its JSON text (nil when absent).
// blocks are the static nested blocks of the .tf source the value came
// from, when it is a list of blocks.
func (a *attrs) value(data []byte, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) *syntax.Node {
	switch {
	case unknown == true:
		return syntax.UnknownNode(a.expr()+" (known after apply)", loc)
	case sensitive == true:
		return syntax.UnknownNode(a.expr()+" (sensitive)", loc)
	}
	if len(data) == 0 {
		return &syntax.Node{Kind: syntax.KindNull, Loc: loc}
	}
	switch data[0] {
	case 'n':
		return &syntax.Node{Kind: syntax.KindNull, Loc: loc}
	case '"':
		s, err := str(data, span{0, len(data)})
		if err != nil {
			a.bad = true
		}
		return &syntax.Node{Kind: syntax.KindString, Value: s, Loc: loc}
	case 't', 'f':
		return &syntax.Node{Kind: syntax.KindBool, Value: strconv.FormatBool(data[0] == 't'), Loc: loc}
	case '[':
		return a.list(data, unknown, sensitive, blocks, loc)
	case '{':
		var src *terraform.Block
		if len(blocks) == 1 {
			src = blocks[0] // a block nested as a single object
		}
		return a.object(data, unknown, sensitive, src, loc)
	}
	// encoding/json decodes numbers into float64, and the plan reader
	// has always written them back from it.
	f, err := strconv.ParseFloat(string(data), 64)
	if err != nil {
		a.bad = true
	}
	return &syntax.Node{Kind: syntax.KindNumber, Value: strconv.FormatFloat(f, 'f', -1, 64), Loc: loc}
}

func (a *attrs) list(data []byte, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) *syntax.Node {
	var items []span
	_, _ = elements(data, 0, func(v span) error {
		items = append(items, v)
		return nil
	})
	n := &syntax.Node{Kind: syntax.KindList, Loc: loc, Items: make([]*syntax.Node, 0, len(items))}
	unk, _ := unknown.([]any)
	sens, _ := sensitive.([]any)
	if len(blocks) != len(items) {
		blocks = nil // the plan's blocks do not line up with the source's
	}
	for i, item := range items {
		itemLoc, itemSrc := loc, []*terraform.Block(nil)
		if blocks != nil {
			itemLoc, itemSrc = blocks[i].Range, blocks[i:i+1]
		}
		a.path = append(a.path, pathElem{index: i, isIndex: true})
		n.Items = append(n.Items, a.value(data[item.start:item.end], at(unk, i), at(sens, i), itemSrc, itemLoc))
		a.path = a.path[:len(a.path)-1]
	}
	return n
}

func (a *attrs) object(data []byte, unknown, sensitive any, src *terraform.Block, loc model.Location) *syntax.Node {
	n := &syntax.Node{Kind: syntax.KindMap, Loc: loc}
	unk, _ := unknown.(map[string]any)
	sens, _ := sensitive.(map[string]any)
	for _, m := range objectMembers(data, unk) {
		kloc, blocks := src.Member(m.key, loc)
		a.path = append(a.path, pathElem{key: m.key})
		n.Entries = append(n.Entries, &syntax.Entry{Key: m.key, KeyLoc: kloc, Value: a.value(m.value(data), unk[m.key], sens[m.key], blocks, kloc)})
		a.path = a.path[:len(a.path)-1]
	}
	return n
}

// anyValue converts a value encoding/json decoded (an output's, a
// provider argument's): by its JSON text, which encodes the same value.
func (a *attrs) anyValue(v, unknown, sensitive any, loc model.Location) *syntax.Node {
	if !decoded(v) {
		return syntax.UnknownNode(a.expr()+" (unsupported value)", loc)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return syntax.UnknownNode(a.expr()+" (unsupported value)", loc)
	}
	return a.value(data, unknown, sensitive, nil, loc)
}

// decoded reports whether v is made of the types encoding/json decodes
// JSON into.
func decoded(v any) bool {
	switch v := v.(type) {
	case nil, bool, float64, string:
		return true
	case []any:
		for _, item := range v {
			if !decoded(item) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, item := range v {
			if !decoded(item) {
				return false
			}
		}
		return true
	}
	return false
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
