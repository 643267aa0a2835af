package cloudformation

import "github.com/iacscan/iacscan/syntax"

// tri is the value of a condition: known true or false, or unknown before
// deploy (it depends on a pseudo parameter or a parameter without value).
type tri int8

const (
	unknownTri tri = iota
	no
	yes
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// condition evaluates a named condition of the Conditions section once.
// An undefined or circular condition is unknown (and reported).
func (ev *evaluator) condition(name string) tri {
	t := ev.t
	if v, ok := t.condValues[name]; ok {
		return v
	}
	n := t.conditions.Get(name)
	if n == nil {
		t.errorf(t.sectionLoc("Conditions"), "condition %s is not defined", name)
		t.condValues[name] = unknownTri
		return unknownTri
	}
	t.condValues[name] = unknownTri // guards against cycles
	v := ev.condExpr(n, nil)
	t.condValues[name] = v
	return v
}

// condExpr evaluates a condition function: Fn::Equals, Fn::And, Fn::Or,
// Fn::Not and Condition.
func (ev *evaluator) condExpr(n *syntax.Node, sc *scope) tri {
	if n.Kind == syntax.KindBool {
		return triOf(n.Value == "true")
	}
	name, arg, ok := intrinsic(n, true)
	if !ok {
		return unknownTri
	}
	switch name {
	case "Condition":
		if s, ok := ev.str(arg, sc); ok {
			return ev.condition(s)
		}
	case "Fn::Equals":
		if arg.Kind == syntax.KindList && len(arg.Items) == 2 {
			a, ok1 := ev.str(arg.Items[0], sc)
			b, ok2 := ev.str(arg.Items[1], sc)
			if ok1 && ok2 {
				return triOf(a == b)
			}
		}
	case "Fn::Not":
		if arg.Kind == syntax.KindList && len(arg.Items) == 1 {
			switch ev.condExpr(arg.Items[0], sc) {
			case yes:
				return no
			case no:
				return yes
			}
		}
	case "Fn::And", "Fn::Or":
		if arg.Kind == syntax.KindList {
			return ev.combine(name == "Fn::And", arg.Items, sc)
		}
	}
	return unknownTri
}

// combine is three-valued And/Or: a single false (true) decides And (Or)
// even when other operands are unknown.
func (ev *evaluator) combine(and bool, items []*syntax.Node, sc *scope) tri {
	decisive, other := no, yes
	if !and {
		decisive, other = yes, no
	}
	result := other
	for _, item := range items {
		switch ev.condExpr(item, sc) {
		case decisive:
			return decisive
		case unknownTri:
			result = unknownTri
		}
	}
	return result
}

// resourceCondition evaluates the Condition attribute of a resource or
// output.
func (ev *evaluator) resourceCondition(body *syntax.Node, sc *scope) tri {
	c := body.Get("Condition")
	if c == nil {
		return yes
	}
	name, ok := ev.str(c, sc)
	if !ok {
		return unknownTri
	}
	return ev.condition(name)
}
