package rules

import "github.com/iacscan/iacscan/model"

// PublicStatement reports whether a statement allows everyone ("*" or
// {"AWS": "*"}) with no condition that narrows who is granted: the
// judgement IAM301 and IAM304 make, shared with custom rules. orgs are the
// user's own organisations (Config.OrgIDs): a condition on another one
// does not narrow. Conditions not known before deploy make it false: an
// unknown is never proof.
func PublicStatement(st *model.Statement, orgs []string) bool {
	return st.Allows() && anyone(st.Principal) && !judge(st, publicKeys, orgs).Constrained()
}
