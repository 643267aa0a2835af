package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenCases are the results every format is written from.
var goldenCases = []struct {
	name   string
	result func() *Result
}{
	{"findings", fixtureResult},
	{"empty", emptyResult},
}

// render writes r in format with opts, failing the test on error.
func render(t *testing.T, format string, opts Options, r *Result) []byte {
	t.Helper()
	w, err := New(format, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s differs (-want +got); run go test ./report -update if the change is intended:\n%s", path, diff)
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, format := range Formats() {
		for _, c := range goldenCases {
			t.Run(format+"/"+c.name, func(t *testing.T) {
				checkGolden(t, c.name+"."+format+".golden", render(t, format, Options{}, c.result()))
			})
		}
	}
	t.Run("text/color", func(t *testing.T) {
		checkGolden(t, "findings.text-color.golden", render(t, "text", Options{Color: true}, fixtureResult()))
	})
	// A 72-column terminal: messages wrap under their header, rule pages
	// are OSC 8 hyperlinks.
	t.Run("text/terminal", func(t *testing.T) {
		checkGolden(t, "findings.text-terminal.golden", render(t, "text", Options{Color: true, Width: 72, Links: true}, fixtureResult()))
	})
}

func TestNew(t *testing.T) {
	t.Parallel()
	if got, want := Formats(), []string{"compact", "json", "junit", "markdown", "sarif", "text"}; !slices.Equal(got, want) {
		t.Errorf("Formats() = %v, want %v", got, want)
	}
	if !slices.IsSorted(Formats()) {
		t.Error("Formats() is not sorted")
	}
	_, err := New("yaml", Options{})
	if err == nil || !strings.Contains(err.Error(), `unknown format "yaml" (want one of compact, json, junit, markdown, sarif, text)`) {
		t.Errorf(`New("yaml") error = %v`, err)
	}
}

// TestDeterministic writes each format twice from fresh results.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, format := range Formats() {
		a := render(t, format, Options{}, fixtureResult())
		b := render(t, format, Options{}, fixtureResult())
		if !bytes.Equal(a, b) {
			t.Errorf("%s output differs between two writes", format)
		}
	}
}

func TestTextColor(t *testing.T) {
	t.Parallel()
	plain := string(render(t, "text", Options{}, fixtureResult()))
	if strings.Contains(plain, "\x1b[") {
		t.Error("text without Color has ANSI escapes")
	}
	colored := string(render(t, "text", Options{Color: true}, fixtureResult()))
	if !strings.Contains(colored, ansiBoldRed+"CRITICAL") {
		t.Error("text with Color does not colour the critical severity")
	}
}

func TestTextSummaryLine(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		r    *Result
		want string
	}{
		{"findings", fixtureResult(), "7 findings (1 critical, 3 high, 1 medium, 1 low, 1 info) in 2 files; 2 suppressed; 2 errors; 1 warning"},
		{"empty", emptyResult(), "no findings"},
		{"one", &Result{Findings: fixtureResult().Findings[1:2]}, "1 finding (1 medium) in 1 file"},
		{"fail-on", func() *Result { r := fixtureResult(); r.FailOn = new(rules.High); return r }(),
			"7 findings (1 critical, 3 high, 1 medium, 1 low, 1 info) in 2 files; 4 at or above --fail-on high; 2 suppressed; 2 errors; 1 warning"},
		{"none failing", func() *Result {
			r := &Result{Findings: fixtureResult().Findings[1:2]}
			r.FailOn = new(rules.High)
			return r
		}(),
			"1 finding (1 medium) in 1 file; none at or above --fail-on high"},
		{"hidden", &Result{Findings: fixtureResult().Findings[1:2], Hidden: 3}, "1 finding (1 medium) in 1 file; 3 not shown (--severity)"},
	} {
		out := strings.TrimSuffix(string(render(t, "text", Options{}, c.r)), "\n")
		lines := strings.Split(out, "\n")
		if got := lines[len(lines)-1]; got != c.want {
			t.Errorf("%s: summary line = %q, want %q", c.name, got, c.want)
		}
		if n := strings.Count(out, " finding"); n > 1 && c.name != "findings" {
			t.Errorf("%s: more than one summary line:\n%s", c.name, out)
		}
	}
}

