package diff_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iacscan/iacscan/diff"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The outputs of a few changes, compared byte for byte with reviewed
// goldens (go test ./diff -update rewrites them; review the diff).
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"admin-grant", "cross-account-trust", "public-bucket", "escalation-combined"} {
		r := planDiff(t, filepath.Join("testdata", name, "after", "plan.json"))
		for _, format := range diff.Formats {
			t.Run(name+"/"+format, func(t *testing.T) {
				var b bytes.Buffer
				if err := diff.Write(&b, r, format); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", name, "want."+map[string]string{"text": "txt", "markdown": "md", "json": "json"}[format])
				if *update {
					if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if got := b.String(); got != string(want) {
					t.Errorf("%s differs from %s:\n%s", format, golden, got)
				}
			})
		}
	}
}

// The JSON form is the documented schema: every field of docs/diff.md,
// with lists never null.
func TestJSONShape(t *testing.T) {
	t.Parallel()
	r := planDiff(t, filepath.Join("testdata", "admin-grant", "after", "plan.json"))
	var b bytes.Buffer
	if err := diff.Write(&b, r, "json"); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"schema", "data_version", "before", "after", "principals", "resources", "findings"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("no %q in the JSON", key)
		}
	}
	if doc["schema"] != float64(diff.SchemaVersion) {
		t.Errorf("schema = %v", doc["schema"])
	}
	if strings.Contains(b.String(), "null") {
		t.Errorf("a list is null in the JSON:\n%s", b.String())
	}
}

// bigReport is a change to n principals, each with a new grant and a
// finding: more than a comment can hold.
func bigReport(n int) *diff.Report {
	r := &diff.Report{Schema: diff.SchemaVersion, DataVersion: "test", Before: "a", After: "b", Resources: []*diff.Resource{}}
	for i := range n {
		p := &diff.Principal{ID: fmt.Sprintf("aws_iam_role.r%04d", i), Kind: "role", File: "main.tf", Line: i + 1, Change: "changed",
			Escalation: i%10 == 0,
			Added: []*diff.Grant{{Scope: diff.Scope{Resources: []string{"*"}}, Via: []string{"policy `p`"}, Actions: 2,
				Services: []*diff.ServiceAccess{{Service: "s3", Name: "Amazon S3", Level: "Read", Count: 2, Total: 66, Actions: []string{"s3:GetObject", "s3:GetObjectAcl"}}}}},
		}
		r.Principals = append(r.Principals, p)
		r.Findings.New = append(r.Findings.New, &diff.Finding{Rule: "IAM210", Severity: "medium", Title: "Data-reading actions on every resource",
			Resource: p.ID, File: "main.tf", Line: i + 1, Message: strings.Repeat("x", 80)})
	}
	return r
}

func TestMarkdownLimit(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 200, 5000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			md := diff.Markdown(bigReport(n), diff.MaxMarkdown)
			if len(md) > diff.MaxMarkdown {
				t.Fatalf("%d principals: %d bytes, over the limit of %d", n, len(md), diff.MaxMarkdown)
			}
			shown := strings.Count(md, "<details")
			if n == 1 && (shown != 1 || strings.Contains(md, "not shown")) {
				t.Errorf("one principal: %d sections shown", shown)
			}
			if n == 5000 {
				if !strings.Contains(md, fmt.Sprintf("_%d sections more not shown", n-shown)) {
					t.Errorf("no count of the sections left out (%d shown)", shown)
				}
				if !strings.Contains(md, "new findings not listed for want of room") {
					t.Error("no word on the findings left out")
				}
				if !strings.HasSuffix(md, "</sub>\n") {
					t.Error("the footer is cut off")
				}
			}
		})
	}
	// A tiny limit still gives the headline and the count.
	md := diff.Markdown(bigReport(3), 600)
	if !strings.Contains(md, "3 sections more not shown") || len(md) > 1000 {
		t.Errorf("small limit:\n%s", md)
	}
}

