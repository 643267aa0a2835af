package syntax

import (
	"fmt"

	"github.com/iacscan/iacscan/model"
)

// ParseDocument parses the JSON text of a policy document. Malformed JSON is
// an error; a well-formed document that breaks the policy grammar is returned
// with its Problems.
func ParseDocument(file string, data []byte) (*model.Document, error) {
	n, err := ParseJSON(file, data)
	if err != nil {
		return nil, err
	}
	return DecodeDocument(n), nil
}

// DecodeDocument reads a policy document from a decoded tree (JSON, YAML or
// an evaluated HCL expression). It never fails: what does not fit the policy
// grammar is recorded in Problems, and unknown parts stay unknown.
func DecodeDocument(n *Node) *model.Document {
	d := decoder{&model.Document{Loc: n.Loc, Size: compactSize(n)}}
	if n.Kind == KindUnknown {
		d.Unknown, d.Expr = true, n.Expr
		return d.Document
	}
	if n.Kind != KindMap {
		d.problem(n.Loc, "a policy document must be an object, not %s", describe(n))
		return d.Document
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
	return d.Document
}

// decoder records the grammar problems of the document it decodes.
type decoder struct{ *model.Document }

func (d decoder) problem(loc model.Location, format string, args ...any) {
	d.Problems = append(d.Problems, model.Problem{Loc: loc, Message: fmt.Sprintf(format, args...)})
}

// checkDuplicates records keys that appear twice in the same object: parsers
// disagree on which one wins, so AWS rejects them.
func (d decoder) checkDuplicates(n *Node) {
	seen := make(map[string]model.Location, len(n.Entries))
	for _, e := range n.Entries {
		if first, ok := seen[e.Key]; ok {
			d.problem(e.KeyLoc, "duplicate key %q (first at line %d)", e.Key, first.StartLine)
			continue
		}
		seen[e.Key] = e.KeyLoc
	}
}

func (d decoder) scalar(e *Entry) model.Value {
	if e.Value.Kind != KindString && e.Value.Kind != KindUnknown {
		d.problem(e.Value.Loc, "%s must be a string, not %s", e.Key, describe(e.Value))
		return model.Value{}
	}
	return e.Value.Scalar()
}

func (d decoder) statements(n *Node) {
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

func (d decoder) statement(n *Node) {
	d.checkDuplicates(n)
	s := &model.Statement{Index: len(d.Statements), Loc: n.Loc}
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
func (d decoder) values(name string, n *Node) model.Values {
	return d.list(name, n, func(item *Node) bool { return item.Kind == KindString })
}

// conditionValues reads condition values: strings, numbers or booleans.
func (d decoder) conditionValues(name string, n *Node) model.Values {
	return d.list(name, n, (*Node).IsScalar)
}

func (d decoder) list(name string, n *Node, valid func(*Node) bool) model.Values {
	vs := model.Values{Loc: n.Loc, Set: true}
	switch {
	case n.Kind == KindUnknown:
		vs.Unknown, vs.Expr = true, n.Expr
	case valid(n):
		vs.Items = []model.Value{n.Scalar()}
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

func (d decoder) principal(e *Entry) *model.Principal {
	n := e.Value
	p := &model.Principal{Loc: n.Loc}
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
			p.Entries = append(p.Entries, model.PrincipalEntry{
				Type:   model.Known(pe.Key, pe.KeyLoc),
				Values: d.values(e.Key+"."+pe.Key, pe.Value),
			})
		}
	default:
		d.problem(n.Loc, `%s must be "*" or an object of principal types, not %s`, e.Key, describe(n))
	}
	return p
}

func (d decoder) conditions(n *Node) model.Conditions {
	c := model.Conditions{Loc: n.Loc, Set: true}
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
			c.Items = append(c.Items, model.Condition{
				Operator: model.Known(op.Key, op.KeyLoc),
				Key:      model.Known(key.Key, key.KeyLoc),
				Values:   d.conditionValues("condition "+op.Key+" "+key.Key, key.Value),
				Loc:      spanLoc(key.KeyLoc, key.Value.Loc),
			})
		}
	}
	return c
}

// spanLoc returns the range from the start of a to the end of b.
func spanLoc(a, b model.Location) model.Location {
	return model.Location{File: a.File, StartLine: a.StartLine, StartColumn: a.StartColumn, EndLine: b.EndLine, EndColumn: b.EndColumn}
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
