package baseline_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/iacscan/iacscan/baseline"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/rules"
)

// A baseline made today still matches every finding after lines move, the
// file is reformatted and unrelated code is added, in each input format; a
// new finding is not in it.
func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		fixture string // copied into the scanned directory
		scan    string // path scanned, relative to it
		edit    []edit // line moves, reformatting, unrelated additions
		added   []edit // then a new problem
	}{
		{
			name:    "terraform",
			fixture: "../fixtures/IAM201/terraform/bad",
			scan:    ".",
			edit: []edit{
				{"main.tf", prepend("# moved down\n\n\n")},
				{"main.tf", reindent},
				{"main.tf", appendText("\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n")},
			},
			added: []edit{{"main.tf", appendText(`
resource "aws_iam_policy" "new" {
  name   = "new"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
`)}},
		},
		{
			name:    "plan through its .tf mapping",
			fixture: "../fixtures/IAM201/plan/bad",
			scan:    "plan.json",
			edit: []edit{
				{"main.tf", prepend("# moved down\n\n\n")},
				{"main.tf", reindent},
				{"plan.json", reformatJSON},
			},
			added: []edit{{"main.tf", prepend("# nothing new in the plan, nothing new reported\n")}},
		},
		{
			name:    "cloudformation yaml",
			fixture: "../fixtures/IAM201/cloudformation/bad.yaml",
			scan:    "bad.yaml",
			edit: []edit{
				{"bad.yaml", prepend("# moved down\n\n")},
				{"bad.yaml", reformatYAML},
			},
			added: []edit{{"bad.yaml", appendText(`  NewPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "*", Resource: "*"}
`)}},
		},
		{
			name:    "cloudformation json",
			fixture: "../fixtures/IAM201/cloudformation/bad.json",
			scan:    "bad.json",
			edit:    []edit{{"bad.json", reformatJSON}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fixture, err := filepath.Abs(tt.fixture)
			if err != nil {
				t.Fatal(err)
			}
			copyFixture(t, fixture, dir)
			t.Chdir(dir)

			before := scan(t, tt.scan)
			if len(before) == 0 {
				t.Fatal("the fixture has no findings")
			}
			var buf bytes.Buffer
			if err := baseline.New(before, "").Write(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile("baseline.json", buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			b, err := baseline.Load("baseline.json")
			if err != nil {
				t.Fatal(err)
			}

			for _, e := range tt.edit {
				e.apply(t)
			}
			after := scan(t, tt.scan)
			if !sameLines(before, after) {
				t.Log("the edits moved no finding; the test proves nothing")
				t.Fail()
			}
			st := b.Apply(after, "", "baseline.json")
			if st.Stale != 0 || st.Baselined != len(b.Findings) {
				t.Errorf("after the edits: %+v, want all %d baselined, none stale", st, len(b.Findings))
			}
			for _, f := range after {
				if f.Suppressed == nil {
					t.Errorf("not baselined after the edits: %s %s %s", f.Rule.ID, f.Loc, f.Message)
				}
			}

			if tt.added == nil {
				return
			}
			copyFixture(t, fixture, dir) // the new problem, in the original
			for _, e := range tt.added {
				e.apply(t)
			}
			after = scan(t, tt.scan)
			b.Apply(after, "", "baseline.json")
			var active []string
			for _, f := range after {
				if f.Suppressed == nil {
					active = append(active, f.Rule.ID+" "+f.Resource)
				}
			}
			if tt.name == "plan through its .tf mapping" {
				if len(active) != 0 {
					t.Errorf("new findings %v, want none", active)
				}
				return
			}
			if len(active) == 0 {
				t.Error("a new problem was baselined")
			}
			for _, a := range active {
				if !strings.Contains(a, "New") && !strings.Contains(a, ".new") {
					t.Errorf("an old finding came back: %s", a)
				}
			}
		})
	}
}

// sameLines reports whether no finding kept its line: the edits must move
// every finding for the round trip to mean something.
func sameLines(before, after []*rules.Finding) bool {
	lines := map[string]bool{}
	for _, f := range before {
		lines[f.Loc.String()] = true
	}
	for _, f := range after {
		if lines[f.Loc.String()] {
			return false
		}
	}
	return true
}

func scan(t *testing.T, path string) []*rules.Finding {
	t.Helper()
	inv, errs := parsers.Load([]string{path}, parsers.Options{})
	for _, err := range errs {
		t.Fatalf("scan %s: %v", path, err)
	}
	return rules.Run(inv, rules.All, nil)
}

type edit struct {
	file string
	fn   func(t *testing.T, data []byte) []byte
}

func (e edit) apply(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile(e.file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.file, e.fn(t, data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func prepend(s string) func(*testing.T, []byte) []byte {
	return func(_ *testing.T, data []byte) []byte { return append([]byte(s), data...) }
}

func appendText(s string) func(*testing.T, []byte) []byte {
	return func(_ *testing.T, data []byte) []byte { return append(data, s...) }
}

// reindent doubles every line's indentation, as another formatter would.
func reindent(_ *testing.T, data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		trimmed := strings.TrimLeft(l, " ")
		lines[i] = strings.Repeat(" ", 2*(len(l)-len(trimmed))) + trimmed
	}
	return []byte(strings.Join(lines, "\n"))
}

// reformatJSON indents JSON differently (compact input gets indented,
// indented input a wider indent), which moves every line.
func reformatJSON(t *testing.T, data []byte) []byte {
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, "", "\t\t"); err != nil {
		t.Fatal(err)
	}
	return append([]byte("\n\n"), buf.Bytes()...)
}

// reformatYAML re-encodes YAML with another indentation (tags, comments and
// key order survive).
func reformatYAML(t *testing.T, data []byte) []byte {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(6)
	if err := enc.Encode(&doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func copyFixture(t *testing.T, src, dst string) {
	t.Helper()
	src, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if rel == "." {
			rel = filepath.Base(p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
