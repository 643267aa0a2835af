package rules

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// deniesWithoutMFA reports whether a statement is the "deny everything
// without MFA" guard: a Deny of every action (Action "*", or NotAction
// listing the self-service MFA actions) when aws:MultiFactorAuthPresent is
// false. With Bool the guard stops console sessions only; keys says that
// requests signed with access keys (no MFA key at all) must be stopped too,
// which takes BoolIfExists. An unknown condition gets the benefit of the
// doubt.
func deniesWithoutMFA(st *model.Statement, keys bool) bool {
	if !st.Denies() {
		return false
	}
	broad := st.NotAction.Set || hasKnown(st.Action, isAnyAction)
	if !broad {
		return false
	}
	if st.Condition.Unknown {
		return true
	}
	for _, c := range st.Condition.Items {
		if !c.Key.IsFold("aws:MultiFactorAuthPresent") {
			continue
		}
		op := model.ParseOperator(c.Operator.Text)
		if op.Name == "Bool" && op.Qualifier == "" && (op.IfExists || !keys) && valuesAre(c.Values, "false") {
			return true
		}
	}
	return false
}

// requiresMFA reports whether an Allow statement's conditions only let
// requests signed with MFA through: Bool aws:MultiFactorAuthPresent true, or
// a numeric limit on aws:MultiFactorAuthAge (absent without MFA). IfExists
// variants let long-term access keys through and do not count.
func requiresMFA(st *model.Statement) bool {
	for _, c := range st.Condition.Items {
		op := model.ParseOperator(c.Operator.Text)
		if op.IfExists || op.Qualifier != "" {
			continue
		}
		switch {
		case c.Key.IsFold("aws:MultiFactorAuthPresent"):
			if op.Name == "Bool" && valuesAre(c.Values, "true") {
				return true
			}
		case c.Key.IsFold("aws:MultiFactorAuthAge"):
			if strings.HasPrefix(op.Name, "NumericLessThan") {
				return true
			}
		}
	}
	return false
}

// valuesAre reports whether every value is known and equal to s, ignoring
// case (booleans are written "true", "True" or true).
func valuesAre(vs model.Values, s string) bool {
	if !vs.AllKnown() || len(vs.Items) == 0 {
		return false
	}
	for _, v := range vs.Items {
		if !strings.EqualFold(v.Text, s) {
			return false
		}
	}
	return true
}

// enforcesMFA reports whether any of the policies holds the deny-without-MFA
// guard (for access-key requests too, when keys is set).
func enforcesMFA(policies []*model.Policy, keys bool) bool {
	for _, p := range policies {
		if p.Document == nil {
			continue
		}
		for _, st := range p.Document.Statements {
			if deniesWithoutMFA(st, keys) {
				return true
			}
		}
	}
	return false
}
