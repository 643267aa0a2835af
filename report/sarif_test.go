package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// sarifSchema compiles the vendored SARIF 2.1.0 schema, with formats (uri,
// uuid…) asserted.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://iacscan.test/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// checkSARIF validates the bytes against the schema and GitHub's subset.
func checkSARIF(t *testing.T, sch *jsonschema.Schema, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("SARIF does not match the 2.1.0 schema: %v", err)
	}
	checkGitHubSubset(t, out)
}

func TestSARIFSchema(t *testing.T) {
	t.Parallel()
	sch := sarifSchema(t)
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			checkSARIF(t, sch, render(t, "sarif", Options{}, c.result()))
		})
	}
	// The schema must catch what GitHub rejects, or this test proves nothing.
	bad := bytes.Replace(render(t, "sarif", Options{}, fixtureResult()), []byte(`"startLine": 4,`), []byte(`"startLine": 0,`), 1)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error("the schema accepts startLine 0")
	}
}

// TestSARIFAllRules writes a finding of every real rule, so the catalogue's
// own documentation goes through the schema and the GitHub checks.
func TestSARIFAllRules(t *testing.T) {
	t.Parallel()
	r := &Result{Version: "0.0.0-test", Rules: rules.All}
	for i, rule := range rules.All {
		l := loc("main.tf", i+1, 1, i+1, 10)
		r.Findings = append(r.Findings, &rules.Finding{Rule: rule, Resource: "aws_iam_policy.p", Loc: l, Message: "message"})
	}
	checkSARIF(t, sarifSchema(t), render(t, "sarif", Options{}, r))
}