// TestJSONContract decodes the JSON report and checks the shape other tools
// rely on: key order, [] for empty lists, null for no suppression.
func TestJSONContract(t *testing.T) {
	t.Parallel()
	empty := string(render(t, "json", Options{}, &Result{}))
	for _, want := range []string{`"findings": []`, `"errors": []`} {
		if !strings.Contains(empty, want) {
			t.Errorf("empty JSON report lacks %s:\n%s", want, empty)
		}
	}
	out := render(t, "json", Options{}, fixtureResult())
	var doc struct {
		Findings []map[string]json.RawMessage `json:"findings"`
		Errors   []map[string]json.RawMessage `json:"errors"`
		Summary  map[string]json.RawMessage   `json:"summary"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 9 || len(doc.Errors) != 3 {
		t.Fatalf("got %d findings and %d errors, want 9 and 3", len(doc.Findings), len(doc.Errors))
	}
	for i, f := range doc.Findings {
		if string(f["related"]) == "null" {
			t.Errorf("finding %d: related is null, want []", i)
		}
	}
	keys := []string{`"rule"`, `"name"`, `"severity"`, `"title"`, `"message"`, `"resource"`, `"source"`,
		`"location"`, `"related"`, `"may_apply"`, `"suppressed"`}
	first := string(out)
	last := -1
	for _, k := range keys {
		i := strings.Index(first, k)
		if i <= last {
			t.Errorf("key %s out of order in the first finding", k)
		}
		last = i
	}
	if got := string(doc.Summary["findings"]); got != "7" {
		t.Errorf("summary.findings = %s, want 7 (suppressed findings are not counted)", got)
	}
}

// TestJUnitValid parses the JUnit report back and checks its counts.
func TestJUnitValid(t *testing.T) {
	t.Parallel()
	var doc junitSuites
	if err := xml.Unmarshal(render(t, "junit", Options{}, fixtureResult()), &doc); err != nil {
		t.Fatalf("JUnit output is not XML: %v", err)
	}
	// 6 rules + input suite; IAM101 passes with one case.
	if len(doc.Suites) != 7 {
		t.Fatalf("got %d suites, want 7", len(doc.Suites))
	}
	got := [4]int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped}
	// 9 findings + 1 passing rule + 3 input errors; 7 active findings fail;
	// 2 errors; 2 suppressed findings and 1 warning are skipped.
	if want := [4]int{13, 7, 2, 3}; got != want {
		t.Errorf("tests, failures, errors, skipped = %v, want %v", got, want)
	}
}

func TestMarkdownText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{"allows `iam:*` on `*`", "allows `iam:*` on `*`"},
		{"a | b", `a \| b`},
		{"code `a|b` here", "code `a\\|b` here"},
		{"<script> & *bold* _em_ [link](x)", `\<script\> \& \*bold\* \_em\_ \[link\](x)`},
		{"lone ` backtick", "lone \\` backtick"},
		{"``two `one` inside``", "``two `one` inside``"},
		{"line\nbreak", "line break"},
	} {
		if got := markdownText(c.in); got != c.want {
			t.Errorf("markdownText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCodeSpan(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"main.tf", "`main.tf`"},
		{"a|b", "`a\\|b`"},
		{"has ` tick", "``has ` tick``"},
		{"`edge", "`` `edge ``"},
		{"two `` ticks", "```two `` ticks```"},
		{`a\|b`, "`a\\\\\\|b`"}, // a\ then \|: the pipe stays escaped
	} {
		if got := codeSpan(c.in); got != c.want {
			t.Errorf("codeSpan(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzMarkdownCell checks that no text, however odd, can end a table cell
// or the table row: every pipe is escaped and no line break survives.
func FuzzMarkdownCell(f *testing.F) {
	for _, s := range []string{"a | b", "`a|b`", "``x`", "<b>|</b>", "\\|", "a\nb", "`", "```|```"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, out := range map[string]string{"markdownText": markdownText(s), "codeSpan": codeSpan(s)} {
			if strings.ContainsAny(out, "\n\r") {
				t.Errorf("%s(%q) = %q has a line break", name, s, out)
			}
			for i := range len(out) {
				if out[i] == '|' && backslashesBefore(out, i)%2 == 0 {
					t.Errorf("%s(%q) = %q has an unescaped pipe at %d", name, s, out, i)
				}
			}
		}
	})
}

func backslashesBefore(s string, i int) int {
	n := 0
	for i > 0 && s[i-1] == '\\' {
		n++
		i--
	}
	return n
}

// TestTextOffByDefault: a scan with the default rule set names the rules
// that are off by default; one that ran every rule, or a choice of rules,
// does not.
func TestTextOffByDefault(t *testing.T) {
	t.Parallel()
	defaults, err := rules.Select(rules.All, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	note := "not run: IAM401, IAM501, off by default (--rule 'IAM*' runs every rule)\n"
	for _, c := range []struct {
		name string
		ran  []*rules.Rule
		want bool
	}{
		{"defaults", defaults, true},
		{"every rule", rules.All, false},
		{"a choice", []*rules.Rule{rules.FullAdmin}, false},
	} {
		out := string(render(t, "text", Options{}, &Result{Rules: c.ran}))
		if got := strings.Contains(out, note); got != c.want {
			t.Errorf("%s: note shown %v, want %v:\n%s", c.name, got, c.want, out)
		}
	}
}