// Escalations lead, whether on a principal or a resource policy.
func TestEscalationsFirst(t *testing.T) {
	t.Parallel()
	r := &diff.Report{Schema: diff.SchemaVersion, Before: "a", After: "b",
		Principals: []*diff.Principal{{ID: "aws_iam_role.quiet", Kind: "role", File: "main.tf", Line: 1, Change: "changed"}},
		Resources: []*diff.Resource{{ID: "aws_s3_bucket_policy.open", File: "main.tf", Line: 9, Change: "changed", Escalation: true,
			Reach: []*diff.Reach{{Principal: "*", Change: "added", After: []string{"s3:GetObject on *"}, Public: true}}}},
	}
	for _, out := range []string{diff.Markdown(r, diff.MaxMarkdown), diff.Text(r)} {
		open, quiet := strings.Index(out, "aws_s3_bucket_policy.open"), strings.Index(out, "aws_iam_role.quiet")
		if open < 0 || quiet < 0 || open > quiet {
			t.Errorf("the public bucket policy does not come first:\n%s", out)
		}
	}
}

// A principal with many grants keeps its section short.
func TestMarkdownManyGrants(t *testing.T) {
	t.Parallel()
	r := bigReport(1)
	p := r.Principals[0]
	for i := range 100 {
		p.Added = append(p.Added, &diff.Grant{Scope: diff.Scope{Resources: []string{fmt.Sprintf("arn:aws:s3:::b%d/*", i)}}, Via: []string{"policy `p`"}, Actions: 1,
			Services: []*diff.ServiceAccess{{Service: "s3", Name: "Amazon S3", Level: "Read", Count: 1, Total: 66, Actions: []string{"s3:GetObject"}}}})
	}
	md := diff.Markdown(r, diff.MaxMarkdown)
	if n := strings.Count(md, "- Newly allowed: "); n != 21 {
		t.Errorf("%d grant lines, want 20 and a count", n)
	}
	if !strings.Contains(md, "- Newly allowed: 81 more grants\n") {
		t.Errorf("no count of the grants left out:\n%s", md)
	}
}

// Text from the inputs cannot open or close HTML in the comment.
func TestMarkdownEscapes(t *testing.T) {
	t.Parallel()
	r := bigReport(1)
	p := r.Principals[0]
	p.ID = `aws_iam_role.x</summary></details><script>`
	p.UnknownAfter = []string{"policy `</details>` is not known"}
	r.Findings.New[0].Message = "a | b </details> c"
	md := diff.Markdown(r, diff.MaxMarkdown)
	if n := strings.Count(md, "</details>"); n != 1 {
		t.Errorf("%d closing tags, want the section's one:\n%s", n, md)
	}
	if strings.Contains(md, "<script>") {
		t.Errorf("a tag got through:\n%s", md)
	}
	if !strings.Contains(md, `a \| b &lt;/details&gt; c`) {
		t.Errorf("the table cell is not escaped:\n%s", md)
	}
}

// The JSON validates against the published schema, diff/schema/v1.json.
func TestJSONSchema(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("schema", "v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("v1.json", loaded); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("v1.json")
	if err != nil {
		t.Fatal(err)
	}
	reports := map[string]*diff.Report{"bench": planDiff(t, benchPlan(t, 60))}
	for _, tt := range changes {
		reports[tt.name] = planDiff(t, filepath.Join("testdata", tt.name, "after", "plan.json"))
	}
	for name, r := range reports {
		var b bytes.Buffer
		if err := diff.Write(&b, r, "json"); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The schema holds: a field it does not know fails.
	var b bytes.Buffer
	diff.Write(&b, reports["admin-grant"], "json")
	bad := strings.Replace(b.String(), `"escalation": true`, `"escalation": true, "severity": "high"`, 1)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error("an unknown field validates")
	}
}
