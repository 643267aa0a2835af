package report

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// limitsLog is the part of a SARIF file the limit tests read.
type limitsLog struct {
	Runs []struct {
		Invocations []struct {
			ToolExecutionNotifications []struct {
				Level   string
				Message struct{ Text string }
			} `json:"toolExecutionNotifications"`
		}
		Results []struct {
			RuleID              string `json:"ruleId"`
			Message             struct{ Text string }
			RelatedLocations    []json.RawMessage `json:"relatedLocations"`
			PartialFingerprints map[string]string
		}
	}
}

// severityResult has n findings; severity(i) is the rule of the i-th.
func severityResult(n int, rule func(i int) *rules.Rule, message func(i int) string) *Result {
	r := &Result{Version: "1.2.3", Rules: fixtureRules}
	for i := range n {
		r.Findings = append(r.Findings, &rules.Finding{
			Rule:     rule(i),
			Resource: fmt.Sprintf("aws_iam_policy.p%d", i),
			Source:   model.SourceTerraform,
			Loc:      loc(fmt.Sprintf("infra/m%d/iam.tf", i/100), i%100+1, 3, i%100+1, 9),
			Message:  message(i),
		})
	}
	return r
}

func writeLimited(t *testing.T, r *Result) ([]byte, string, limitsLog) {
	t.Helper()
	var out, notes bytes.Buffer
	w, err := New("sarif", Options{Notes: &notes})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&out, r); err != nil {
		t.Fatal(err)
	}
	var log limitsLog
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), notes.String(), log
}

// 30,000 findings: GitHub rejects a run of more than 25,000 results, so the
// 25,000 most severe are written, in finding order, and the 5,000 left out
// are counted in a notification and on Notes.
func TestSARIFResultLimit(t *testing.T) {
	t.Parallel()
	// Every third finding is critical, every third high, the rest low: 10,000
	// each; 5,000 low findings cannot be kept. One critical is suppressed,
	// which puts it behind every active finding.
	r := severityResult(30000, func(i int) *rules.Rule {
		return []*rules.Rule{ruleAdmin, ruleWildcard, ruleLegacy}[i%3]
	}, func(i int) string { return fmt.Sprintf("finding %d", i) })
	r.Findings[0].Suppressed = &rules.Suppression{Kind: "baseline", Reason: "accepted"}
	out, notes, log := writeLimited(t, r)
	checkGitHubSubset(t, out)

	run := log.Runs[0]
	if len(run.Results) != 25000 {
		t.Fatalf("%d results, want 25000", len(run.Results))
	}
	count := map[string]int{}
	last := -1
	for _, res := range run.Results {
		count[res.RuleID]++
		var i int
		if _, err := fmt.Sscanf(res.Message.Text, "finding %d.", &i); err != nil || i <= last {
			t.Fatalf("result %q after finding %d: not in finding order", res.Message.Text, last)
		}
		last = i
	}
	if count["IAM201"] != 9999 || count["IAM203"] != 10000 || count["IAM412"] != 5001 {
		t.Errorf("kept %v, want 9999 IAM201 (one suppressed), 10000 IAM203, 5001 IAM412", count)
	}
	// The suppressed critical is behind every active finding: left out.
	if run.Results[0].Message.Text == "finding 0." {
		t.Error("the suppressed finding 0 was kept before active findings")
	}
	// Fingerprints are those of the whole report, not renumbered.
	all := Fingerprints(r.Findings, "")
	if got := run.Results[0].PartialFingerprints["primaryLocationLineHash"]; got != all[1] {
		t.Errorf("first result's fingerprint %q, want finding 1's %q", got, all[1])
	}

	const note = "5000 of 30000 results left out of the SARIF report (GitHub rejects a run of more than 25000): " +
		"1 critical, 4999 low; the most severe were kept, and the JSON report lists every finding"
	if notes != "iacscan: warning: "+note+"\n" {
		t.Errorf("notes:\n%q\nwant\n%q", notes, "iacscan: warning: "+note+"\n")
	}
	ns := run.Invocations[0].ToolExecutionNotifications
	if len(ns) != 1 || ns[0].Level != "warning" || ns[0].Message.Text != note+"." {
		t.Errorf("notifications %+v, want one warning %q", ns, note+".")
	}
}

