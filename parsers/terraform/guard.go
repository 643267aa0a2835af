package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// guard returns expr with the parts that can multiply work replaced by
// guarded ones that spend from the budget: for expressions (nested ones
// multiply their iterations), multiplication and division (which can build
// numbers of millions of digits) and number literals too large to write out.
// The syntax tree is rewritten in place, once.
func (b *budget) guard(expr hcl.Expression) hcl.Expression {
	syn, ok := expr.(hclsyntax.Expression)
	if !ok {
		return expr
	}
	if g, ok := b.guarded[expr]; ok {
		return g.(hcl.Expression)
	}
	g := b.rewrite(syn)
	b.guarded[expr] = g
	return g
}

// rewrite guards e and everything below it, returning what replaces e.
func (b *budget) rewrite(e hclsyntax.Expression) hclsyntax.Expression {
	switch x := e.(type) {
	case nil:
		return nil
	case *hclsyntax.ForExpr:
		b.rewriteFor(x)
		return &guardedFor{ForExpr: x, budget: b}
	case *guardedFor:
		b.rewriteFor(x.ForExpr)
	case *hclsyntax.BinaryOpExpr:
		x.LHS, x.RHS = b.rewrite(x.LHS), b.rewrite(x.RHS)
		if x.Op == hclsyntax.OpMultiply || x.Op == hclsyntax.OpDivide {
			return &guardedArithmetic{BinaryOpExpr: x, budget: b}
		}
		// Not a bound, but the one pass that rewrites expressions: see nullTest.
		if t, ok := asNullTest(x); ok {
			return t
		}
	case *nullTest:
		x.LHS, x.RHS = b.rewrite(x.LHS), b.rewrite(x.RHS)
	case *guardedArithmetic:
		x.LHS, x.RHS = b.rewrite(x.LHS), b.rewrite(x.RHS)
	case *hclsyntax.LiteralValueExpr:
		if measure(x.Val).digits > maxDigits {
			return b.refused(x)
		}
	case *hclsyntax.UnaryOpExpr:
		x.Val = b.rewrite(x.Val)
	case *hclsyntax.ParenthesesExpr:
		x.Expression = b.rewrite(x.Expression)
	case *hclsyntax.RelativeTraversalExpr:
		x.Source = b.rewrite(x.Source)
		if hugeIndex(x.Traversal) {
			return b.refused(x)
		}
	case *hclsyntax.ScopeTraversalExpr:
		if hugeIndex(x.Traversal) {
			return b.refused(x)
		}
	case *hclsyntax.FunctionCallExpr:
		for i, a := range x.Args {
			x.Args[i] = b.rewrite(a)
		}
	case *hclsyntax.ConditionalExpr:
		x.Condition, x.TrueResult, x.FalseResult = b.rewrite(x.Condition), b.rewrite(x.TrueResult), b.rewrite(x.FalseResult)
	case *hclsyntax.IndexExpr:
		x.Collection, x.Key = b.rewrite(x.Collection), b.rewrite(x.Key)
	case *hclsyntax.TupleConsExpr:
		for i, item := range x.Exprs {
			x.Exprs[i] = b.rewrite(item)
		}
	case *hclsyntax.ObjectConsExpr:
		for i, item := range x.Items {
			x.Items[i].KeyExpr, x.Items[i].ValueExpr = b.rewrite(item.KeyExpr), b.rewrite(item.ValueExpr)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		x.Wrapped = b.rewrite(x.Wrapped)
	case *hclsyntax.SplatExpr:
		x.Source, x.Each = b.rewrite(x.Source), b.rewrite(x.Each)
	case *hclsyntax.TemplateExpr:
		for i, p := range x.Parts {
			x.Parts[i] = b.rewrite(p)
		}
	case *hclsyntax.TemplateJoinExpr:
		x.Tuple = b.rewrite(x.Tuple)
	case *hclsyntax.TemplateWrapExpr:
		x.Wrapped = b.rewrite(x.Wrapped)
	case *hclsyntax.AnonSymbolExpr, *hclsyntax.ExprSyntaxError, *refusedExpr:
	default:
		// A kind of expression this code does not know (a newer hcl): it
		// cannot be guarded, so it is not evaluated at all.
		return &refusedExpr{Expression: e, budget: b, reason: fmt.Sprintf("an expression iacscan cannot bound (%T)", e)}
	}
	return e
}

// refused stands for an expression holding a number too large to write.
func (b *budget) refused(e hclsyntax.Expression) hclsyntax.Expression {
	return &refusedExpr{Expression: e, budget: b, reason: fmt.Sprintf("a number of more than %d digits", maxDigits)}
}

// hugeIndex reports whether a traversal indexes by a number too large to
// write out (as an object key, r[1e100000000] is "1" and a hundred million
// zeros).
func hugeIndex(tr hcl.Traversal) bool {
	for _, step := range tr {
		if ix, ok := step.(hcl.TraverseIndex); ok && measure(ix.Key).digits > maxDigits {
			return true
		}
	}
	return false
}

func (b *budget) rewriteFor(x *hclsyntax.ForExpr) {
	x.CollExpr, x.KeyExpr, x.ValExpr, x.CondExpr = b.rewrite(x.CollExpr), b.rewrite(x.KeyExpr), b.rewrite(x.ValExpr), b.rewrite(x.CondExpr)
}

// guardedFor is a for expression that pays for its iterations before making
// them. The collection is evaluated once, then given to the for expression
// as a literal.
type guardedFor struct {
	*hclsyntax.ForExpr
	budget *budget
}

func (g *guardedFor) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	coll, diags := g.CollExpr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	if plain, _ := coll.Unmark(); plain.IsKnown() && !plain.IsNull() && plain.CanIterateElements() {
		if !g.budget.spend(plain.LengthInt()) {
			return cty.DynamicVal, limitDiagnostics(g.SrcRange)
		}
	}
	fe := *g.ForExpr
	fe.CollExpr = &hclsyntax.LiteralValueExpr{Val: coll, SrcRange: g.CollExpr.Range()}
	return fe.Value(ctx)
}

// guardedArithmetic is a multiplication or division whose result must be
// a number that can be written out.
type guardedArithmetic struct {
	*hclsyntax.BinaryOpExpr
	budget *budget
}

func (g *guardedArithmetic) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	v, diags := g.BinaryOpExpr.Value(ctx)
	if !diags.HasErrors() && !g.budget.fits(v) {
		return cty.DynamicVal, limitDiagnostics(g.SrcRange)
	}
	return v, diags
}

// refusedExpr is an expression not evaluated because it exceeds a bound.
type refusedExpr struct {
	hclsyntax.Expression
	budget *budget
	reason string
}

func (r *refusedExpr) Value(*hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	r.budget.refuse(r.reason)
	return cty.DynamicVal, limitDiagnostics(r.Range())
}

func limitDiagnostics(rng hcl.Range) hcl.Diagnostics {
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: errLimit.Error(), Subject: &rng}}
}
