package custom_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/custom"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

func load(t *testing.T, dir string) *custom.Set {
	t.Helper()
	set, err := custom.Load([]string{dir}, rules.All, custom.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestRules(t *testing.T) {
	t.Parallel()
	set := load(t, "testdata/rules")
	var got []string
	for _, r := range set.Rules() {
		got = append(got, fmt.Sprintf("%s %s %s %s %s", r.ID, r.Name, r.Severity, r.Title, r.Origin))
	}
	want := []string{
		"TST001 statement-sid low Statement without a Sid testdata/rules/sid.rego",
		"TST002 user-pass-role high User allowed to pass roles testdata/rules/passrole.rego",
		"TST003 public critical Public resource policy testdata/rules/public.rego",
		"TST004 fails info A rule that fails testdata/rules/fails.rego",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	sid := rules.Lookup(set.Rules(), "TST001")
	if len(sid.Links) != 1 || !strings.Contains(sid.Markdown(), "## How to fix\n\nAdd a Sid") {
		t.Errorf("TST001 docs:\n%s", sid.Markdown())
	}
}

// TestFindings runs the rules over a Terraform input: exact findings, and
// the rule that fails at evaluation is reported while the others run.
func TestFindings(t *testing.T) {
	t.Parallel()
	set := load(t, "testdata/rules")
	inv, errs := parsers.Load([]string{"testdata/input"}, parsers.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	findings := rules.Run(inv, set.Rules(), nil)
	var got []string
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%s %s:%d %s: %s", f.Rule.ID, filepath.Base(f.Loc.File), f.Loc.StartLine, f.Resource, f.Message))
	}
	want := []string{
		"TST002 main.tf:1 aws_iam_user.deployer: user aws_iam_user.deployer may pass roles (iam:PassRole, Write)",
		"TST001 main.tf:16 aws_iam_user_policy.deployer: statement 1 of aws_iam_user_policy.deployer has no Sid",
		"TST003 main.tf:38 aws_s3_bucket_policy.reports: aws_s3_bucket_policy.reports is public",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	var msgs []string
	for _, err := range set.Errors() {
		msgs = append(msgs, err.Error())
	}
	wantErrs := []string{`testdata/rules/fails.rego:10:1: custom rule TST004 failed; its findings are missing: testdata/rules/fails.rego:10: ` +
		`eval_builtin_error: to_number: strconv.ParseFloat: parsing "not a number": invalid syntax`}
	if diff := cmp.Diff(wantErrs, msgs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestLoadErrors: every problem names the file and line.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	const meta = "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: ORG001\n#   severity: high\n#   remediation: R\n"
	tests := []struct {
		name, src, want string
	}{
		{"syntax", "package p\n\ndeny contains x if {\n  x :=\n}\n", "p.rego:5:1: rego_parse_error: unexpected } token"},
		{"type", meta + "package p\n\ndeny contains x if {\n  x := count(1)\n}\n", "p.rego:11:8: rego_type_error: count: invalid argument(s)"},
		{"http.send", meta + "package p\n\ndeny contains x if {\n  x := http.send({\"method\": \"get\", \"url\": \"https://example.com\"})\n}\n",
			"p.rego:11:8: rego_type_error: undefined function http.send"},
		{"opa.runtime", meta + "package p\n\ndeny contains x if {\n  x := opa.runtime().env\n}\n",
			"p.rego:11:8: rego_type_error: undefined function opa.runtime"},
		{"net", meta + "package p\n\ndeny contains x if {\n  x := net.lookup_ip_addr(\"example.com\")\n}\n",
			"p.rego:11:8: rego_type_error: undefined function net.lookup_ip_addr"},
		{"time.now_ns", meta + "package p\n\ndeny contains x if {\n  x := time.now_ns()\n}\n",
			"p.rego:11:8: rego_type_error: undefined function time.now_ns"},
		{"rand.intn", meta + "package p\n\ndeny contains x if {\n  x := rand.intn(\"k\", 10)\n}\n",
			"p.rego:11:8: rego_type_error: undefined function rand.intn"},
		{"uuid.rfc4122", meta + "package p\n\ndeny contains x if {\n  x := uuid.rfc4122(\"k\")\n}\n",
			"p.rego:11:8: rego_type_error: undefined function uuid.rfc4122"},
		{"x509 verify", meta + "package p\n\ndeny contains x if {\n  x := crypto.x509.parse_and_verify_certificates(\"\")\n}\n",
			"p.rego:11:8: rego_type_error: undefined function crypto.x509.parse_and_verify_certificates"},
		{"jwt verify", meta + "package p\n\ndeny contains x if {\n  x := io.jwt.decode_verify(\"\", {})\n}\n",
			"p.rego:11:8: rego_type_error: undefined function io.jwt.decode_verify"},
		{"no metadata", "package p\n\ndeny contains \"x\" if true\n", "p.rego:3: data.p defines deny but has no METADATA annotation with custom.id"},
		{"no deny", meta + "package p\n\nallow := true\n", "p.rego:1: data.p declares rule ORG001 but defines no deny set"},
		{"IAM namespace", strings.Replace(meta, "ORG001", "IAM999", 1) + "package p\n\ndeny contains \"x\" if true\n",
			"p.rego:1: rule IAM999: custom.id must be upper-case letters and digits (ORG001) and must not start with IAM"},
		{"bad severity", strings.Replace(meta, "high", "urgent", 1) + "package p\n\ndeny contains \"x\" if true\n",
			`p.rego:1: rule ORG001: custom.severity: unknown severity "urgent"`},
		{"no remediation", strings.Replace(meta, "#   remediation: R\n", "", 1) + "package p\n\ndeny contains \"x\" if true\n",
			"p.rego:1: rule ORG001: custom.remediation is missing"},
		{"built-in name", strings.Replace(meta, "custom:\n", "custom:\n#   name: inline-policy\n", 1) + "package p\n\ndeny contains \"x\" if true\n",
			`p.rego:1: rule ORG001: ID or name "inline-policy" is already taken by IAM401 (built-in)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := custom.Load([]string{dir}, rules.All, custom.Options{})
			if err == nil {
				t.Fatal("Load succeeded")
			}
			got := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			if !strings.Contains(got, tt.want) {
				t.Errorf("error:\n%s\nwant it to contain:\n%s", got, tt.want)
			}
		})
	}
}

// TestBadResults: a result that names nothing is reported, and the rule's
// good results are kept.
func TestBadResults(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := `# METADATA
# title: T
# description: D
# custom:
#   id: ORG001
#   severity: high
#   remediation: R
package p

deny contains "a plain string"

deny contains {"element": "principals/99", "message": "nobody"}

deny contains {"element": "principals/0", "message": "fine"}

deny contains {"element": "policies/0", "statement": 7, "message": "no such statement"}
`
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	set := load(t, dir)
	inv, _ := parsers.Load([]string{"testdata/input"}, parsers.Options{})
	findings := rules.Run(inv, set.Rules(), nil)
	if len(findings) != 1 || findings[0].Message != "fine" || findings[0].Resource != "aws_iam_user.deployer" {
		t.Errorf("findings: %v", findings)
	}
	var got []string
	for _, err := range set.Errors() {
		_, msg, _ := strings.Cut(err.Error(), "its findings are missing: ")
		got = append(got, msg)
	}
	want := []string{
		`a result must be an object {"element": …, "message": …}, not string "a plain string"`,
		`result "no such statement": the element has no statement 7`,
		`result "nobody": no element "principals/99" in the input`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestPolicyTests(t *testing.T) {
	t.Parallel()
	set := load(t, "testdata/rules")
	results, err := set.Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range results {
		got = append(got, fmt.Sprintf("%s %s:%d %v", r.Name, r.File, r.Line, r.Passed))
	}
	want := []string{
		"data.test.statement_sid_test.test_missing_sid testdata/rules/sid_test.rego:5 true",
		"data.test.statement_sid_test.test_sid_present testdata/rules/sid_test.rego:12 true",
		"data.test.statement_sid_test.test_fails_on_purpose testdata/rules/sid_test.rego:19 false",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("test results (-want +got):\n%s", diff)
	}
}

// TestLibrary runs the library's and the built-ins' Rego tests.
func TestLibrary(t *testing.T) {
	t.Parallel()
	results, err := load(t, "testdata/libtest").Test(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 8 {
		t.Errorf("%d library tests ran, want 8", len(results))
	}
	for _, r := range results {
		if !r.Passed {
			t.Errorf("%s (%s:%d) failed %s", r.Name, r.File, r.Line, r.Error)
		}
	}
}

// TestTimeout: a rule that runs away is stopped and reported.
func TestTimeout(t *testing.T) {
	dir := t.TempDir()
	src := `# METADATA
# title: T
# description: D
# custom:
#   id: ORG001
#   severity: high
#   remediation: R
package p

deny contains {"element": "principals/0", "message": sprintf("%d", [n])} if {
	n := count([x | some x in numbers.range(1, 100000000)])
}
`
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := custom.Load([]string{dir}, rules.All, custom.Options{Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := parsers.Load([]string{"testdata/input"}, parsers.Options{})
	if findings := rules.Run(inv, set.Rules(), nil); len(findings) != 0 {
		t.Errorf("findings: %v", findings)
	}
	errs := set.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "custom rule ORG001 failed; its findings are missing: ") || !strings.HasSuffix(errs[0].Error(), "evaluation took longer than 50ms") {
		t.Errorf("errors: %v", errs)
	}
}

// boundedRules writes one rule per source into a policy directory: ORG001,
// ORG002, … in order.
func boundedRules(t *testing.T, bodies ...string) string {
	t.Helper()
	dir := t.TempDir()
	for i, body := range bodies {
		src := fmt.Sprintf("# METADATA\n# title: T\n# description: D\n# custom:\n#   id: ORG%03d\n#   severity: high\n#   remediation: R\npackage p%d\n\n%s\n", i+1, i+1, body)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.rego", i+1)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runBounded runs the rules of dir over the test input and returns the
// findings' rule IDs and the errors.
func runBounded(t *testing.T, dir string, opts custom.Options) (ids, errs []string) {
	t.Helper()
	set, err := custom.Load([]string{dir}, rules.All, opts)
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := parsers.Load([]string{"testdata/input"}, parsers.Options{})
	for _, f := range rules.Run(inv, set.Rules(), nil) {
		ids = append(ids, f.Rule.ID)
	}
	for _, err := range set.Errors() {
		errs = append(errs, strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
	}
	slices.Sort(errs)
	return ids, errs
}

const (
	// allocates is a rule whose evaluation allocates without end (until
	// it runs out of time, an hour from now).
	allocates = `deny contains {"element": "principals/0", "message": sprintf("%d", [n])} if {
	n := count([[x, y] | some x in numbers.range(1, 100000000); some y in numbers.range(1, 100000000)])
}`
	// spins is a rule that runs without allocating much.
	spins = `deny contains {"element": "principals/0", "message": "never"} if {
	count([x | some x in numbers.range(1, 1000000000); x < 0]) > 0
}`
	// reports is a rule that reports at once.
	reports = `deny contains {"element": "principals/0", "message": "found"}`
)

// TestMemoryBound: a rule that allocates without end is stopped and
// reported; the other rules run.
func TestMemoryBound(t *testing.T) {
	dir := boundedRules(t, allocates, reports)
	ids, errs := runBounded(t, dir, custom.Options{Timeout: time.Hour, MemoryLimit: 64 << 20})
	if diff := cmp.Diff([]string{"ORG002"}, ids); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	want := []string{"p1.rego:10:1: custom rule ORG001 failed; its findings are missing: evaluation used more than 64 MiB of memory"}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestScanTimeBound: the rules of one scan together stop at the scan-wide
// bound; the rules left are reported, not evaluated.
func TestScanTimeBound(t *testing.T) {
	dir := boundedRules(t, spins, spins, spins)
	start := time.Now()
	ids, errs := runBounded(t, dir, custom.Options{Timeout: time.Hour, TotalTimeout: 200 * time.Millisecond})
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("three rules took %v with a scan-wide bound of 200ms", took)
	}
	if len(ids) != 0 {
		t.Errorf("findings: %v", ids)
	}
	// Which rule evaluates first depends on scheduling; one is stopped,
	// two are not evaluated.
	var stopped, skipped int
	for _, e := range errs {
		switch {
		case strings.HasSuffix(e, "its findings are missing: stopped: the custom rules used up their 200ms for the scan"):
			stopped++
		case strings.HasSuffix(e, "its findings are missing: not evaluated: the custom rules used up their 200ms for the scan"):
			skipped++
		default:
			t.Errorf("error: %s", e)
		}
	}
	if stopped != 1 || skipped != 2 {
		t.Errorf("%d stopped and %d not evaluated, want 1 and 2: %q", stopped, skipped, errs)
	}
}