// Under the limits nothing is left out and nothing is said.
func TestSARIFUnderLimits(t *testing.T) {
	t.Parallel()
	r := severityResult(25000, func(int) *rules.Rule { return ruleLegacy }, func(i int) string { return fmt.Sprintf("finding %d", i) })
	_, notes, log := writeLimited(t, r)
	if len(log.Runs[0].Results) != 25000 || notes != "" || len(log.Runs[0].Invocations[0].ToolExecutionNotifications) != 0 {
		t.Errorf("%d results, notes %q, notifications %v; want 25000 and none", len(log.Runs[0].Results), notes,
			log.Runs[0].Invocations[0].ToolExecutionNotifications)
	}
}

// Messages that do not compress: the file would be over 10 MB gzipped, so
// the least severe results are left out until it fits.
func TestSARIFUploadSize(t *testing.T) {
	t.Parallel()
	noise := func(i int) string { // 9 KB of base64 that gzip cannot shrink much
		var b []byte
		sum := sha256.Sum256([]byte(fmt.Sprint(i)))
		for len(b) < 9<<10 {
			b = base64.StdEncoding.AppendEncode(b, sum[:])
			sum = sha256.Sum256(sum[:])
		}
		return string(b)
	}
	r := severityResult(1600, func(i int) *rules.Rule {
		if i%6 == 0 {
			return ruleAdmin
		}
		return ruleNotAct
	}, noise)
	out, notes, log := writeLimited(t, r)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(out)
	zw.Close()
	if zipped.Len() > maxSARIFUpload || len(out) < maxSARIFUpload {
		t.Errorf("%d bytes, %d compressed; want over 10 MB, under 10 MB compressed", len(out), zipped.Len())
	}
	kept := map[string]int{}
	for _, res := range log.Runs[0].Results {
		kept[res.RuleID]++
	}
	left := 1600 - len(log.Runs[0].Results)
	if kept["IAM201"] != 267 || left == 0 {
		t.Fatalf("kept %v (%d left out); want all 267 IAM201 and some IAM205 left out", kept, left)
	}
	want := fmt.Sprintf("iacscan: warning: %d of 1600 results left out of the SARIF report (GitHub rejects an upload over 10 MB compressed): "+
		"%d medium; the most severe were kept, and the JSON report lists every finding\n", left, left)
	if notes != want {
		t.Errorf("notes:\n%q\nwant\n%q", notes, want)
	}
}

// A result lists at most 1,000 locations: the first 999 related ones are
// kept, and a note says so.
func TestSARIFRelatedLocationLimit(t *testing.T) {
	t.Parallel()
	r := severityResult(1, func(int) *rules.Rule { return ruleAdmin }, func(int) string { return "wide" })
	for i := range 1500 {
		r.Findings[0].Related = append(r.Findings[0].Related, rules.Related{Loc: loc("infra/a.tf", i+1, 1, i+1, 2), Message: "here"})
	}
	out, _, log := writeLimited(t, r)
	checkGitHubSubset(t, out)
	if n := len(log.Runs[0].Results[0].RelatedLocations); n != 999 {
		t.Errorf("%d related locations, want 999", n)
	}
	ns := log.Runs[0].Invocations[0].ToolExecutionNotifications
	const want = "1 result lists only its first 999 related locations (GitHub rejects a result with more than 1000 locations); the JSON report lists them all."
	if len(ns) != 1 || ns[0].Message.Text != want {
		t.Errorf("notifications %+v, want %q", ns, want)
	}
}
