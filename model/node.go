package model

import "strings"

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
	Loc     Location
}

// Entry is one key of a map node, in source order.
type Entry struct {
	Key    string
	KeyLoc Location
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
func (n *Node) Scalar() Value {
	return Value{Text: n.Value, Unknown: n.Unknown || n.Kind == KindUnknown, Expr: n.Expr, Loc: n.Loc, Set: true}
}

// StringNode returns a known string node.
func StringNode(s string, loc Location) *Node {
	return &Node{Kind: KindString, Value: s, Loc: loc}
}

// UnknownNode returns a wholly unknown node that remembers its expression.
func UnknownNode(expr string, loc Location) *Node {
	return &Node{Kind: KindUnknown, Unknown: true, Expr: expr, Loc: loc}
}

// Value is a scalar from an input: known text, or unknown with the
// expression it came from. The zero Value is absent (Set is false), which is
// distinct from a present empty string.
type Value struct {
	Text    string // the value; for a partly unknown string, its known shape
	Unknown bool
	Expr    string // original expression when Unknown
	Loc     Location
	Set     bool // present in the input
}

// Known returns a present, known value.
func Known(s string, loc Location) Value { return Value{Text: s, Loc: loc, Set: true} }

// Unresolved returns a present value that is not known before deploy.
func Unresolved(expr string, loc Location) Value {
	return Value{Text: "${" + expr + "}", Unknown: true, Expr: expr, Loc: loc, Set: true}
}

// IsKnown reports whether the value is present and fully known.
func (v Value) IsKnown() bool { return v.Set && !v.Unknown }

// Is reports whether the value is known and equal to s.
func (v Value) Is(s string) bool { return v.IsKnown() && v.Text == s }

// IsFold is Is without regard to case (IAM action names are case-insensitive).
func (v Value) IsFold(s string) bool { return v.IsKnown() && strings.EqualFold(v.Text, s) }

// String returns the text for messages: the value, or its expression when
// unknown.
func (v Value) String() string {
	if v.Unknown && v.Expr != "" && v.Text == "" {
		return v.Expr
	}
	return v.Text
}

// Values is a list element of a policy (Action, Resource, condition values,
// principal identifiers): a string or a list of strings in the input, always a
// list here. Unknown means the list itself could not be evaluated, so it may
// hold elements beyond Items.
type Values struct {
	Items   []Value
	Unknown bool
	Expr    string
	Loc     Location
	Set     bool // present in the input (even if empty)
}

// Present reports whether the element is known to be in the input: set,
// and not a wholly unknown value, which could turn out to be null (an
// optional Terraform attribute, a CloudFormation AWS::NoValue).
func (vs Values) Present() bool { return vs.Set && !(vs.Unknown && len(vs.Items) == 0) }

// Has reports whether any known item equals s exactly.
func (vs Values) Has(s string) bool {
	for _, v := range vs.Items {
		if v.Is(s) {
			return true
		}
	}
	return false
}

// AllKnown reports whether the list and every item in it are known.
func (vs Values) AllKnown() bool {
	if vs.Unknown {
		return false
	}
	for _, v := range vs.Items {
		if !v.IsKnown() {
			return false
		}
	}
	return true
}

// EachLocation calls f with the location of every node and key of the tree.
func (n *Node) EachLocation(f func(*Location)) {
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
	n.EachLocation(func(l *Location) {
		l.StartLine += lines
		l.EndLine += lines
		l.StartColumn += columns
		l.EndColumn += columns
	})
}

// Place puts every location of the tree at loc: for a tree read from a
// string whose inner positions mean nothing to the person editing it.
func (n *Node) Place(loc Location) {
	n.EachLocation(func(l *Location) { *l = loc })
}
