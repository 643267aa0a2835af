package model

import (
	"fmt"
	"strings"
)

// Document is an IAM policy document: identity, resource, trust, boundary or
// SCP. It is decoded from a Node tree, whatever the input format.
type Document struct {
	Version    Value
	ID         Value
	Statements []*Statement
	// StatementsUnknown is set when statements may exist beyond those listed
	// (an unevaluated list or dynamic block).
	StatementsUnknown bool
	// Unknown is set when the whole document is not known before deploy;
	// Expr then says what it was (a reference, a plan's unknown attribute).
	Unknown bool
	Expr    string
	Loc     Location
	// Problems are the grammar errors found while decoding: wrong types,
	// unknown elements, duplicate keys. Rules report them (IAM406).
	Problems []Problem
	// Size is the length of the document as compact JSON without
	// whitespace, as IAM counts it against its quotas; unknown parts count
	// for nothing, so it is a lower bound.
	Size int
}

func (d *Document) namesPrincipal() bool {
	if d == nil {
		return false
	}
	for _, s := range d.Statements {
		if s.Principal != nil || s.NotPrincipal != nil {
			return true
		}
	}
	return false
}

// onlyAssumesRoles reports whether every statement has a known Action list
// made only of sts:AssumeRole* and sts:TagSession/SetSourceIdentity, the
// actions of a trust policy.
func (d *Document) onlyAssumesRoles() bool {
	if d == nil || len(d.Statements) == 0 {
		return false
	}
	for _, s := range d.Statements {
		if !s.Action.Set || !s.Action.AllKnown() || len(s.Action.Items) == 0 {
			return false
		}
		for _, a := range s.Action.Items {
			name := strings.ToLower(a.Text)
			if !strings.HasPrefix(name, "sts:assumerole") && name != "sts:tagsession" && name != "sts:setsourceidentity" {
				return false
			}
		}
	}
	return true
}

// Problem is a grammar error in a policy document.
type Problem struct {
	Loc     Location
	Message string
}

// Statement is one statement of a policy document. String-or-list elements are
// always lists here; an element absent from the input has Set false.
type Statement struct {
	Index        int // position in the document, from 0
	Sid          Value
	Effect       Value
	Principal    *Principal
	NotPrincipal *Principal
	Action       Values
	NotAction    Values
	Resource     Values
	NotResource  Values
	Condition    Conditions
	Loc          Location
}

// Allows reports whether the statement's effect is known to be Allow.
func (s *Statement) Allows() bool { return s.Effect.Is("Allow") }

// Denies reports whether the statement's effect is known to be Deny.
func (s *Statement) Denies() bool { return s.Effect.Is("Deny") }

// Principal is the Principal or NotPrincipal element: "*", or identifiers
// grouped by type (AWS, Service, Federated, CanonicalUser) in input order.
type Principal struct {
	Wildcard bool // "Principal": "*"
	Entries  []PrincipalEntry
	Unknown  bool
	Expr     string
	Loc      Location
}

// Present reports whether the element is known to be in the statement (not
// absent, and not a wholly unknown value that could be null).
func (p *Principal) Present() bool { return p != nil && !p.Unknown }

// PrincipalEntry is one type of a Principal element with its identifiers.
type PrincipalEntry struct {
	Type   Value // AWS, Service, Federated or CanonicalUser
	Values Values
}

// Conditions is a statement's Condition element.
type Conditions struct {
	Items   []Condition
	Unknown bool // the element could not be evaluated: it may hold more
	Expr    string
	Loc     Location
	Set     bool
}

// Condition is one operator/key pair with its values, as in
// "StringEquals": {"aws:PrincipalOrgID": ["o-123"]}.
type Condition struct {
	Operator Value
	Key      Value
	Values   Values
	Loc      Location
}

// Operator is a condition operator split into its parts:
// "ForAnyValue:StringLikeIfExists" has Qualifier "ForAnyValue", Name
// "StringLike" and IfExists.
type Operator struct {
	Qualifier string // "", "ForAllValues" or "ForAnyValue"
	Name      string
	IfExists  bool
}

