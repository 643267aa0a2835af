package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// A report too long for a GitHub comment keeps the summary, shows the most
// severe findings first, and says exactly how many it left out.
func TestMarkdownCommentLimit(t *testing.T) {
	t.Parallel()
	var findings []*rules.Finding
	for i := range 1500 {
		sev := ruleWildcard
		if i < 10 {
			sev = ruleAdmin
		}
		findings = append(findings, &rules.Finding{
			Rule: sev, Resource: fmt.Sprintf("aws_iam_policy.p%d", i),
			Loc:     loc("infra/iam.tf", i+1, 3, i+1, 40),
			Message: fmt.Sprintf("policy `aws_iam_policy.p%d` allows `s3:*` in statement 1 %s", i, strings.Repeat("x", 40)),
		})
	}
	for i := range 300 {
		findings = append(findings, &rules.Finding{
			Rule: ruleSid, Resource: "r", Loc: loc("a.tf", i+1, 1, i+1, 2), Message: "suppressed",
			Suppressed: &rules.Suppression{Kind: "baseline", Reason: "in the baseline"},
		})
	}
	errs := []error{&model.InputError{Loc: loc("b.json", 1, 1, 1, 1), Message: "invalid JSON"}}
	r := &Result{Findings: findings, Errors: errs}

	out := string(render(t, "markdown", Options{}, r))
	if len(out) > commentLimit {
		t.Fatalf("markdown is %d bytes, over GitHub's %d", len(out), commentLimit)
	}
	if !strings.HasPrefix(out, "## iacscan\n\n1500 findings (10 critical, 1490 high) in 1 file; 300 suppressed; 1 error\n") {
		t.Errorf("the summary does not come first:\n%.300s", out)
	}
	shown := strings.Count(out, "\n| `infra/iam.tf:")
	if !strings.Contains(out, "### Critical") || strings.Index(out, "### Critical") > strings.Index(out, "### High") {
		t.Error("critical findings must come first")
	}
	want := fmt.Sprintf("**Truncated:** %d active findings, 300 suppressed findings, 1 input error or warning not shown", 1500-shown)
	if !strings.Contains(out, want) {
		t.Errorf("truncation note: want %q in\n%s", want, out[len(out)-600:])
	}
	if shown < 100 || len(out) < commentLimit-2*truncationReserve-1000 {
		t.Errorf("only %d findings in %d bytes: the budget is wasted", shown, len(out))
	}

	// A small report is not truncated.
	small := string(render(t, "markdown", Options{}, fixtureResult()))
	if strings.Contains(small, "Truncated") {
		t.Error("a short report says it was truncated")
	}
}

// The limit holds whatever the sizes: tables close, and the note counts
// every finding left out.
func TestMarkdownLimitAccounting(t *testing.T) {
	t.Parallel()
	r := fixtureResult()
	active := len(activeFindings(r.Findings))
	for _, limit := range []int{500, 1200, 2000, 3000, 4000} {
		var b strings.Builder
		w := &markdownWriter{limit: limit}
		if err := w.Write(&b, r); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if len(out) > limit {
			t.Errorf("limit %d: %d bytes", limit, len(out))
		}
		shown := strings.Count(out, "\n| `") + strings.Count(out, "\n| - |")
		if !strings.Contains(out, "Truncated") {
			if shown != active {
				t.Errorf("limit %d: %d of %d findings shown and no truncation note", limit, shown, active)
			}
			continue
		}
		if left := active - shown; left > 0 && !strings.Contains(out, plural(left, "active finding")+" ") &&
			!strings.Contains(out, plural(left, "active finding")+",") {
			t.Errorf("limit %d: %d shown, note does not say %d left out:\n%s", limit, shown, left, out)
		}
		if strings.Contains(out, "<details>") && !strings.Contains(out, "</details>") {
			t.Errorf("limit %d: details left open", limit)
		}
	}
}
