package rules

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// What a wide grant risks sets the severity of the rules about wide grants:
// the impact class of its actions (iam.Action.Impact), and whether its
// conditions pin it to an AWS service's own use.

// impactSeverity is the severity of a write or read grant on every resource
// by what its actions risk: high when one of them destroys data or moves it
// out, low when all of them only carry the workload's own telemetry or are
// of minor impact (lambda:PublishVersion), medium otherwise.
func impactSeverity(actions []*iam.Action) Severity {
	low := true
	for _, a := range actions {
		switch a.Impact() {
		case iam.ImpactDestructive, iam.ImpactDataMoving:
			return High
		case iam.ImpactTelemetry, iam.ImpactMinor:
		default:
			low = false
		}
	}
	if low && len(actions) > 0 {
		return Low
	}
	return Medium
}

// byImpact orders actions most impactful first (destructive, data-moving,
// by access level, telemetry), keeping their order within a class, so a
// message's short list shows what matters.
func byImpact(actions []*iam.Action) []*iam.Action {
	out := slices.Clone(actions)
	slices.SortStableFunc(out, func(a, b *iam.Action) int { return cmp.Compare(b.Impact(), a.Impact()) })
	return out
}

// impactNote counts the actions that set a high impact severity, for the
// message: listed first (byImpact), the reader sees at once which they are.
func impactNote(actions []*iam.Action) string {
	n := 0
	for _, a := range actions {
		if i := a.Impact(); i == iam.ImpactDestructive || i == iam.ImpactDataMoving {
			n++
		}
	}
	switch {
	case n == 0:
		return ""
	case n == len(actions) && n == 1:
		return " (it deletes or moves data)"
	case n == len(actions):
		return " (they delete or move data)"
	}
	return fmt.Sprintf(" (%d of them delete or move data)", n)
}

// servicePinned reports whether a condition binds the statement to an AWS
// service acting for the holder, so that the holder cannot use the grant
// directly: `aws:ViaAWSService` true, `aws:CalledVia` (First, Last) naming
// services, or `kms:ViaService` naming services. Such a grant is still one
// a service can exercise for whoever asks it, so it narrows the grant
// (lower severity) rather than removing it. `iam:AWSServiceName`, which
// limits service-linked-role actions to one service's role, removes the
// grant instead (see serviceLinkedKey). Conditions not known before deploy
// narrow nothing here: wideGrants already drops a grant they could narrow.
func servicePinned(st *model.Statement) (key string, pinned bool) {
	for _, c := range st.Condition.Items {
		if !c.Key.IsKnown() || !c.Operator.IsKnown() || !c.Values.AllKnown() || len(c.Values.Items) == 0 {
			continue
		}
		op := model.ParseOperator(c.Operator.Text)
		if op.IfExists || strings.Contains(op.Name, "Not") || op.Name == "Null" {
			continue
		}
		switch k := strings.ToLower(c.Key.Text); k {
		case "aws:viaawsservice":
			if op.Name == "Bool" && allValues(c.Values, "true") {
				return c.Key.Text, true
			}
		case "aws:calledvia", "aws:calledviafirst", "aws:calledvialast", "kms:viaservice":
			if strings.HasPrefix(op.Name, "String") && !allWildcards(c.Values) {
				return c.Key.Text, true
			}
		}
	}
	return "", false
}

// serviceLinkedKey is `iam:AWSServiceName`: a positive condition on it
// limits `iam:CreateServiceLinkedRole` (and the other actions that carry
// it) to the named services' own roles, and denies every action without
// the key, so a grant narrowed by it is no wide grant.
func serviceLinkedKey(key string) bool { return strings.EqualFold(key, "iam:AWSServiceName") }

func allValues(vs model.Values, want string) bool {
	for _, v := range vs.Items {
		if !strings.EqualFold(v.Text, want) {
			return false
		}
	}
	return true
}

// pinNote is the message's word on a service pin.
func pinNote(key string) string {
	return "; only through an AWS service acting for the holder (`" + key + "`)"
}