// ParseOperator splits a condition operator. It does not validate the name.
func ParseOperator(s string) Operator {
	var op Operator
	if q, rest, ok := strings.Cut(s, ":"); ok {
		op.Qualifier, s = q, rest
	}
	if name, ok := strings.CutSuffix(s, "IfExists"); ok && name != "" {
		op.IfExists, s = true, name
	}
	op.Name = s
	return op
}

// ParseDocument parses the JSON text of a policy document. Malformed JSON is
// an error; a well-formed document that breaks the policy grammar is returned
// with its Problems.
func ParseDocument(file string, data []byte) (*Document, error) {
	n, err := ParseJSON(file, data)
	if err != nil {
		return nil, err
	}
	return DecodeDocument(n), nil
}

// DecodeDocument reads a policy document from a decoded tree (JSON, YAML or
// an evaluated HCL expression). It never fails: what does not fit the policy
// grammar is recorded in Problems, and unknown parts stay unknown.
func DecodeDocument(n *Node) *Document {
	d := &Document{Loc: n.Loc, Size: compactSize(n)}
	if n.Kind == KindUnknown {
		d.Unknown, d.Expr = true, n.Expr
		return d
	}
	if n.Kind != KindMap {
		d.problem(n.Loc, "a policy document must be an object, not %s", describe(n))
		return d
	}
	d.checkDuplicates(n)
	if n.Get("Statement") == nil {
		d.problem(n.Loc, "the document has no Statement")
	}
	for _, e := range n.Entries {
		switch e.Key {
		case "Version":
			d.Version = d.scalar(e)
		case "Id":
			d.ID = d.scalar(e)
		case "Statement":
			d.statements(e.Value)
		default:
			d.problem(e.KeyLoc, "unknown policy element %q (expected Version, Id or Statement)", e.Key)
		}
	}
	return d
}

func (d *Document) problem(loc Location, format string, args ...any) {
	d.Problems = append(d.Problems, Problem{Loc: loc, Message: fmt.Sprintf(format, args...)})
}

// checkDuplicates records keys that appear twice in the same object: parsers
// disagree on which one wins, so AWS rejects them.
func (d *Document) checkDuplicates(n *Node) {
	seen := make(map[string]Location, len(n.Entries))
	for _, e := range n.Entries {
		if first, ok := seen[e.Key]; ok {
			d.problem(e.KeyLoc, "duplicate key %q (first at line %d)", e.Key, first.StartLine)
			continue
		}
		seen[e.Key] = e.KeyLoc
	}
}

func (d *Document) scalar(e *Entry) Value {
	if e.Value.Kind != KindString && e.Value.Kind != KindUnknown {
		d.problem(e.Value.Loc, "%s must be a string, not %s", e.Key, describe(e.Value))
		return Value{}
	}
	return e.Value.Scalar()
}

func (d *Document) statements(n *Node) {
	switch n.Kind {
	case KindUnknown:
		d.StatementsUnknown = true
	case KindMap:
		d.statement(n)
	case KindList:
		for _, item := range n.Items {
			switch item.Kind {
			case KindMap:
				d.statement(item)
			case KindUnknown:
				d.StatementsUnknown = true
			default:
				d.problem(item.Loc, "a statement must be an object, not %s", describe(item))
			}
		}
	default:
		d.problem(n.Loc, "Statement must be an object or a list of objects, not %s", describe(n))
	}
}

func (d *Document) statement(n *Node) {
	d.checkDuplicates(n)
	s := &Statement{Index: len(d.Statements), Loc: n.Loc}
	for _, e := range n.Entries {
		switch e.Key {
		case "Sid":
			s.Sid = d.scalar(e)
		case "Effect":
			s.Effect = d.scalar(e)
		case "Principal":
			s.Principal = d.principal(e)
		case "NotPrincipal":
			s.NotPrincipal = d.principal(e)
		case "Action":
			s.Action = d.values(e.Key, e.Value)
		case "NotAction":
			s.NotAction = d.values(e.Key, e.Value)
		case "Resource":
			s.Resource = d.values(e.Key, e.Value)
		case "NotResource":
			s.NotResource = d.values(e.Key, e.Value)
		case "Condition":
			s.Condition = d.conditions(e.Value)
		default:
			d.problem(e.KeyLoc, "unknown statement element %q", e.Key)
		}
	}
	d.Statements = append(d.Statements, s)
}

