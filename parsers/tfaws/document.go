package tfaws

import (
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// policyAttrs are the attributes that hold a policy document, in every
// resource type Add knows.
var policyAttrs = map[string]bool{
	"policy":                    true,
	"assume_role_policy":        true,
	"source_policy_documents":   true,
	"override_policy_documents": true,
	"content":                   true, // aws_organizations_policy
}

// IsPolicyAttribute reports whether an attribute of a resource holds a
// policy document, so that parsers can hand it over structurally (HCL
// jsonencode, heredoc JSON) instead of as text.
func IsPolicyAttribute(resourceType, attr string) bool {
	if attr == "content" {
		return resourceType == "aws_organizations_policy"
	}
	return policyAttrs[attr] || typedPolicyAttrs[resourceType+"."+attr]
}

// document decodes the policy document held by an attribute node: JSON text,
// or a structured tree. It returns nil when the attribute is absent.
func document(n *syntax.Node) *model.Document {
	if n == nil || n.Kind == syntax.KindNull {
		return nil
	}
	switch {
	case n.Kind == syntax.KindString && n.Unknown:
		// A string with unresolved parts that is not structured JSON: the
		// document cannot be read before deploy, unless it is not JSON
		// whatever the parts turn out to be.
		if text, ok := withoutPlaceholders(n.Value); ok && strings.HasPrefix(strings.TrimSpace(text), "{") {
			if _, err := syntax.ParseJSON(n.Loc.File, []byte(text)); err != nil {
				return syntax.DecodeDocumentText(text, n.Loc, nil)
			}
		}
		return syntax.DecodeDocument(syntax.UnknownNode(unknownExpr(n), n.Loc))
	case n.Kind == syntax.KindString:
		return parseText(n)
	}
	return syntax.DecodeDocument(n)
}

// withoutPlaceholders replaces every ${…} placeholder of a value not known
// before deploy by "x" (see syntax.ReplacePlaceholders).
func withoutPlaceholders(text string) (string, bool) {
	out, _, ok := syntax.ReplacePlaceholders(text, "x")
	return out, ok
}

func unknownExpr(n *syntax.Node) string {
	if n.Expr != "" {
		return n.Expr
	}
	return n.Value
}

// parseText decodes a document given as JSON text. Positions inside a string
// mean nothing to the person editing it, so every part of the tree is placed
// at the attribute.
func parseText(n *syntax.Node) *model.Document {
	return syntax.DecodeDocumentText(n.Value, n.Loc, nil)
}

// policy builds a Policy from the document in the named attribute of the
// instance, or returns nil when the attribute is absent.
func (in *instance) policy(kind model.PolicyKind, attr string, m model.Meta) *model.Policy {
	n := in.attr(attr)
	doc := document(n)
	if doc == nil {
		return nil
	}
	if n.Loc.IsZero() {
		m.Loc = in.Meta.At(attr)
	} else if m.Path != "" {
		m.Loc = n.Loc
	}
	m.SetField("Document", n.Loc)
	return &model.Policy{Meta: m, Kind: kind, Document: doc}
}
