package suppress

import (
	"strings"
	"testing"
	"time"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

func TestApply(t *testing.T) {
	t.Parallel()
	at := func(line int) model.Location {
		return model.Location{File: "main.tf", StartLine: line, StartColumn: 3, EndLine: line, EndColumn: 20}
	}
	block := model.Location{File: "main.tf", StartLine: 10, StartColumn: 1, EndLine: 20, EndColumn: 2}
	findings := []*rules.Finding{
		{Rule: rules.FullAdmin, Loc: at(12)},
		{Rule: rules.WildcardAction, Loc: at(13)},
		{Rule: rules.FullAdmin, Loc: at(30)},
	}
	today := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	ignores := []model.Ignore{
		{Loc: at(9), Rules: []string{"full-admin"}, Reason: "break-glass role", Scope: block},
		{Loc: at(9), Rules: []string{"IAM203"}, Reason: "temporary", Expires: "2026-11-23", Scope: block},
		{Loc: at(9), Rules: []string{"IAM205"}, Reason: "stale", Scope: block},
		{Loc: at(29), Rules: []string{"IAM201"}, Scope: at(30)},
		{Loc: at(40), Rules: []string{"IAM201"}, Reason: "x", Expires: "soon", Scope: at(41)},
		{Loc: at(50), Rules: []string{"IAM201"}, Reason: "until today", Expires: "2026-11-24", Scope: at(30)},
		{Loc: at(60), Rules: []string{"IAM999", "IAM412"}, Reason: "typo; IAM412 did not run", Scope: at(61)},
		{Loc: at(70), Reason: "names no rule", Scope: at(30)},
	}
	ran := []*rules.Rule{rules.FullAdmin, rules.WildcardAction, rules.AllowNotAction}
	warnings := Apply(findings, ignores, ran, today)
	if s := findings[0].Suppressed; s == nil || s.Reason != "break-glass role" || s.Kind != "inline" {
		t.Errorf("finding in scope not suppressed: %+v", s)
	}
	if findings[1].Suppressed != nil {
		t.Error("an expired ignore must not suppress")
	}
	if s := findings[2].Suppressed; s == nil || s.Reason != "until today" {
		t.Errorf("an ignore expiring today still applies: %+v", s)
	}
	var got []string
	for _, w := range warnings {
		got = append(got, w.Error())
	}
	want := []string{
		"main.tf:9:3: iacscan:ignore of [IAM203] expired on 2026-11-23; not applied",
		"main.tf:9:3: iacscan:ignore IAM205 matched no finding; remove it",
		"main.tf:29:3: iacscan:ignore without a reason is not applied (add: -- why this is acceptable)",
		`main.tf:40:3: iacscan:ignore has an expiry "soon" that is not a date (YYYY-MM-DD); not applied`,
		`main.tf:60:3: iacscan:ignore names "IAM999", which is no rule`,
		"main.tf:70:3: iacscan:ignore names no rule and is not applied (write: iacscan:ignore IAM201 -- why this is acceptable)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestApplyGrouped: an alert rules.Group made of several rules' findings is
// suppressed by an ignore that names any of them, and that ignore counts as
// used.
func TestApplyGrouped(t *testing.T) {
	at := model.Location{File: "main.tf", StartLine: 12, StartColumn: 3, EndLine: 12, EndColumn: 20}
	scope := model.Location{File: "main.tf", StartLine: 10, StartColumn: 1, EndLine: 20, EndColumn: 2}
	ran := []*rules.Rule{rules.FullAdmin, rules.WildcardAction, rules.WildcardResource}
	for _, name := range []string{"IAM201", "wildcard-action", "IAM204"} {
		f := &rules.Finding{Rule: rules.FullAdmin, Also: []*rules.Rule{rules.WildcardAction, rules.WildcardResource}, Loc: at}
		ig := model.Ignore{Loc: scope, Rules: []string{name}, Reason: "sandbox account", Scope: scope}
		if warnings := Apply([]*rules.Finding{f}, []model.Ignore{ig}, ran, time.Now()); len(warnings) > 0 {
			t.Errorf("%s: %v", name, warnings)
		}
		if f.Suppressed == nil {
			t.Errorf("ignoring %s does not suppress the alert it is folded into", name)
		}
	}
}