// values reads a string-or-list element whose items must be strings.
func (d *Document) values(name string, n *Node) Values {
	return d.list(name, n, func(item *Node) bool { return item.Kind == KindString })
}

// conditionValues reads condition values: strings, numbers or booleans.
func (d *Document) conditionValues(name string, n *Node) Values {
	return d.list(name, n, (*Node).IsScalar)
}

func (d *Document) list(name string, n *Node, valid func(*Node) bool) Values {
	vs := Values{Loc: n.Loc, Set: true}
	switch {
	case n.Kind == KindUnknown:
		vs.Unknown, vs.Expr = true, n.Expr
	case valid(n):
		vs.Items = []Value{n.Scalar()}
	case n.Kind == KindList:
		for _, item := range n.Items {
			if valid(item) || item.Kind == KindUnknown {
				vs.Items = append(vs.Items, item.Scalar())
				continue
			}
			d.problem(item.Loc, "%s must hold strings, not %s", name, describe(item))
		}
	default:
		d.problem(n.Loc, "%s must be a string or a list of strings, not %s", name, describe(n))
	}
	return vs
}

func (d *Document) principal(e *Entry) *Principal {
	n := e.Value
	p := &Principal{Loc: n.Loc}
	switch {
	case n.Kind == KindUnknown:
		p.Unknown, p.Expr = true, n.Expr
	case n.Kind == KindString && n.Unknown:
		p.Unknown, p.Expr = true, n.Expr
	case n.Kind == KindString && n.Value == "*":
		p.Wildcard = true
	case n.Kind == KindMap:
		d.checkDuplicates(n)
		for _, pe := range n.Entries {
			switch pe.Key {
			case "AWS", "Service", "Federated", "CanonicalUser":
			default:
				d.problem(pe.KeyLoc, "unknown principal type %q (expected AWS, Service, Federated or CanonicalUser)", pe.Key)
				continue
			}
			p.Entries = append(p.Entries, PrincipalEntry{
				Type:   Known(pe.Key, pe.KeyLoc),
				Values: d.values(e.Key+"."+pe.Key, pe.Value),
			})
		}
	default:
		d.problem(n.Loc, `%s must be "*" or an object of principal types, not %s`, e.Key, describe(n))
	}
	return p
}

func (d *Document) conditions(n *Node) Conditions {
	c := Conditions{Loc: n.Loc, Set: true}
	switch n.Kind {
	case KindUnknown:
		c.Unknown, c.Expr = true, n.Expr
		return c
	case KindMap:
	default:
		d.problem(n.Loc, "Condition must be an object of operators, not %s", describe(n))
		return c
	}
	d.checkDuplicates(n)
	for _, op := range n.Entries {
		switch op.Value.Kind {
		case KindUnknown:
			c.Unknown = true
			continue
		case KindMap:
		default:
			d.problem(op.Value.Loc, "condition operator %s must hold an object of keys, not %s", op.Key, describe(op.Value))
			continue
		}
		d.checkDuplicates(op.Value)
		for _, key := range op.Value.Entries {
			c.Items = append(c.Items, Condition{
				Operator: Known(op.Key, op.KeyLoc),
				Key:      Known(key.Key, key.KeyLoc),
				Values:   d.conditionValues("condition "+op.Key+" "+key.Key, key.Value),
				Loc:      spanLoc(key.KeyLoc, key.Value.Loc),
			})
		}
	}
	return c
}

// spanLoc returns the range from the start of a to the end of b.
func spanLoc(a, b Location) Location {
	return Location{File: a.File, StartLine: a.StartLine, StartColumn: a.StartColumn, EndLine: b.EndLine, EndColumn: b.EndColumn}
}

// describe names a node's type for error messages: "a number", "a list".
func describe(n *Node) string {
	switch n.Kind {
	case KindNull:
		return "null"
	case KindList:
		return "a list"
	case KindMap:
		return "an object"
	case KindNumber:
		return "a number"
	case KindBool:
		return "a boolean"
	case KindString:
		return fmt.Sprintf("the string %q", n.Value)
	default:
		return "an unknown value"
	}
}
