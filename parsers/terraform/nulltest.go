package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// nullTest is a comparison with null (x != null, null == x). Whether x is
// null does not depend on the placeholders inside it, but cty marks the
// result of a comparison with every mark of its operands, and a marked
// condition counts as unknown here. So `var.p != null ? var.p : []` over a
// list holding one resource reference would lose the whole list; a null
// test decides on nullness alone.
type nullTest struct {
	*hclsyntax.BinaryOpExpr
	operand *hclsyntax.Expression // the side that is not the null literal
}

// asNullTest returns the null test a comparison is, if it is one.
func asNullTest(x *hclsyntax.BinaryOpExpr) (*nullTest, bool) {
	if x.Op != hclsyntax.OpEqual && x.Op != hclsyntax.OpNotEqual {
		return nil, false
	}
	switch {
	case isNullLiteral(x.RHS):
		return &nullTest{BinaryOpExpr: x, operand: &x.LHS}, true
	case isNullLiteral(x.LHS):
		return &nullTest{BinaryOpExpr: x, operand: &x.RHS}, true
	}
	return nil, false
}

func isNullLiteral(e hclsyntax.Expression) bool {
	lit, ok := e.(*hclsyntax.LiteralValueExpr)
	return ok && lit.Val.IsNull()
}

func (t *nullTest) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	v, diags := (*t.operand).Value(ctx)
	if diags.HasErrors() {
		return cty.UnknownVal(cty.Bool), diags
	}
	if !v.IsKnown() {
		return cty.UnknownVal(cty.Bool), nil
	}
	return cty.BoolVal(v.IsNull() == (t.Op == hclsyntax.OpEqual)), nil
}
