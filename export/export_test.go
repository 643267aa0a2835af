package export_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iacscan/iacscan/export"
	"github.com/iacscan/iacscan/parsers"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func schema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(export.Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://github.com/iacscan/iacscan/export/schema/v1.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// exportOf loads paths and returns the export as JSON.
func exportOf(t testing.TB, paths ...string) []byte {
	t.Helper()
	inv, errs := parsers.Load(paths, parsers.Options{})
	rel := func(p string) string {
		if r, err := filepath.Rel(".", p); err == nil {
			return filepath.ToSlash(r)
		}
		return p
	}
	doc := export.Build(inv, export.Options{Version: "test", Path: rel, Errors: errs})
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

func validate(t *testing.T, sch *jsonschema.Schema, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("export does not validate against schema/v1.json:\n%v", err)
	}
}

func TestGolden(t *testing.T) {
	out := exportOf(t, "testdata/basic")
	validate(t, schema(t), out)
	golden := "testdata/basic.golden.json"
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(out)); diff != "" {
		t.Errorf("export differs from %s (-want +got; review, then go test ./export -update):\n%s", golden, diff)
	}
}

// TestFixturesValidate exports every rule fixture, in every format, and
// validates each export against the schema.
func TestFixturesValidate(t *testing.T) {
	sch := schema(t)
	dirs, err := filepath.Glob("../fixtures/*/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures found: %v", err)
	}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			validate(t, sch, exportOf(t, dir))
		})
	}
}

// TestCorpusValidates exports the shared corpus of real repositories and
// plans when it is beside the repository (IACSCAN_SHARED names it
// elsewhere).
func TestCorpusValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var shared string
	for _, c := range []string{os.Getenv("IACSCAN_SHARED"), "../../shared", "../../../shared"} {
		if info, err := os.Stat(filepath.Join(c, "corpus")); c != "" && err == nil && info.IsDir() {
			shared = c
			break
		}
	}
	if shared == "" {
		t.Skip("no shared corpus beside the repository")
	}
	sch := schema(t)
	for _, root := range []string{"corpus", "plans"} {
		entries, err := os.ReadDir(filepath.Join(shared, root))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() || e.Name() == "licenses" {
				continue
			}
			dir := filepath.Join(shared, root, e.Name())
			t.Run(root+"/"+e.Name(), func(t *testing.T) {
				validate(t, sch, exportOf(t, dir))
			})
		}
	}
}

// TestDocsFresh fails when docs/export.md is not what the schema renders.
func TestDocsFresh(t *testing.T) {
	want, err := export.Markdown()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../docs/export.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("docs/export.md is stale; run: go run ./internal/gendocs")
	}
}
