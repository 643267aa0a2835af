package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// scanFile writes content to a file named name in dir, scans
// it with the given rules and returns the findings, with paths relative to
// that directory as reports give them.
func scanFile(t *testing.T, dir, name, content string, rs ...*rules.Rule) []*rules.Finding {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, errs := parsers.Load([]string{path}, parsers.Options{})
	if len(errs) > 0 {
		t.Fatalf("load: %v", errs)
	}
	fs := rules.Run(inv, rs, nil)
	for _, f := range fs {
		rel, err := filepath.Rel(dir, f.Loc.File)
		if err != nil {
			t.Fatal(err)
		}
		f.Loc.File = filepath.ToSlash(rel)
	}
	return fs
}

const twoStatements = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Logs", "Effect": "Allow", "Action": "logs:*", "Resource": "*"},
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
  ]
}
`

// TestFingerprint: a finding keeps its fingerprint when lines move above
// it; statements of one policy get different ones, named by Sid or position.
func TestFingerprint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	before := scanFile(t, dir, "policy.json", twoStatements, rules.WildcardAction)
	moved := scanFile(t, dir, "policy.json", "\n\n\n"+strings.Replace(twoStatements, `"Effect": "Allow", "Action": "logs:*"`, "\n\"Effect\": \"Allow\",\n \"Action\": \"logs:*\"", 1), rules.WildcardAction)
	if len(before) != 2 || len(moved) != 2 {
		t.Fatalf("want 2 findings each, got %d and %d", len(before), len(moved))
	}
	wantElements := []string{"/statement/sid:Logs", "/statement/#1"}
	for i := range before {
		if before[i].Element != wantElements[i] || moved[i].Element != wantElements[i] {
			t.Errorf("finding %d: Element %q and %q, want %q", i, before[i].Element, moved[i].Element, wantElements[i])
		}
		if before[i].Loc.StartLine == moved[i].Loc.StartLine {
			t.Fatalf("finding %d did not move", i)
		}
		if a, b := rules.Fingerprint(before[i]), rules.Fingerprint(moved[i]); a != b {
			t.Errorf("finding %d: fingerprint changed when it moved: %s → %s", i, a, b)
		}
	}
	if rules.Fingerprint(before[0]) == rules.Fingerprint(before[1]) {
		t.Error("two statements share a fingerprint")
	}
	renamed := scanFile(t, dir, "other.json", twoStatements, rules.WildcardAction)
	if rules.Fingerprint(before[0]) == rules.Fingerprint(renamed[0]) {
		t.Error("the fingerprint ignores the file")
	}
	occ := rules.Occurrences{}
	first, second := occ.Next(before[0]), occ.Next(before[0])
	if fp := rules.Fingerprint(before[0]); first != fp+":1" || second != fp+":2" {
		t.Errorf("Occurrences gave %s, %s for %s", first, second, fp)
	}
}
