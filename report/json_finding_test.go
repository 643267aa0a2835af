package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// appendFinding writes what encoding/json writes, for findings with every
// member set or empty and strings that need escaping.
func TestAppendFinding(t *testing.T) {
	t.Parallel()
	strs := []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\r\x00\x1f\x7f", "<html> & more",
		"non-ASCII: é — 日本", "invalid \xff\xfe UTF-8", "line\u2028sep\u2029", "`sqs:*` in statement 1"}
	rng := rand.New(rand.NewPCG(1, 2))
	str := func() string { return strs[rng.IntN(len(strs))] }
	list := func() []string {
		if rng.IntN(5) == 0 {
			return nil
		}
		out := []string{}
		for range rng.IntN(3) {
			out = append(out, str())
		}
		return out
	}
	loc := func() jsonLocation {
		return jsonLocation{File: str(), StartLine: rng.IntN(100000), StartColumn: rng.IntN(3), EndLine: rng.IntN(100), EndColumn: -rng.IntN(2)}
	}
	for i := range 500 {
		f := jsonFinding{Rule: str(), Fingerprint: str(), Rules: list(), Name: str(), Severity: str(), Title: str(), Message: str(),
			Resource: str(), Source: str(), Location: loc(), Related: []jsonRelated{}, MayApply: rng.IntN(2) == 0, Instances: list()}
		for range rng.IntN(3) {
			f.Related = append(f.Related, jsonRelated{Location: loc(), Message: str()})
		}
		if rng.IntN(5) == 0 {
			f.Related = nil
		}
		switch rng.IntN(3) {
		case 1:
			f.Suppressed = &jsonSuppression{Kind: str(), Reason: str()}
		case 2:
			l := loc()
			f.Suppressed = &jsonSuppression{Kind: str(), Reason: str(), Location: &l}
		}
		var want bytes.Buffer
		s := newJSONStream(&want)
		s.raw("    ")
		s.value(f, "    ")
		if err := s.flush(); err != nil {
			t.Fatal(err)
		}
		if got := appendFinding([]byte("    "), &f); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("finding %d:\ngot  %s\nwant %s", i, got, want.Bytes())
		}
	}
}

// TestJSONWriteAsEncoder: the streamed report is byte for byte the
// jsonReport document encoded whole, as encoding/json indents it, for a
// report with findings, errors and coverage, a clean one, and the hostile
// one.
func TestJSONWriteAsEncoder(t *testing.T) {
	t.Parallel()
	withCoverage := fixtureResult()
	withCoverage.Coverage = &Coverage{Resources: 12, Elements: 7, NotAnalysed: []TypeCount{{Type: "AWS::EC2::VPCEndpoint", Count: 2}}}
	for name, r := range map[string]*Result{"fixture": withCoverage, "empty": emptyResult(), "hostile": hostileResult()} {
		w := &jsonWriter{}
		fps := Fingerprints(r.Findings, w.root)
		doc := jsonReport{Version: r.Version, Findings: []jsonFinding{}, Errors: []jsonError{}, Summary: jsonSummaryOf(count(r))}
		doc.Summary.Coverage = r.Coverage
		for i, f := range r.Findings {
			jf := jsonFindingOf(f)
			jf.Fingerprint = fps[i]
			doc.Findings = append(doc.Findings, jf)
		}
		for _, err := range r.Errors {
			e := splitError(err)
			doc.Errors = append(doc.Errors, jsonError{File: e.Loc.File, Line: e.Loc.StartLine, Column: e.Loc.StartColumn, Message: e.Message, Warning: e.Warning})
		}
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		if err := w.Write(&got, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s:\ngot  %s\nwant %s", name, got.Bytes(), want.Bytes())
		}
	}
}
