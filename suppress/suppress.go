package suppress

import (
	"fmt"
	"time"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// Apply marks the findings that an ignore directive covers and returns
// warnings about directives that do not take effect. Directives name rules
// by ID, name or alias; the finding must start inside the directive's scope.
// ran are the rules that ran: a directive for a rule that did not run is
// not judged (ran also holds the custom rules). today decides whether a directive's expiry date has passed.
func Apply(findings []*rules.Finding, ignores []model.Ignore, ran []*rules.Rule, today time.Time) []error {
	var warnings []error
	warn := func(ig model.Ignore, format string, args ...any) {
		warnings = append(warnings, &model.InputError{Loc: ig.Loc, Message: fmt.Sprintf(format, args...), Warning: true})
	}
	for _, ig := range ignores {
		if ig.Origin != "" {
			applyPeer(findings, ig, ran, today)
			continue
		}
		if len(ig.Rules) == 0 {
			warn(ig, "iacscan:ignore names no rule and is not applied (write: iacscan:ignore IAM201 -- why this is acceptable)")
			continue
		}
		if ig.Reason == "" {
			warn(ig, "iacscan:ignore without a reason is not applied (add: -- why this is acceptable)")
			continue
		}
		if ig.Expires != "" {
			until, err := time.Parse(time.DateOnly, ig.Expires)
			if err != nil {
				warn(ig, "iacscan:ignore has an expiry %q that is not a date (YYYY-MM-DD); not applied", ig.Expires)
				continue
			}
			if today.After(until.Add(24*time.Hour - time.Nanosecond)) {
				warn(ig, "iacscan:ignore of %v expired on %s; not applied", ig.Rules, ig.Expires)
				continue
			}
		}
		for _, id := range ig.Rules {
			switch {
			case rules.Lookup(rules.All, id) == nil && rules.Lookup(ran, id) == nil:
				warn(ig, "iacscan:ignore names %q, which is no rule", id)
			case rules.Lookup(ran, id) == nil:
				// Not selected for this scan: nothing to judge.
			case !applyOne(findings, ig, id):
				warn(ig, "iacscan:ignore %s matched no finding; remove it", id)
			}
		}
	}
	return warnings
}

// applyOne suppresses the findings that carry one rule (as lead or folded
// in by rules.Group) in the directive's scope and reports whether there
// were any.
func applyOne(findings []*rules.Finding, ig model.Ignore, id string) bool {
	matched := false
	for _, f := range findings {
		if rules.Lookup(f.Rules(), id) == nil || !ig.Scope.Contains(f.Loc) {
			continue
		}
		matched = true
		if f.Suppressed == nil {
			f.Suppressed = &rules.Suppression{Kind: "inline", Reason: ig.Reason, Loc: ig.Loc}
		}
	}
	return matched
}
