package rules

import (
	"strings"

	"github.com/iacscan/iacscan/iam"
)

// defenceActions turn off the account's record and detection. With the
// permissions-management actions of the catalog they are what IAM106 calls
// privileged.
var defenceActions = []string{
	"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
	"guardduty:DeleteDetector", "guardduty:UpdateDetector", "config:StopConfigurationRecorder",
	"config:DeleteConfigurationRecorder", "securityhub:DisableSecurityHub", "access-analyzer:DeleteAnalyzer",
	"kms:ScheduleKeyDeletion", "kms:DisableKey",
}

// privileged reports whether an action manages permissions (the catalog's
// access level) or turns off a defence.
func privileged(a *iam.Action) bool {
	if a.Level == iam.PermissionsManagement {
		return true
	}
	name := a.String()
	for _, d := range defenceActions {
		if strings.EqualFold(d, name) {
			return true
		}
	}
	return false
}

// privilegedActions returns the privileged actions a statement allows, by
// the catalog.
func privilegedActions(an *iam.Analysis, st *iam.Stmt) []*iam.Action {
	if st == nil {
		return nil
	}
	var out []*iam.Action
	for a := range an.Catalog.Actions(an.Actions(st)) {
		if privileged(a) {
			out = append(out, a)
		}
	}
	return out
}
