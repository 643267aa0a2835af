package iam

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// UnresolvedAttachment is a policy attached to a principal that the scan
// cannot show: the attachment, and why its policy is unknown. It may grant
// or deny anything, so it never erases a known grant but leaves the answer
// open.
type UnresolvedAttachment struct {
	*model.Attachment
	Group *model.Identity // the group a user has it through
}

// Why says why the attached policy is unknown: "`var.x` has no value", "it
// is known only after apply (`aws_x.y.arn`)", "`arn:…` is not in the scan".
func (u UnresolvedAttachment) Why() string {
	ref := u.Policy
	v := ref.Value
	if v.IsKnown() {
		if v.Text == "" {
			return "its policy ARN is empty"
		}
		if _, ok := ManagedPolicyName(v); ok {
			return fmt.Sprintf("`%s` is not an AWS managed policy the IAM data knows", v.Text)
		}
		return fmt.Sprintf("`%s` is not in the scan", v.Text)
	}
	expr := v.Expr
	if expr == "" {
		expr = ref.String()
	}
	cfn := u.Source == model.SourceCloudFormation
	switch {
	case cfn && strings.HasPrefix(expr, "!Ref "):
		return fmt.Sprintf("parameter `%s` has no value (give it with --cfn-param)", strings.TrimPrefix(expr, "!Ref "))
	case cfn && cfnCondition(expr) != "":
		return fmt.Sprintf("it depends on condition `%s`", cfnCondition(expr))
	case cfn && strings.HasPrefix(expr, "!ImportValue "):
		return fmt.Sprintf("it is imported from another stack (`%s`)", expr)
	case cfn:
		return fmt.Sprintf("it is known only after deploy (`%s`)", expr)
	case strings.HasPrefix(expr, "var.") && !strings.ContainsAny(expr, " (${"):
		return fmt.Sprintf("`%s` has no value (give it with --var)", expr)
	case isDataSource(ref.ID):
		return fmt.Sprintf("it is read by data source `%s` when Terraform runs", ref.ID)
	}
	if expr == "" {
		return "it is known only after apply" // a plan without its configuration
	}
	return fmt.Sprintf("it is known only after apply (`%s`)", expr)
}

// Label names the attachment and where it is written: "`aws_x.y`
// (main.tf:3)", "`Role` ManagedPolicyArns[1] (template.yaml:9)".
func (u UnresolvedAttachment) Label() string {
	name := "`" + u.ID + "`"
	if u.Path != "" {
		name += " " + u.Path
	}
	return fmt.Sprintf("%s (%s:%d)", name, filepath.ToSlash(u.Loc.File), u.Loc.StartLine)
}

// String is the note about the attachment in answers and summaries.
func (u UnresolvedAttachment) String() string {
	s := fmt.Sprintf("attached policy of %s is unknown: %s", u.Label(), u.Why())
	if u.Group != nil {
		s += fmt.Sprintf(" (through group `%s`)", u.Group.ID)
	}
	return s
}

// cfnCondition is the condition a CloudFormation !If (Fn::If) chooses by.
func cfnCondition(expr string) string {
	for _, prefix := range []string{"!If [", "Fn::If ["} {
		if rest, ok := strings.CutPrefix(expr, prefix); ok {
			name, _, _ := strings.Cut(rest, ",")
			return strings.TrimSpace(name)
		}
	}
	return ""
}

// isDataSource reports whether a Terraform address is a data source's,
// in a module or not (module.a.data.aws_iam_policy.p).
func isDataSource(id string) bool {
	steps := strings.Split(id, ".")
	for i, s := range steps {
		if s == "data" && (i == 0 || steps[i-1] != "module") {
			return true
		}
	}
	return false
}
