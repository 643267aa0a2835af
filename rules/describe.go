package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// policyLabel names a policy in messages: "inline policy `aws_iam_role.app`
// (inline_policy[0])".
func policyLabel(p *model.Policy) string {
	kind := string(p.Kind) + " policy"
	switch p.Kind {
	case model.Standalone:
		kind = "policy"
	case model.SCP:
		kind = "service control policy"
	}
	label := fmt.Sprintf("%s `%s`", kind, p.ID)
	if p.Path != "" {
		label += " (" + p.Path + ")"
	}
	return label
}

// statementLabel names a statement: by Sid when it has a known one, else by
// its position from 1.
func statementLabel(st *model.Statement) string {
	if st.Sid.IsKnown() && st.Sid.Text != "" {
		return fmt.Sprintf("statement `%s`", st.Sid.Text)
	}
	return fmt.Sprintf("statement %d", st.Index+1)
}

// quoteList renders values as `a`, `b` for messages, at most max of them.
func quoteList(vs []model.Value, max int) string {
	var parts []string
	for i, v := range vs {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(vs)-max))
			break
		}
		parts = append(parts, "`"+v.String()+"`")
	}
	return strings.Join(parts, ", ")
}

// conditionKeys lists the condition keys of a statement, for messages that
// say which conditions were considered.
func conditionKeys(st *model.Statement) string {
	var keys []string
	for _, c := range st.Condition.Items {
		keys = append(keys, "`"+c.Key.String()+"`")
	}
	return strings.Join(keys, ", ")
}

// conditionNote is " (with conditions on …)" when the statement has
// conditions, for messages about grants whose conditions do not remove the
// finding but matter to the reader.
func conditionNote(st *model.Statement) string {
	if keys := conditionKeys(st); keys != "" {
		return " (conditions considered: " + keys + ")"
	}
	return ""
}
