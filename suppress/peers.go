package suppress

import (
	"fmt"
	"time"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/syntax"
)

// peerCheck is a check of another scanner that means what iacscan rules
// check, so that a reviewed exception written for it holds here too.
// docs/migrating.md lists the same table with the reasons (a test keeps
// them equal).
type peerCheck struct {
	origin, check string
	rules         []string
}

// peerChecks is the mapping, by scanner and check ID (upper case for
// checkov, lower for the others, as each writes them).
var peerChecks = []peerCheck{
	{"checkov", "CKV_AWS_1", []string{"IAM201"}},
	{"checkov", "CKV_AWS_62", []string{"IAM201"}},
	{"checkov", "CKV_AWS_49", []string{"IAM203"}},
	{"checkov", "CKV_AWS_63", []string{"IAM203"}},
	{"checkov", "CKV_AWS_40", []string{"IAM402"}},
	{"checkov", "CKV_AWS_60", []string{"IAM301"}},
	{"checkov", "CKV_AWS_41", []string{"IAM103"}},
	{"checkov", "CKV_AWS_107", []string{"IAM211"}},
	{"checkov", "CKV_AWS_108", []string{"IAM210"}},
	{"checkov", "CKV_AWS_109", []string{"IAM209"}},
	{"checkov", "CKV_AWS_110", []string{"IAM207"}},
	{"checkov", "CKV_AWS_111", []string{"IAM204"}},
	{"checkov", "CKV_AWS_286", []string{"IAM207"}},
	{"checkov", "CKV_AWS_287", []string{"IAM211"}},
	{"checkov", "CKV_AWS_288", []string{"IAM210"}},
	{"checkov", "CKV_AWS_289", []string{"IAM209"}},
	{"checkov", "CKV_AWS_290", []string{"IAM204"}},
	{"checkov", "CKV_AWS_283", []string{"IAM304"}},
	{"checkov", "CKV_AWS_70", []string{"IAM304"}},
	{"checkov", "CKV_AWS_274", []string{"IAM202"}},
	{"checkov", "CKV_AWS_358", []string{"IAM303"}},
	{"tfsec", "aws-iam-no-policy-wildcards", []string{"IAM201", "IAM203", "IAM204"}},
	{"tfsec", "aws-iam-no-user-attached-policies", []string{"IAM402"}},
	// trivy honours tfsec's comments, and its own with either name.
	{"trivy", "aws-iam-no-policy-wildcards", []string{"IAM201", "IAM203", "IAM204"}},
	{"trivy", "avd-aws-0057", []string{"IAM201", "IAM203", "IAM204"}},
	{"trivy", "aws-iam-no-user-attached-policies", []string{"IAM402"}},
	{"trivy", "avd-aws-0143", []string{"IAM402"}},
	{"kics", "2f37c4a3-58b9-4afe-8a87-d7f1d2286f84", []string{"IAM201"}},
	// A KICS line or block comment names no query: it covers them all.
	{"kics", syntax.PeerCheckAll, []string{"*"}},
}

// peerRules are the iacscan rules a peer's check means; nil for a check no
// rule means.
func peerRules(origin, check string) []string {
	for _, p := range peerChecks {
		if p.origin == origin && p.check == check {
			return p.rules
		}
	}
	return nil
}

// applyPeer suppresses what a peer's directive covers. A directive for a
// check iacscan has no rule for, or that matches nothing, is the peer's
// business: it is not reported.
func applyPeer(findings []*rules.Finding, ig model.Ignore, ran []*rules.Rule, today time.Time) {
	if until, err := time.Parse(time.DateOnly, ig.Expires); err == nil && today.After(until.Add(24*time.Hour-time.Nanosecond)) {
		return // tfsec's :exp: passed; the exception no longer holds
	}
	for _, check := range ig.Rules {
		for _, id := range peerRules(ig.Origin, check) {
			for _, f := range findings {
				if f.Suppressed != nil || !peerCovers(ig, f.Loc) || (id != "*" && rules.Lookup(f.Rules(), id) == nil) {
					continue
				}
				if id != "*" && rules.Lookup(ran, id) == nil {
					continue
				}
				f.Suppressed = &rules.Suppression{Kind: "inline", Reason: peerReason(ig, check), Loc: ig.Loc}
			}
		}
	}
}

func peerCovers(ig model.Ignore, loc model.Location) bool {
	if ig.Line {
		return loc.File == ig.Scope.File && loc.StartLine == ig.Scope.StartLine
	}
	return ig.Scope.Contains(loc)
}

// peerReason says whose comment suppressed the finding, and why.
func peerReason(ig model.Ignore, check string) string {
	if ig.Origin != "checkov" {
		return ig.Reason
	}
	if ig.Reason == "" {
		return "checkov:skip=" + check
	}
	return fmt.Sprintf("checkov:skip=%s: %s", check, ig.Reason)
}
