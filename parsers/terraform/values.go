package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// unknownMark marks a value that depends on something not known before
// deploy. Unknown strings are kept as placeholders ("${aws_s3_bucket.b.arn}")
// rather than cty unknowns so that templates keep their shape: the mark is
// what says they are not the real value. Marks survive templates, operators
// and function calls, so whatever is computed from a placeholder is marked
// too.
type unknownMark struct{}

// placeholder stands for the value of expr, unknown before deploy.
func placeholder(expr string) cty.Value {
	return cty.StringVal("${" + expr + "}").Mark(unknownMark{})
}

// uncertain reports whether a value depends on an unknown, at any depth.
func uncertain(v cty.Value) bool {
	return !v.IsWhollyKnown() || v.ContainsMarked()
}

// toNode converts an evaluated value to a model tree placed at loc. expr is
// the source text, kept as the expression of unknown parts.
func toNode(v cty.Value, loc model.Location, expr string) *syntax.Node {
	return nodeOf(v, loc, expr, false)
}

// nodeOf is toNode for a value inside a marked collection (inherited):
// a function computed from an unknown marks its whole result, so every part
// of it is as uncertain as the whole.
func nodeOf(v cty.Value, loc model.Location, expr string, inherited bool) *syntax.Node {
	v, marks := v.Unmark()
	marked := len(marks) > 0 || inherited
	switch {
	case !v.IsKnown():
		return syntax.UnknownNode(expr, loc)
	case v.IsNull():
		return &syntax.Node{Kind: syntax.KindNull, Loc: loc}
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		s := v.AsString()
		if !marked {
			return syntax.StringNode(s, loc)
		}
		if !hasPlaceholder(s) {
			// Computed from an unknown but showing none of it (a comparison,
			// a length): the text is not the value.
			return &syntax.Node{Kind: syntax.KindString, Value: "${" + expr + "}", Unknown: true, Expr: expr, Loc: loc}
		}
		return &syntax.Node{Kind: syntax.KindString, Value: s, Unknown: true, Expr: placeholderExpr(s), Loc: loc}
	case marked && (ty == cty.Number || ty == cty.Bool):
		return syntax.UnknownNode(expr, loc)
	case ty == cty.Number:
		return &syntax.Node{Kind: syntax.KindNumber, Value: v.AsBigFloat().Text('f', -1), Loc: loc}
	case ty == cty.Bool:
		text := "false"
		if v.True() {
			text = "true"
		}
		return &syntax.Node{Kind: syntax.KindBool, Value: text, Loc: loc}
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		n := &syntax.Node{Kind: syntax.KindList, Loc: loc}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n.Items = append(n.Items, nodeOf(e, loc, expr, marked))
		}
		return n
	case ty.IsMapType() || ty.IsObjectType():
		n := &syntax.Node{Kind: syntax.KindMap, Loc: loc}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			n.Entries = append(n.Entries, &syntax.Entry{Key: k.AsString(), KeyLoc: loc, Value: nodeOf(e, loc, expr, marked)})
		}
		return n
	}
	return syntax.UnknownNode(expr, loc)
}

// hasPlaceholder reports whether s holds ${...} that is not an IAM policy
// variable (${aws:username}, ${*}): what is left of an unknown.
func hasPlaceholder(s string) bool {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return false
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return false
		}
		inner := s[i+2 : i+end]
		if !isPolicyVariable(inner) {
			return true
		}
		s = s[i+end+1:]
	}
}

func isPolicyVariable(inner string) bool {
	return inner == "*" || inner == "?" || inner == "$" || strings.Contains(inner, ":")
}

// placeholderExpr is the expression of an unknown string: the reference when
// the string is nothing but one placeholder, the whole shape otherwise.
func placeholderExpr(s string) string {
	if inner, ok := strings.CutPrefix(s, "${"); ok {
		if inner, ok := strings.CutSuffix(inner, "}"); ok && !strings.ContainsAny(inner, "{}") {
			return inner
		}
	}
	return s
}

// location converts an hcl range.
func location(r hcl.Range) model.Location {
	return model.Location{
		File:        r.Filename,
		StartLine:   r.Start.Line,
		StartColumn: r.Start.Column,
		EndLine:     r.End.Line,
		EndColumn:   r.End.Column,
	}
}
