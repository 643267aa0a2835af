package export_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iacscan/iacscan/export"
	"github.com/iacscan/iacscan/model"
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
	_, _, out := build(t, paths...)
	return out
}

// build loads paths and returns the inventory, its export and the export
// as JSON.
func build(t testing.TB, paths ...string) (*model.Inventory, *export.Document, []byte) {
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
	return inv, doc, append(out, '\n')
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
	t.Parallel()
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
// a module with the kinds the fixtures leave out; validates each export
// against the schema; and holds element keys to the document and to
// Lookup: the i-th element of a collection is keyed "collection/i", and
// Lookup finds that very element in the inventory.
func TestFixturesValidate(t *testing.T) {
	t.Parallel()
	sch := schema(t)
	dirs, err := filepath.Glob("../fixtures/*/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures found: %v", err)
	}
	seen := map[string]bool{}
	for _, dir := range append(dirs, everyKind(t)) {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		name, _ := filepath.Rel("..", dir)
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			inv, doc, out := build(t, dir)
			validate(t, sch, out)
			checkKeys(t, inv, doc, seen)
		})
	}
	for _, f := range elementCollections() {
		if name := collectionName(f); !seen[name] {
			t.Errorf("no fixture has %s: the keys of that collection are not tested", name)
		}
	}
}

// checkKeys checks every element key of doc against Lookup in inv, and
// marks the collections that hold an element in seen.
func checkKeys(t *testing.T, inv *model.Inventory, doc *export.Document, seen map[string]bool) {
	t.Helper()
	v := reflect.ValueOf(doc).Elem()
	for _, f := range elementCollections() {
		name := collectionName(f)
		list := v.FieldByIndex(f.Index)
		for i := range list.Len() {
			seen[name] = true
			el := list.Index(i).Elem().FieldByName("Element").Interface().(export.Element)
			if want := fmt.Sprintf("%s/%d", name, i); el.Key != want {
				t.Errorf("%s[%d] has key %q, want %q", name, i, el.Key, want)
			}
			meta, _, ok := export.Lookup(inv, el.Key)
			if !ok || meta.ID != el.ID {
				t.Errorf("Lookup(%q) = %v, %v; want the element %s", el.Key, meta, ok, el.ID)
			}
		}
		if _, _, ok := export.Lookup(inv, fmt.Sprintf("%s/%d", name, list.Len())); ok {
			t.Errorf("Lookup finds %s/%d past the end", name, list.Len())
		}
	}
}

func collectionName(f reflect.StructField) string {
	return strings.Split(f.Tag.Get("json"), ",")[0]
}

// TestCorpusValidates exports the shared corpus of real repositories and
// plans when it is beside the repository (IACSCAN_SHARED names it
// elsewhere).
func TestCorpusValidates(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// TestLookupExportedOnly: a key of a kind the document does not carry
// names nothing, even where the inventory has such an element.
func TestLookupExportedOnly(t *testing.T) {
	t.Parallel()
	inv, errs := parsers.Load([]string{everyKind(t)}, parsers.Options{})
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	exported := map[string]bool{"identities": true}
	for _, f := range elementCollections() {
		exported[collectionName(f)] = true
	}
	for _, k := range model.Kinds() {
		if exported[k.Name()] {
			continue
		}
		if k.Len(inv) == 0 {
			t.Errorf("the fixture has no %s to look up", k.Name())
			continue
		}
		for _, key := range []string{k.Name() + "/0", "/0"} {
			if _, _, ok := export.Lookup(inv, key); ok {
				t.Errorf("Lookup(%q) finds an element the export does not carry (%s)", key, k.Name())
			}
		}
	}
}

// elementCollections are the fields of Document that hold elements.
func elementCollections() []reflect.StructField {
	element := reflect.TypeFor[export.Element]()
	var out []reflect.StructField
	for _, f := range reflect.VisibleFields(reflect.TypeFor[export.Document]()) {
		if f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Pointer {
			continue
		}
		if e, ok := f.Type.Elem().Elem().FieldByName("Element"); ok && e.Anonymous && e.Type == element {
			out = append(out, f)
		}
	}
	return out
}

// everyKind writes a module with an element of the kinds the rule
// fixtures leave out: an instance profile, and the organization, account
// and endpoint the export does not carry.
func everyKind(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	const tf = `provider "aws" {
  allowed_account_ids = ["123456789012"]
}
resource "aws_organizations_organizational_unit" "apps" {
  name      = "apps"
  parent_id = "r-abcd"
}
resource "aws_organizations_policy" "scp" {
  name    = "deny"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] })
}
resource "aws_organizations_policy_attachment" "apps" {
  policy_id = aws_organizations_policy.scp.id
  target_id = aws_organizations_organizational_unit.apps.id
}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_iam_instance_profile" "app" {
  role = aws_iam_role.app.name
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.us-east-1.s3"
}
resource "aws_ram_resource_share" "subnets" {
  name = "subnets"
}
resource "aws_opensearchserverless_access_policy" "logs" {
  name   = "logs"
  type   = "data"
  policy = jsonencode([{ Rules = [{ ResourceType = "index", Resource = ["index/logs/*"], Permission = ["aoss:ReadDocument"] }], Principal = ["arn:aws:iam::111122223333:role/r"] }])
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
