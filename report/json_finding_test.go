package report

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// appendFinding writes what encoding/json writes, for findings with every
// member set or empty and strings that need escaping.
func TestAppendFinding(t *testing.T) {
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
