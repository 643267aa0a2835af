package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/iam"
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
	case model.RCP:
		kind = "resource control policy"
	case model.EndpointPolicy:
		kind = "VPC endpoint policy"
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

// listStyle is how a message enumerates: items joined by sep; past the
// limit, the rest counted as "and N more" after more.
type listStyle struct{ sep, more string }

var (
	commas     = listStyle{", ", ", "} // `a`, `b`, and 2 more
	actionsAnd = listStyle{", ", " "}  // `a`, `b` and 2 more
	semicolons = listStyle{"; ", "; "} // x; y; and 2 more
)

// list renders items for messages, at most max of them (max < 0: all).
// Every list in a message is rendered here.
func (l listStyle) list(items []string, max int) string {
	if max < 0 || len(items) <= max {
		return strings.Join(items, l.sep)
	}
	return strings.Join(items[:max], l.sep) + fmt.Sprintf("%sand %d more", l.more, len(items)-max)
}

// quoted returns each text in backquotes: `a`.
func quoted(texts []string) []string {
	out := make([]string, len(texts))
	for i, s := range texts {
		out[i] = "`" + s + "`"
	}
	return out
}

// texts returns the String of each item.
func texts[T fmt.Stringer](items []T) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.String()
	}
	return out
}

// quoteList renders values as `a`, `b` for messages, at most max of them.
func quoteList(vs []model.Value, max int) string { return commas.list(quoted(texts(vs)), max) }

// conditionKeys lists the condition keys of a statement, for messages that
// say which conditions were considered.
func conditionKeys(st *model.Statement) string {
	var keys []string
	for _, c := range st.Condition.Items {
		keys = append(keys, c.Key.String())
	}
	return commas.list(quoted(keys), -1)
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

// actionsText describes what a statement allows, for messages.
func actionsText(st *model.Statement) string {
	switch {
	case st.Action.Set && len(st.Action.Items) > 0:
		return quoteList(st.Action.Items, 3)
	case st.NotAction.Set:
		return "every action except " + quoteList(st.NotAction.Items, 3)
	}
	return "its actions"
}

// describeActions names a statement's actions in a message: the one
// action, else how many there are.
func describeActions(c *iam.Catalog, actions iam.ActionSet) string {
	if actions.Len() == 1 {
		for a := range c.Actions(actions) {
			return "`" + a.String() + "`"
		}
	}
	return fmt.Sprintf("the statement's %d actions", actions.Len())
}
