package rules

import "github.com/iacscan/iacscan/model"

// PublicStatement reports whether a statement allows everyone ("*" or
// {"AWS": "*"}) with no condition that narrows who is granted: the
// judgement IAM301 and IAM304 make, shared with custom rules. Conditions not
// known before deploy make it false: an unknown is never proof.
func PublicStatement(st *model.Statement) bool {
	return st.Allows() && anyone(st.Principal) && !judge(st, publicKeys).Constrained()
}
