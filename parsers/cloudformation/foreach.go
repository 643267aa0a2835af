package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// forEachPrefix starts the keys of Fn::ForEach loops (AWS::LanguageExtensions):
//
//	Fn::ForEach::Topics: [TopicName, [A, B], {"Topic${TopicName}": {…}}]
const forEachPrefix = "Fn::ForEach::"

// maxForEach bounds the entries one template's loops may make.
const maxForEach = 10000

// forEach expands a Fn::ForEach entry: for each item of the collection, the
// entries of the output template with ${Identifier} and &{Identifier}
// replaced in their keys, and Identifier bound in their values. A loop
// whose collection is not known cannot be expanded and is reported.
func (t *template) forEach(ev *evaluator, e *syntax.Entry, sc *scope, emit func(key string, keyLoc model.Location, body *syntax.Node, sc *scope)) {
	args := e.Value
	if args.Kind != syntax.KindList || len(args.Items) != 3 || args.Items[2].Kind != syntax.KindMap {
		t.errorf(e.KeyLoc, "%s must be a list of an identifier, a collection and an output template", e.Key)
		return
	}
	ident, ok := ev.str(args.Items[0], sc)
	if !ok || ident == "" {
		t.errorf(args.Items[0].Loc, "%s: the identifier must be a string", e.Key)
		return
	}
	coll, ok := ev.eval(args.Items[1], sc)
	if !ok || coll.Kind != syntax.KindList || !known(coll) {
		t.warnf(e.KeyLoc, "%s: the collection is not known before deploy, so what the loop makes is not analysed", e.Key)
		return
	}
	for _, item := range coll.Items {
		if !item.IsScalar() {
			t.errorf(item.Loc, "%s: collection items must be strings", e.Key)
			continue
		}
		if t.loops++; t.loops > maxForEach {
			t.errorf(e.KeyLoc, "%s: loops make more than %d entries; the rest is not analysed", e.Key, maxForEach)
			return
		}
		inner := &scope{vars: map[string]*syntax.Node{ident: item}, parent: sc}
		for _, out := range args.Items[2].Entries {
			if strings.HasPrefix(out.Key, forEachPrefix) {
				t.forEach(ev, out, inner, emit)
				continue
			}
			emit(loopKey(out.Key, ident, item.Value), out.KeyLoc, t.raw.substitute(out.Value, ident, item.Value), inner)
		}
	}
}

// substitute replaces ${ident} and &{ident} in the strings and keys of a
// raw value, as Fn::ForEach does in its output template; only what changes
// is copied.
func (r *raw) substitute(n *syntax.Node, ident, value string) *syntax.Node {
	if !mentions(n, ident) {
		return n
	}
	c := *n
	c.Value = loopKey(n.Value, ident, value)
	if n.Items != nil {
		c.Items = make([]*syntax.Node, len(n.Items))
		for i, item := range n.Items {
			c.Items[i] = r.substitute(item, ident, value)
		}
	}
	if n.Entries != nil {
		c.Entries = make([]*syntax.Entry, len(n.Entries))
		for i, e := range n.Entries {
			c.Entries[i] = &syntax.Entry{Key: loopKey(e.Key, ident, value), KeyLoc: e.KeyLoc, Value: r.substitute(e.Value, ident, value)}
		}
	}
	if tag, ok := r.tags[n]; ok {
		r.tags[&c] = tag
	}
	if b, ok := r.blocks[n]; ok {
		r.blocks[&c] = b
	}
	return &c
}

// mentions reports whether ${ident} or &{ident} occurs in a raw value.
func mentions(n *syntax.Node, ident string) bool {
	has := func(s string) bool {
		return strings.Contains(s, "${"+ident+"}") || strings.Contains(s, "&{"+ident+"}")
	}
	if has(n.Value) {
		return true
	}
	for _, item := range n.Items {
		if mentions(item, ident) {
			return true
		}
	}
	for _, e := range n.Entries {
		if has(e.Key) || mentions(e.Value, ident) {
			return true
		}
	}
	return false
}

// loopKey substitutes a loop item into an output key: ${X} as is, &{X}
// with only its letters and digits (for logical IDs made from ARNs).
func loopKey(key, ident, value string) string {
	key = strings.ReplaceAll(key, "${"+ident+"}", value)
	alnum := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, value)
	return strings.ReplaceAll(key, "&{"+ident+"}", alnum)
}