// sarifLog is the part of a SARIF log that GitHub reads, decoded loosely so
// that wrong types show up as such.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name, Version, InformationURI string
				Rules                         []struct {
					ID, Name                          string
					ShortDescription, FullDescription struct{ Text string }
					Help                              struct{ Text, Markdown string }
					DefaultConfiguration              struct{ Level string }
					Properties                        map[string]any
				}
			}
		}
		AutomationDetails  struct{ ID string }
		OriginalURIBaseIDs map[string]any `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					}
					Region struct{ StartLine, StartColumn, EndLine, EndColumn int }
				}
			}
			PartialFingerprints map[string]string
		}
	}
}

// checkGitHubSubset asserts what GitHub code scanning needs beyond the
// schema (libraries.md §4.4).
func checkGitHubSubset(t *testing.T, out []byte) {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatalf("decoding SARIF: %v", err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 {
		t.Fatalf("version %q, $schema %q, %d runs; want 2.1.0, a schema and one run", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "iacscan" || d.Version == "" || d.InformationURI == "" {
		t.Errorf("driver name %q, version %q, informationUri %q", d.Name, d.Version, d.InformationURI)
	}
	if id := run.AutomationDetails.ID; !strings.HasSuffix(id, "/") {
		t.Errorf("automationDetails.id %q does not end in / (a category with no run ID)", id)
	}
	if run.OriginalURIBaseIDs[srcRootID] == nil {
		t.Errorf("originalUriBaseIds does not declare %s", srcRootID)
	}
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
		for what, text := range map[string]string{
			"shortDescription": r.ShortDescription.Text, "fullDescription": r.FullDescription.Text,
			"help.text": r.Help.Text, "help.markdown": r.Help.Markdown,
		} {
			if text == "" || (strings.HasSuffix(what, "Description") && len(text) > 1024) {
				t.Errorf("rule %s: %s is empty or over 1024 characters", r.ID, what)
			}
		}
		if len(r.Name) > 255 || !slices.Contains([]string{"note", "warning", "error"}, r.DefaultConfiguration.Level) {
			t.Errorf("rule %s: name %q, level %q", r.ID, r.Name, r.DefaultConfiguration.Level)
		}
		sev, ok := r.Properties["security-severity"].(string)
		if f, err := strconv.ParseFloat(sev, 64); !ok || err != nil || f <= 0 || f > 10 {
			t.Errorf("rule %s: security-severity %#v is not a string in (0, 10]", r.ID, r.Properties["security-severity"])
		}
		tags, _ := r.Properties["tags"].([]any)
		if len(tags) > 20 || !slices.Contains(tags, any("security")) {
			t.Errorf("rule %s: tags %v lack security or exceed 20", r.ID, tags)
		}
		if p := r.Properties["precision"]; !slices.Contains([]any{"very-high", "high", "medium", "low"}, p) {
			t.Errorf("rule %s: precision %v", r.ID, p)
		}
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("rule IDs not sorted and unique: %v", ids)
	}
	fingerprints := map[string]bool{}
	for i, res := range run.Results {
		if res.RuleIndex == nil || *res.RuleIndex >= len(ids) || ids[*res.RuleIndex] != res.RuleID {
			t.Errorf("result %d: ruleIndex does not point at rule %s", i, res.RuleID)
		}
		if !slices.Contains([]string{"note", "warning", "error"}, res.Level) || res.Message.Text == "" {
			t.Errorf("result %d: level %q, message %q", i, res.Level, res.Message.Text)
		}
		if len(res.Locations) != 1 {
			t.Errorf("result %d: %d locations, want 1", i, len(res.Locations))
			continue
		}
		pl := res.Locations[0].PhysicalLocation
		uri := pl.ArtifactLocation.URI
		if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, ":") || strings.Contains(uri, `\`) ||
			strings.HasPrefix(uri, "../") || pl.ArtifactLocation.URIBaseID != srcRootID {
			t.Errorf("result %d: uri %q with base %q is not repo-relative under %s", i, uri, pl.ArtifactLocation.URIBaseID, srcRootID)
		}
		if pl.Region.StartLine < 1 {
			t.Errorf("result %d: startLine %d", i, pl.Region.StartLine)
		}
		fp := res.PartialFingerprints["primaryLocationLineHash"]
		if fp == "" || fingerprints[fp] {
			t.Errorf("result %d: primaryLocationLineHash %q is empty or repeated", i, fp)
		}
		fingerprints[fp] = true
	}
}

// TestSARIFFingerprintStable: moving a finding to other lines keeps its
// fingerprint; another resource changes it.
func TestSARIFFingerprintStable(t *testing.T) {
	t.Parallel()
	fingerprint := func(resource string, line int) string {
		f := &rules.Finding{Rule: ruleAdmin, Resource: resource, Loc: loc("main.tf", line, 1, line, 5), Message: "m"}
		var log sarifLog
		if err := json.Unmarshal(render(t, "sarif", Options{}, &Result{Findings: []*rules.Finding{f}}), &log); err != nil {
			t.Fatal(err)
		}
		return log.Runs[0].Results[0].PartialFingerprints["primaryLocationLineHash"]
	}
	if fingerprint("aws_iam_policy.a", 3) != fingerprint("aws_iam_policy.a", 40) {
		t.Error("fingerprint changes when the finding moves")
	}
	if fingerprint("aws_iam_policy.a", 3) == fingerprint("aws_iam_policy.b", 3) {
		t.Error("fingerprint ignores the resource")
	}
}

func TestSARIFCategory(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"", "iacscan/"},
		{"iacscan/terraform/", "iacscan/terraform/"},
		{"iacscan/terraform", "iacscan/terraform/"},
	} {
		var log sarifLog
		if err := json.Unmarshal(render(t, "sarif", Options{Category: c.in}, emptyResult()), &log); err != nil {
			t.Fatal(err)
		}
		if got := log.Runs[0].AutomationDetails.ID; got != c.want {
			t.Errorf("Category %q: automationDetails.id = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSARIFExecutionSuccessful(t *testing.T) {
	t.Parallel()
	warning := &model.InputError{Loc: loc("a.tf", 1, 1, 1, 2), Message: "not understood", Warning: true}
	for _, c := range []struct {
		name string
		errs []error
		want string
	}{
		{"clean", nil, `"executionSuccessful": true`},
		{"warning only", []error{warning}, `"executionSuccessful": true`},
		{"error", []error{warning, model.Errorf(loc("b.json", 2, 3, 2, 4), "invalid JSON")}, `"executionSuccessful": false`},
	} {
		out := string(render(t, "sarif", Options{}, &Result{Errors: c.errs}))
		if !strings.Contains(out, c.want) {
			t.Errorf("%s: output lacks %s", c.name, c.want)
		}
	}
}

func TestRepoRelative(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	pkgDir := filepath.Base(wd) // "report": the working directory seen from ".."
	for _, c := range []struct {
		root, file, want string
		ok               bool
	}{
		{"", "infra/iam.tf", "infra/iam.tf", true},
		{".", "./infra/iam.tf", "infra/iam.tf", true},
		{"", "policies/admin policy.json", "policies/admin%20policy.json", true},
		{"", "odd/100%#?.json", "odd/100%25%23%3F.json", true},
		{"infra", "infra/iam.tf", "iam.tf", true},
		{"..", "iam.tf", pkgDir + "/iam.tf", true},
		{"..", "sub/iam.tf", pkgDir + "/sub/iam.tf", true},
		{"", filepath.Join(wd, "abs.tf"), "abs.tf", true},
		{"", "../outside.tf", "", false},
		{"infra", "other/x.tf", "", false},
		{"", "", "", false},
		{"", "<stdin>", "", false},
	} {
		got, ok := repoRelative(c.root, c.file)
		if got != c.want || ok != c.ok {
			t.Errorf("repoRelative(%q, %q) = %q, %v; want %q, %v", c.root, c.file, got, ok, c.want, c.ok)
		}
	}
}

func TestSARIFRegion(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   model.Location
		want string
	}{
		{loc("f", 3, 5, 4, 2), `{"startLine":3,"startColumn":5,"endLine":4,"endColumn":2}`},
		{loc("f", 3, 5, 3, 9), `{"startLine":3,"startColumn":5,"endLine":3,"endColumn":9}`},
		{loc("f", 3, 0, 3, 0), `{"startLine":3,"endLine":3}`},
		{loc("f", 3, 5, 3, 5), `{"startLine":3,"startColumn":5,"endLine":3}`},
		{loc("f", 3, 5, 0, 0), `{"startLine":3,"startColumn":5}`},
		{loc("f", 0, 0, 0, 0), `{"startLine":1}`},
	} {
		got, err := json.Marshal(sarifRegion(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Errorf("sarifRegion(%+v) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestSARIFEndToEnd scans the repository's rule fixtures with the real
// loader and rules, as the CLI does from a subdirectory: paths are relative
// to this package's directory and SRCRoot points at the repository root.
func TestSARIFEndToEnd(t *testing.T) {
	t.Parallel()
	inv, errs := parsers.Load([]string{"../fixtures"}, parsers.Options{})
	findings := rules.Run(inv, rules.All, nil)
	if len(findings) == 0 {
		t.Fatal("no findings in ../fixtures")
	}
	r := &Result{Version: "0.0.0-test", Rules: rules.All, Findings: findings, Errors: errs}
	out := render(t, "sarif", Options{SRCRoot: ".."}, r)
	checkSARIF(t, sarifSchema(t), out)
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	if len(results) != len(findings) {
		t.Errorf("%d results for %d findings", len(results), len(findings))
	}
	for _, res := range results {
		if uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "fixtures/") {
			t.Errorf("uri %q is not relative to the repository root", uri)
		}
	}
	for _, format := range Formats() {
		render(t, format, Options{}, r)
	}
}

func TestSARIFVersion(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"1.2.3": "1.2.3", "v0.2.0": "0.2.0", "dev": "0.0.0-dev", "(devel)": "0.0.0-devel"} {
		if got := sarifVersion(in); got != want {
			t.Errorf("sarifVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestJSONFingerprintsAreSARIFs: the JSON report prints, for every finding
// SARIF lists, the fingerprint SARIF gives it, whatever directory the
// repository root is in.
func TestJSONFingerprintsAreSARIFs(t *testing.T) {
	t.Parallel()
	for _, root := range []string{"", "infra/.."} {
		opts := Options{SRCRoot: root}
		var log sarifLog
		if err := json.Unmarshal(render(t, "sarif", opts, fixtureResult()), &log); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Findings []struct{ Fingerprint string }
		}
		if err := json.Unmarshal(render(t, "json", opts, fixtureResult()), &doc); err != nil {
			t.Fatal(err)
		}
		inJSON := map[string]bool{}
		for _, f := range doc.Findings {
			inJSON[f.Fingerprint] = true
		}
		for i, res := range log.Runs[0].Results {
			if fp := res.PartialFingerprints["primaryLocationLineHash"]; !inJSON[fp] {
				t.Errorf("root %q: result %d's fingerprint %s is not in the JSON report", root, i, fp)
			}
		}
	}
}
