package model

import "strings"

// Value is a scalar from an input: known text, or unknown with the
// expression it came from. The zero Value is absent (Set is false), which is
// distinct from a present empty string.
//
// The booleans come last so that they share one word: a plan holds
// millions of values.
type Value struct {
	Text    string // the value; for a partly unknown string, its known shape
	Expr    string // original expression when Unknown
	Loc     Location
	Unknown bool
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
	Expr    string
	Loc     Location
	Unknown bool
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
