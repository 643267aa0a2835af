package model

import (
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

// VoidNotResource reports whether the statement's NotResource excludes
// every resource ("*"): it then applies to nothing, whatever its effect.
func VoidNotResource(s *Statement) bool {
	for _, r := range s.NotResource.Items {
		if r.Is("*") {
			return true
		}
	}
	return false
}

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
	Expr    string
	Loc     Location
	Unknown bool // the element could not be evaluated: it may hold more
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
