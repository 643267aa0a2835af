package report

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// TestSARIFKeepsOutsideResults writes a finding in a file outside the SARIF
// root as a result with an absolute file URI (it used to become a
// notification, and nothing was uploaded); OutsideRoot names it for the
// CLI's warning.
func TestSARIFKeepsOutsideResults(t *testing.T) {
	t.Parallel()
	r := &Result{Rules: []*rules.Rule{ruleSid}, Findings: []*rules.Finding{
		{Rule: ruleSid, Resource: "r", Source: model.SourcePolicy, Loc: loc("../other/p.json", 2, 3, 2, 9), Message: "statement 1 has no `Sid`"},
		{Rule: ruleSid, Resource: "s", Source: model.SourcePolicy, Loc: loc("in/p.json", 2, 3, 2, 9), Message: "statement 1 has no `Sid`"},
	}}
	var doc struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", Options{}, r), &doc); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("../other/p.json")
	var got []string
	for _, res := range doc.Runs[0].Results {
		a := res.Locations[0].PhysicalLocation.ArtifactLocation
		got = append(got, a.URIBaseID+" "+a.URI)
	}
	if want := []string{" file://" + filepath.ToSlash(abs), "%SRCROOT% in/p.json"}; !slices.Equal(got, want) {
		t.Errorf("results at %q, want %q", got, want)
	}
	if got := OutsideRoot(r.Findings, ""); !slices.Equal(got, []string{"../other/p.json"}) {
		t.Errorf("OutsideRoot = %v", got)
	}
}
