package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestGuardrailConformance holds `iacscan can` to the decisions AWS
// documents for organizations, cross-account requests, VPC endpoints,
// session policies and anonymous requests (access/testdata/guardrails).
// Each case is a txtar archive: its comment names the AWS documentation
// it rests on ("doc: URL"), its "requests" file one request a line in the
// words of `iacscan can`, then "=> VERDICT / STEP"; the other files are
// the inputs, written to a directory that is scanned whole (a
// .iacscan.yml among them is its configuration).
func TestGuardrailConformance(t *testing.T) {
	paths, _ := filepath.Glob("../../access/testdata/guardrails/*.txtar")
	if len(paths) == 0 {
		t.Fatal("no cases")
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(ar.Comment), "doc: https://docs.aws.amazon.com/") {
				t.Fatalf("%s: no doc: line naming the AWS documentation", path)
			}
			dir := t.TempDir()
			var requests string
			for _, f := range ar.Files {
				if f.Name == "requests" {
					requests = string(f.Data)
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			n := 0
			for i, line := range strings.Split(requests, "\n") {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				n++
				ask, want, ok := strings.Cut(line, "=>")
				if !ok {
					t.Fatalf("requests:%d: want REQUEST => VERDICT / STEP", i+1)
				}
				args := strings.Fields(ask)
				for j, a := range args {
					if strings.HasPrefix(a, "@") { // a file of the archive
						args[j] = filepath.Join(dir, a[1:])
					}
				}
				cmd := append([]string{"can", "--format", "json"}, args...)
				stdout, stderr, code := runCLI(append(cmd, dir)...)
				if code != 0 {
					t.Errorf("requests:%d: %s: exit %d: %s", i+1, ask, code, stderr)
					continue
				}
				var answers []struct {
					Verdict string   `json:"verdict"`
					Step    string   `json:"step"`
					Chain   []string `json:"chain"`
					Notes   []string `json:"notes"`
				}
				if err := json.Unmarshal([]byte(stdout), &answers); err != nil || len(answers) == 0 {
					t.Fatalf("requests:%d: %v: %s", i+1, err, stdout)
				}
				// The principal's best answer: its own, or a role chain's.
				best := answers[len(answers)-1]
				got := best.Verdict + " / " + best.Step
				if len(best.Chain) > 0 {
					got += " through " + strings.Join(best.Chain, " -> ")
				}
				if got != strings.TrimSpace(want) {
					t.Errorf("requests:%d: %s\n got  %s\n want %s\n notes %q", i+1, strings.TrimSpace(ask), got, strings.TrimSpace(want), best.Notes)
				}
			}
			if n == 0 {
				t.Fatal("no requests")
			}
		})
	}
}
