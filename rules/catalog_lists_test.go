package rules

import (
	"testing"

	"github.com/iacscan/iacscan/iam"
)

// TestCatalogLists checks that every action the rules name exists in the
// embedded catalog, so a data update that renames or retires one fails
// here rather than silently weakening a rule.
func TestCatalogLists(t *testing.T) {
	t.Parallel()
	c := iam.Default()
	var names []string
	for name := range credentialActions {
		names = append(names, name)
	}
	for name := range dataReadingActions {
		names = append(names, name)
	}
	for _, m := range escalations {
		names = append(names, m.actions...)
	}
	for _, name := range names {
		if c.Action(name) == nil {
			t.Errorf("%s is not in the catalog (IAM data %s)", name, iam.DataProvenance().Version)
		}
	}
	for name := range narrowPermissionActions {
		if a := c.Action(name); a == nil || a.Level != iam.PermissionsManagement {
			t.Errorf("%s is not a permissions-management action of the catalog", name)
		}
	}
	if len(escalations) < 20 {
		t.Errorf("%d escalation methods, want at least the 20 classic ones", len(escalations))
	}
}
