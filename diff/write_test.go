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

	"github.com/iacscan/iacscan/diff"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The outputs of a few changes, compared byte for byte with reviewed
// goldens (go test ./diff -update rewrites them; review the diff).
func TestGolden(t *testing.T) {
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
