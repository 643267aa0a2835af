package main

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/iacscan/iacscan/internal/conformance"
)

// TestCanConformance runs the engine's conformance suite through `can`, in
// each of its formats: the principal's own answer, the first one printed,
// must carry the documented decision and step.
func TestCanConformance(t *testing.T) {
	cases, err := conformance.Load("../../access/testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	total, agree := 0, 0
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			if err := c.Extract(dir); err != nil {
				t.Fatal(err)
			}
			for _, r := range c.Requests {
				for _, format := range []string{"text", "json"} {
					total++
					args := append([]string{"can", r.Principal, r.Action, "-f", format, "--account", c.Account}, r.Args...)
					stdout, stderr, code := runCLI(append(args, dir)...)
					if code != 0 {
						t.Errorf("requests:%d %s (%s): exit %d\n%s", r.Line, r, format, code, stderr)
						continue
					}
					got := firstDecision(t, stdout, format)
					if want := r.Verdict + " / " + r.Step; got != want {
						t.Errorf("requests:%d %s (%s):\n got %s\nwant %s\n%s", r.Line, r, format, got, want, stdout)
						continue
					}
					agree++
				}
			}
		})
	}
	t.Logf("conformance through can: %d of %d answers agree", agree, total)
}

// textDecision is the first line of a text answer: "…: VERDICT ACTION on
// RESOURCE (decided by: STEP)".
var textDecision = regexp.MustCompile(`^[^\n]*?: (allowed|conditional|explicitly denied|implicitly denied|unknown) \S+ on \S+ \(decided by: ([a-z ]+)\)\n`)

func firstDecision(t *testing.T, out, format string) string {
	t.Helper()
	if format == "text" {
		m := textDecision.FindStringSubmatch(out)
		if m == nil {
			return "unreadable text: " + out
		}
		return m[1] + " / " + m[2]
	}
	var answers []struct{ Verdict, Step string }
	if err := json.Unmarshal([]byte(out), &answers); err != nil || len(answers) == 0 {
		return "unreadable json: " + out
	}
	return answers[0].Verdict + " / " + answers[0].Step
}
