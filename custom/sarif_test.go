package custom_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/report"
	"github.com/iacscan/iacscan/rules"
)

// TestSARIF: custom rules and their findings make valid SARIF, with the
// rule help taken from the metadata.
func TestSARIF(t *testing.T) {
	t.Parallel()
	set := load(t, "../examples/policies")
	inv, _ := parsers.Load([]string{"../examples/policies/demo"}, parsers.Options{})
	res := &report.Result{Version: "test", Rules: set.Rules(), Findings: rules.Group(rules.Run(inv, set.Rules(), nil))}
	w, err := report.New("sarif", report.Options{Category: "iacscan/", SRCRoot: ".."})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := w.Write(&out, res); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../report/testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://iacscan.test/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("SARIF does not validate: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
						Help    struct {
							Markdown string `json:"markdown"`
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 6 || len(run.Tool.Driver.Rules) != 6 {
		t.Errorf("%d results, %d rules; want 6 and 6", len(run.Results), len(run.Tool.Driver.Rules))
	}
	r := run.Tool.Driver.Rules[1]
	if r.ID != "ORG002" || r.HelpURI != "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html" ||
		!bytes.Contains([]byte(r.Help.Markdown), []byte("## How to fix\n\nRemove the account from the role's trust policy.")) {
		t.Errorf("ORG002 in SARIF: %+v", r)
	}
}
