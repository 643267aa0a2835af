package rules

import (
	"slices"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// RedundantStatement finds statements and actions that another part of the
// same document already grants.
var RedundantStatement = &Rule{
	ID:       "IAM411",
	Name:     "redundant-statement",
	Title:    "Redundant statement or action",
	Severity: Info,
	Practice: "Validate your policies",
	Description: "A statement whose actions and resources another statement of the same document " +
		"already covers (with the same effect, and no condition of its own that the other lacks), " +
		"or an action entry that another entry of the statement already matches (`s3:GetObject` " +
		"beside `s3:Get*`), adds nothing. It makes the policy longer — closer to its size quota — " +
		"and harder to review: a reader cannot tell which line grants what.\n\n" +
		"Action coverage is computed with the catalog; resource coverage is exact text or a " +
		"wildcard that matches a plain ARN. Statements with principals, `NotAction`, " +
		"`NotResource`, or values not known before deploy are left alone.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::reports/*"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/2024/*"}
  ]
}`},
	},
	Fix: "remove the redundant statement or entry",
	Remediation: "Remove the redundant statement or entry, or narrow the broader one if it grants more " +
		"than intended.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::reports/*"}]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
	},
	Since: "0.1.0",
	Check: checkRedundantStatement,
}

func checkRedundantStatement(pass *Pass) {
	an := pass.IAM()
	for _, pol := range pass.Inventory.Policies {
		if pol.Document == nil {
			continue
		}
		stmts := pol.Document.Statements
		for i, st := range stmts {
			redundantEntries(pass, an, pol, st)
			if !simpleStatement(st) {
				continue
			}
			for j, other := range stmts {
				if i == j || !simpleStatement(other) || !st.Effect.Is(other.Effect.Text) {
					continue
				}
				if covers(an, other, st) && (!covers(an, st, other) || j < i) {
					pass.Reportf(&pol.Meta, st.Loc, "%s: %s is already covered by %s",
						policyLabel(pol), statementLabel(st), statementLabel(other))
					break
				}
			}
		}
	}
}

// simpleStatement: known Action and Resource lists, no principals, no Not
// elements, known conditions.
func simpleStatement(st *model.Statement) bool {
	return st.Effect.IsKnown() && st.Principal == nil && st.NotPrincipal == nil &&
		st.Action.Set && st.Action.AllKnown() && st.Resource.Set && st.Resource.AllKnown() &&
		!st.NotAction.Set && !st.NotResource.Set && !st.Condition.Unknown && len(st.Action.Items) > 0
}

// covers reports whether statement a grants everything b does.
func covers(an *iam.Analysis, a, b *model.Statement) bool {
	sa, sb := an.Statement(a), an.Statement(b)
	setA, setB := an.Actions(sa), an.Actions(sb)
	if setB.IsEmpty() || !setB.SubsetOf(setA) {
		return false
	}
	for _, rb := range b.Resource.Items {
		if !slices.ContainsFunc(a.Resource.Items, func(ra model.Value) bool { return iam.Covers(ra.Text, rb.Text) }) {
			return false
		}
	}
	return !a.Condition.Set || sameConditions(a.Condition, b.Condition)
}

func sameConditions(a, b model.Conditions) bool {
	key := func(c model.Condition) string {
		s := c.Operator.Text + "\x00" + c.Key.Text
		for _, v := range c.Values.Items {
			s += "\x00" + v.Text
		}
		return s
	}
	if len(a.Items) != len(b.Items) {
		return false
	}
	var ka, kb []string
	for i := range a.Items {
		ka, kb = append(ka, key(a.Items[i])), append(kb, key(b.Items[i]))
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}

// redundantEntries reports Action entries that another entry of the same
// statement already matches.
func redundantEntries(pass *Pass, an *iam.Analysis, pol *model.Policy, st *model.Statement) {
	items := st.Action.Items
	sets := make([]iam.ActionSet, len(items))
	for i, v := range items {
		if v.IsKnown() {
			sets[i] = an.Match(v.Text)
		}
	}
	for i, v := range items {
		if sets[i].IsEmpty() {
			continue
		}
		for j, w := range items {
			if i == j || sets[j].IsEmpty() || !sets[i].SubsetOf(sets[j]) {
				continue
			}
			if sets[j].SubsetOf(sets[i]) && j > i {
				continue // the same actions twice: report the later one only
			}
			pass.Reportf(&pol.Meta, v.Loc, "%s: `%s` is already matched by `%s` in %s",
				policyLabel(pol), v.Text, w.Text, statementLabel(st))
			break
		}
	}
}
