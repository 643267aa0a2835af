package summary

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/parsers"
)

// sharing is a summary whose principals hold two distinct lists of
// services, one of them three times (once after a principal with none).
func sharing() *Summary {
	read := []Service{{Prefix: "s3", Name: "Amazon S3", Levels: []Level{{Level: "Read", Access: "limited", Actions: 2, Total: 60, Conditioned: true}}}}
	again := []Service{{Prefix: "s3", Name: "Amazon S3", Levels: []Level{{Level: "Read", Access: "limited", Actions: 2, Total: 60, Conditioned: true}}}}
	other := []Service{{Prefix: "s3", Name: "Amazon S3", Levels: []Level{{Level: "Read", Access: "limited", Actions: 2, Total: 60}}}}
	return &Summary{DataVersion: "2026-01-02\"", Principals: []Principal{
		{ID: "aws_iam_user.a", Kind: "user", File: "main.tf", Line: 1, Incomplete: []string{}, Services: read},
		{ID: "aws_iam_user.b", Kind: "user", File: "main.tf", Line: 5, Incomplete: []string{"policy `x` is not in the scan"}, Services: []Service{}},
		{ID: "aws_iam_user.c", Kind: "user", File: "main.tf", Line: 9, Incomplete: []string{}, Services: again},
		{ID: "aws_iam_role.d", Kind: "role", File: "main.tf", Line: 13, Incomplete: []string{}, Services: other},
		{ID: "aws_iam_role.e", Kind: "role", File: "main.tf", Line: 17, Incomplete: []string{}, Services: read},
	}}
}

// TestJSONSharesPermissions: equal lists of services are written once and
// named by id, whichever slices hold them; a list differing in one field
// is another entry.
func TestJSONSharesPermissions(t *testing.T) {
	t.Parallel()
	doc := sharing().document()
	var ids []string
	for _, p := range doc.Principals {
		ids = append(ids, p.Permissions)
	}
	if diff := cmp.Diff([]string{"p1", "p2", "p1", "p3", "p1"}, ids); diff != "" {
		t.Errorf("principals' permissions (-want +got):\n%s", diff)
	}
	if len(doc.Permissions) != 3 || doc.Permissions[0].ID != "p1" || len(doc.Permissions[1].Services) != 0 || doc.Permissions[2].Services[0].Levels[0].Conditioned {
		t.Errorf("permissions: %+v", doc.Permissions)
	}
}

// TestJSONStreamIsDocument: what writeJSON streams is jsonDocument
// encoded whole, byte for byte, for shared, empty and real summaries.
func TestJSONStreamIsDocument(t *testing.T) {
	t.Parallel()
	inv, _ := parsers.Load([]string{"../fixtures", "testdata/input"}, parsers.Options{}) // fixtures include bad inputs
	for name, s := range map[string]*Summary{
		"sharing":  sharing(),
		"empty":    {DataVersion: "2026-01-02", Principals: []Principal{}},
		"fixtures": Build(iam.Analyze(inv, iam.Default())),
	} {
		var got bytes.Buffer
		if err := writeJSON(&got, s); err != nil {
			t.Fatal(err)
		}
		want, err := json.MarshalIndent(s.document(), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(append(want, '\n')), got.String()); diff != "" {
			t.Errorf("%s: stream differs from the document (-want +got):\n%s", name, diff)
		}
		validate(t, name, got.Bytes())
	}
}

// validate checks a JSON summary against schema/v1.json.
func validate(t *testing.T, name string, out []byte) {
	t.Helper()
	raw, err := os.ReadFile("schema/v1.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://github.com/iacscan/iacscan/summary/schema/v1.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s: the summary does not validate against schema/v1.json:\n%v", name, err)
	}
}
