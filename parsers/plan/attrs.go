package plan

import (
	"encoding/json"
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

// build converts the values of an instance: values is their JSON text,
// valid JSON (an object; anything else, null included, has no attributes).
// It reports false when the text holds a number that encoding/json would
// not decode (out of float64's range): the caller then decodes the
// instance the slow way, for the error that explains it.
func (a *attrs) build(values []byte, unknown, sensitive any) (*syntax.Node, bool) {
	a.bad = false
	a.path = a.path[:0]
	root := &syntax.Node{Kind: syntax.KindMap, Loc: a.at}
	if i := skipSpace(values, 0); i < len(values) && values[i] == '{' {
		root.Entries, _ = a.entries(values, i, unknown, sensitive, a.src, a.at, true)
	}
	return root, !a.bad
}

// converted is an entry of a map being converted; dropped when its value
// is null and left out (see entries).
type converted struct {
	syntax.Entry
	dropped bool
}

func compareEntries(x, y converted) int { return strings.Compare(x.Key, y.Key) }

// entries converts the members of the object at data[i], in one pass, and
// returns them as encoding/json would decode the object into a map (a
// repeated key keeps its last value), in sorted order, with those unknown
// marks known after apply. Null values are left out unless unknown and, at
// the root, set by the configuration (else they are computed by the
// provider: arn, id, tags_all, and also inline_policy or
// managed_policy_arns when not set; the configuration has no say in them).
// It returns the offset past the object.
func (a *attrs) entries(data []byte, i int, unknown, sensitive any, src *terraform.Block, loc model.Location, root bool) ([]*syntax.Entry, int) {
	unk, _ := unknown.(map[string]any)
	sens, _ := sensitive.(map[string]any)
	keep := func(key string) bool { return unk[key] == true && (!root || a.configured(key)) }
	list := make([]converted, 0, 8)
	end, _ := memberValues(data, i, func(key string, start int) (int, error) {
		if data[start] == 'n' && !keep(key) {
			list = append(list, converted{Entry: syntax.Entry{Key: key}, dropped: true})
			return start + len("null"), nil
		}
		kloc, blocks := src.Member(key, loc)
		a.path = append(a.path, pathElem{key: key})
		n, end := a.valueAt(data, start, unk[key], sens[key], blocks, kloc)
		a.path = a.path[:len(a.path)-1]
		list = append(list, converted{Entry: syntax.Entry{Key: key, KeyLoc: kloc, Value: n}})
		return end, nil
	})
	slices.SortStableFunc(list, compareEntries)
	known := list[:0]
	for j, e := range list {
		if j+1 < len(list) && list[j+1].Key == e.Key {
			continue // a later value of the same key wins
		}
		known = append(known, e)
	}
	added := false
	for k, u := range unk {
		if u != true || !keep(k) {
			continue
		}
		if _, found := slices.BinarySearchFunc(known, k, func(e converted, k string) int { return strings.Compare(e.Key, k) }); !found {
			kloc, blocks := src.Member(k, loc)
			a.path = append(a.path, pathElem{key: k})
			n, _ := a.valueAt(nil, 0, true, nil, blocks, kloc)
			a.path = a.path[:len(a.path)-1]
			known = append(known, converted{Entry: syntax.Entry{Key: k, KeyLoc: kloc, Value: n}})
			added = true
		}
	}
	if added {
		slices.SortFunc(known, compareEntries)
	}
	count := 0
	for _, e := range known {
		if !e.dropped {
			count++
		}
	}
	if count == 0 {
		return nil, end
	}
	slab := make([]syntax.Entry, 0, count)
	out := make([]*syntax.Entry, 0, count)
	for _, e := range known {
		if e.dropped {
			continue
		}
		if root && e.Value.Kind == syntax.KindUnknown && unk[e.Key] == true {
			if ref := a.reference(e.Key); ref != "" {
				e.Value.Expr = ref
			}
		}
		slab = append(slab, e.Entry)
		out = append(out, &slab[len(slab)-1])
	}
	return out, end
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

// value converts one value, given as its JSON text (valid JSON).
func (a *attrs) value(data []byte, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) *syntax.Node {
	n, _ := a.valueAt(data, 0, unknown, sensitive, blocks, loc)
	return n
}

// valueAt converts the value at data[i] (none when i is past the end) and
// returns the offset past it. blocks are the static nested blocks of the
// .tf source the value came from, when it is a list of blocks.
func (a *attrs) valueAt(data []byte, i int, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) (*syntax.Node, int) {
	if i >= len(data) {
		return a.scalar(unknown, sensitive, loc, syntax.KindNull, ""), i
	}
	if unknown == true || sensitive == true {
		end, _ := valueEnd(data, i)
		return a.scalar(unknown, sensitive, loc, syntax.KindNull, ""), end
	}
	switch data[i] {
	case 'n':
		return &syntax.Node{Kind: syntax.KindNull, Loc: loc}, i + len("null")
	case 't':
		return &syntax.Node{Kind: syntax.KindBool, Value: "true", Loc: loc}, i + len("true")
	case 'f':
		return &syntax.Node{Kind: syntax.KindBool, Value: "false", Loc: loc}, i + len("false")
	case '"':
		end, _ := stringEnd(data, i)
		s, err := str(data, span{i, end})
		if err != nil {
			a.bad = true
		}
		return &syntax.Node{Kind: syntax.KindString, Value: s, Loc: loc}, end
	case '[':
		return a.list(data, i, unknown, sensitive, blocks, loc)
	case '{':
		var src *terraform.Block
		if len(blocks) == 1 {
			src = blocks[0] // a block nested as a single object
		}
		n := &syntax.Node{Kind: syntax.KindMap, Loc: loc}
		var end int
		n.Entries, end = a.entries(data, i, unknown, sensitive, src, loc, false)
		return n, end
	}
	// encoding/json decodes numbers into float64, and the plan reader
	// has always written them back from it.
	end, _ := validNumber(data, i)
	f, err := strconv.ParseFloat(string(data[i:end]), 64)
	if err != nil {
		a.bad = true
	}
	return &syntax.Node{Kind: syntax.KindNumber, Value: strconv.FormatFloat(f, 'f', -1, 64), Loc: loc}, end
}

// scalar is the node of a value that is unknown, sensitive, or else of the
// given kind and text.
func (a *attrs) scalar(unknown, sensitive any, loc model.Location, kind syntax.Kind, text string) *syntax.Node {
	switch {
	case unknown == true:
		return syntax.UnknownNode(a.described(" (known after apply)"), loc)
	case sensitive == true:
		return syntax.UnknownNode(a.described(" (sensitive)"), loc)
	}
	return &syntax.Node{Kind: kind, Value: text, Loc: loc}
}

func (a *attrs) list(data []byte, i int, unknown, sensitive any, blocks []*terraform.Block, loc model.Location) (*syntax.Node, int) {
	unk, _ := unknown.([]any)
	sens, _ := sensitive.([]any)
	n := &syntax.Node{Kind: syntax.KindList, Loc: loc, Items: []*syntax.Node{}}
	if blocks != nil {
		count := 0
		_, _ = elements(data, i, func(span) error { count++; return nil })
		if len(blocks) != count {
			blocks = nil // the plan's blocks do not line up with the source's
		}
	}
	end, _ := walk(data, i, '[', ']', func(start int) (int, error) {
		k := len(n.Items)
		itemLoc, itemSrc := loc, []*terraform.Block(nil)
		if blocks != nil {
			itemLoc, itemSrc = blocks[k].Range, blocks[k:k+1]
		}
		a.path = append(a.path, pathElem{index: k, isIndex: true})
		item, end := a.valueAt(data, start, at(unk, k), at(sens, k), itemSrc, itemLoc)
		a.path = a.path[:len(a.path)-1]
		n.Items = append(n.Items, item)
		return end, nil
	})
	return n, end
}

// anyValue converts a value encoding/json decoded (an output's, a
// provider argument's): by its JSON text, which encodes the same value.
func (a *attrs) anyValue(v, unknown, sensitive any, loc model.Location) *syntax.Node {
	if !decoded(v) {
		return syntax.UnknownNode(a.described(" (unsupported value)"), loc)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return syntax.UnknownNode(a.described(" (unsupported value)"), loc)
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

// described names the value being converted for messages, followed by a
// note: aws_iam_role.r.inline_policy[0].policy (sensitive).
func (a *attrs) described(note string) string {
	n := len(a.addr) + len(note)
	for _, e := range a.path {
		n += len(e.key) + 8
	}
	b := make([]byte, 0, n)
	b = append(b, a.addr...)
	for _, e := range a.path {
		if e.isIndex {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(e.index), 10)
			b = append(b, ']')
		} else {
			b = append(b, '.')
			b = append(b, e.key...)
		}
	}
	b = append(b, note...)
	return string(b)
}
