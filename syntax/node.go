package syntax

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Kind is the type of a Node.
type Kind uint8

const (
	KindNull   Kind = iota // JSON null, YAML ~, HCL null
	KindString             // also numbers and booleans kept as their source text; see Node.Scalar
	KindNumber
	KindBool
	KindList
	KindMap
	KindUnknown // a value whose type and content are not known before deploy
)

var kindNames = [...]string{"null", "string", "number", "bool", "list", "map", "unknown"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Node is a decoded value with its source location: the tree that the JSON
// reader, the YAML loader and the HCL evaluator all hand to the policy
// document decoder (and that parsers use for resource properties).
//
// A string can be partly unknown: Unknown is set and Value keeps the known
// shape, with each unresolved part written as ${expression}, so that
// "${aws_s3_bucket.b.arn}/*" still ends in "/*". A KindUnknown node is wholly
// unknown (a list or map that could not be evaluated); Expr says what it was.
type Node struct {
	Kind    Kind
	Value   string // scalar text: the string, or the number/bool as written
	Unknown bool   // the value (or part of it) is not known before deploy
	Expr    string // the original expression of an unknown value
	Items   []*Node
	Entries []*Entry
	Loc     model.Location
}

// Entry is one key of a map node, in source order.
type Entry struct {
	Key    string
	KeyLoc model.Location
	Value  *Node
}

// Get returns the value of the first entry with the exact key, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil {
		return nil
	}
	for _, e := range n.Entries {
		if e.Key == key {
			return e.Value
		}
	}
	return nil
}

// IsScalar reports whether n is a string, number or bool.
func (n *Node) IsScalar() bool {
	return n != nil && (n.Kind == KindString || n.Kind == KindNumber || n.Kind == KindBool)
}

// Scalar converts a scalar node to a Value. Non-scalar nodes are not
// converted; callers check IsScalar first.
func (n *Node) Scalar() model.Value {
	return model.Value{Text: n.Value, Unknown: n.Unknown || n.Kind == KindUnknown, Expr: n.Expr, Loc: n.Loc, Set: true}
}

// StringNode returns a known string node.
func StringNode(s string, loc model.Location) *Node {
	return &Node{Kind: KindString, Value: s, Loc: loc}
}

// UnknownNode returns a wholly unknown node that remembers its expression.
func UnknownNode(expr string, loc model.Location) *Node {
	return &Node{Kind: KindUnknown, Unknown: true, Expr: expr, Loc: loc}
}

// EachLocation calls f with the location of every node and key of the tree.
func (n *Node) EachLocation(f func(*model.Location)) {
	f(&n.Loc)
	for _, item := range n.Items {
		item.EachLocation(f)
	}
	for _, e := range n.Entries {
		f(&e.KeyLoc)
		e.Value.EachLocation(f)
	}
}

// Shift moves every location of the tree by lines and columns: for a tree
// read from text that starts there in a file (a heredoc, a YAML block).
func (n *Node) Shift(lines, columns int) {
	n.EachLocation(func(l *model.Location) {
		l.StartLine += lines
		l.EndLine += lines
		l.StartColumn += columns
		l.EndColumn += columns
	})
}

// Place puts every location of the tree at loc: for a tree read from a
// string whose inner positions mean nothing to the person editing it.
func (n *Node) Place(loc model.Location) {
	n.EachLocation(func(l *model.Location) { *l = loc })
}

// HasStatement reports whether a tree holds a policy document's Statement:
// a map key, or JSON text that mentions one, at any depth (inside a
// CloudFormation function too). It recognises policy-bearing properties.
func HasStatement(n *Node) bool {
	const maxNodes = 10000
	seen := 0
	var has func(n *Node) bool
	has = func(n *Node) bool {
		if n == nil || seen > maxNodes {
			return false
		}
		seen++
		switch n.Kind {
		case KindString:
			return strings.Contains(n.Value, `"Statement"`)
		case KindMap:
			for _, e := range n.Entries {
				if e.Key == "Statement" || has(e.Value) {
					return true
				}
			}
		case KindList:
			for _, item := range n.Items {
				if has(item) {
					return true
				}
			}
		}
		return false
	}
	return has(n)
}

// ListValues reads a string-or-list value as model.Values: a wholly unknown
// node is an unknown list, and an item that is not a scalar an unknown item
// (never guessed at). A nil node is not Set.
func (n *Node) ListValues() model.Values {
	if n == nil || n.Kind == KindNull {
		return model.Values{}
	}
	vs := model.Values{Loc: n.Loc, Set: true}
	item := func(x *Node) model.Value {
		if x.IsScalar() || x.Kind == KindUnknown {
			return x.Scalar()
		}
		return model.Value{Text: "${" + x.Kind.String() + "}", Unknown: true, Expr: "a " + x.Kind.String(), Loc: x.Loc, Set: true}
	}
	switch n.Kind {
	case KindUnknown:
		vs.Unknown, vs.Expr = true, n.Expr
	case KindList:
		for _, x := range n.Items {
			vs.Items = append(vs.Items, item(x))
		}
	default:
		vs.Items = []model.Value{item(n)}
	}
	return vs
}
