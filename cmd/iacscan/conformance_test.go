package main

import (
	"encoding/json"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/internal/conformance"
)

// TestCanConformance runs the engine's conformance suite through `can`, in
// each of its formats: the principal's own answer, the first one printed,
// or the answer of the role chain the case names, must carry the
// documented decision and step.
func TestCanConformance(t *testing.T) {
	cases, err := conformance.Load("../../access/testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	total, agree := 0, 0
	for _, c := range cases {
		for _, variant := range c.Variants() {
			t.Run(path.Join(c.Name, variant), func(t *testing.T) {
				dir := t.TempDir()
				if err := c.Extract(dir, variant); err != nil {
					t.Fatal(err)
				}
				for _, r := range c.Requests {
					if !r.In(variant) {
						continue
					}
					for _, format := range []string{"text", "json"} {
						total++
						args := []string{"can", r.Principal, r.Action, "-f", format}
						if c.Account != "" {
							args = append(args, "--account", c.Account)
						}
						args = append(args, r.ArgsIn(dir)...)
						stdout, stderr, code := runCLI(append(args, dir)...)
						if code != 0 {
							t.Errorf("requests:%d %s (%s): exit %d\n%s", r.Line, r, format, code, stderr)
							continue
						}
						got := decision(stdout, format, r.Chain)
						if want := r.Decision(); got != want {
							t.Errorf("requests:%d %s (%s):\n got %s\nwant %s\n%s", r.Line, r, format, got, want, stdout)
							continue
						}
						agree++
					}
				}
			})
		}
	}
	t.Logf("conformance through can: %d of %d answers in %d cases agree", agree, total, len(cases))
}

// textAnswer is the first line of a text answer: "KIND PRINCIPAL[
// (FILE:LINE)][ through CHAIN]: VERDICT ACTION on RESOURCE (decided by:
// STEP)".
var textAnswer = regexp.MustCompile(`(?m)^\S+ \S+(?: \(.*?:\d+\))?(?: through ([^:\n]+))?: (allowed|conditional|explicitly denied|implicitly denied|unknown) \S+ on \S+ \(decided by: ([a-z ]+)\)$`)

// decision is the decision of the answer through chain (none: the
// principal's own) in the words of a case's requests.
func decision(out, format string, chain []string) string {
	var answers []conformance.Request
	if format == "text" {
		for _, m := range textAnswer.FindAllStringSubmatch(out, -1) {
			a := conformance.Request{Verdict: m[2], Step: m[3]}
			if m[1] != "" {
				a.Chain = strings.Split(m[1], " -> ")
			}
			answers = append(answers, a)
		}
	} else {
		var printed []struct {
			Verdict, Step string
			Chain         []string
		}
		if err := json.Unmarshal([]byte(out), &printed); err != nil {
			return "unreadable json: " + out
		}
		for _, p := range printed {
			answers = append(answers, conformance.Request{Verdict: p.Verdict, Step: p.Step, Chain: p.Chain})
		}
	}
	for _, a := range answers {
		if slices.Equal(a.Chain, chain) {
			return a.Decision()
		}
	}
	return "no such answer in: " + out
}
