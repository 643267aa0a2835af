package cloudformation

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iacscan/iacscan/model/modeltest"
	"github.com/iacscan/iacscan/syntax"
)

const positionsYAML = `Root:
  plain: hello world  # a comment
  double: "a \"quoted\" text"
  single: 'it''s'
  date: 2012-10-17
  bool: true
  empty:
  tagged: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"
  getatt: !GetAtt Bucket.Arn
  flow: [a, !Ref b, {c: d}]
  literal: |
    {"Version": "2012-10-17"}
    second line
  folded: >
    folded
    text
  multi: first
    second
  unicode: "héllo wörld"
  list:
    - one
    - !If
      - Cond
      - yes
      - no
  last: end
`

// TestYAMLPositions checks the value, kind and exact range of every kind of
// YAML scalar and collection.
func TestYAMLPositions(t *testing.T) {
	t.Parallel()
	r, errs := readYAML("t.yaml", []byte(positionsYAML))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	root := r.root.Get("Root")
	tests := []struct {
		key   string
		kind  syntax.Kind
		value string
		loc   string
	}{
		{"plain", syntax.KindString, "hello world", "2:10-2:21"},
		{"double", syntax.KindString, `a "quoted" text`, "3:11-3:30"},
		{"single", syntax.KindString, "it's", "4:11-4:18"},
		{"date", syntax.KindString, "2012-10-17", "5:9-5:19"},
		{"bool", syntax.KindBool, "true", "6:9-6:13"},
		{"empty", syntax.KindNull, "", "7:9-7:9"},
		{"tagged", syntax.KindMap, "", "8:11-8:56"},
		{"getatt", syntax.KindMap, "", "9:11-9:29"},
		{"flow", syntax.KindList, "", "10:9-10:28"},
		{"literal", syntax.KindString, "{\"Version\": \"2012-10-17\"}\nsecond line\n", "11:12-13:16"},
		{"folded", syntax.KindString, "folded text\n", "14:11-16:9"},
		{"multi", syntax.KindString, "first second", "17:10-18:11"},
		{"unicode", syntax.KindString, "héllo wörld", "19:12-19:25"},
		{"list", syntax.KindList, "", "21:5-25:11"},
		{"last", syntax.KindString, "end", "26:9-26:12"},
	}
	for _, tt := range tests {
		n := root.Get(tt.key)
		if n == nil {
			t.Errorf("%s: missing", tt.key)
			continue
		}
		if n.Kind != tt.kind || n.Value != tt.value || modeltest.Loc(n.Loc) != tt.loc {
			t.Errorf("%s = %s %q at %s, want %s %q at %s", tt.key, n.Kind, n.Value, modeltest.Loc(n.Loc), tt.kind, tt.value, tt.loc)
		}
	}
}

// TestShortForms checks that tags become long-form calls that keep the tag
// for messages, with the tag and the argument located.
func TestShortForms(t *testing.T) {
	t.Parallel()
	r, errs := readYAML("t.yaml", []byte(positionsYAML))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	root := r.root.Get("Root")
	sub := root.Get("tagged")
	e := sub.Entries[0]
	if e.Key != "Fn::Sub" || r.tags[sub] != "!Sub" || modeltest.Loc(e.KeyLoc) != "8:11-8:15" || modeltest.Loc(e.Value.Loc) != "8:16-8:56" {
		t.Errorf("!Sub = %s (tag %s) at %s, argument at %s", e.Key, r.tags[sub], modeltest.Loc(e.KeyLoc), modeltest.Loc(e.Value.Loc))
	}
	flow := root.Get("flow")
	if ref := flow.Items[1]; ref.Entries[0].Key != "Ref" || modeltest.Loc(ref.Loc) != "10:13-10:19" {
		t.Errorf("!Ref in flow = %v at %s", ref.Entries[0].Key, modeltest.Loc(ref.Loc))
	}
	fnIf := root.Get("list").Items[1]
	if got := r.render(fnIf); got != "!If [Cond, yes, no]" {
		t.Errorf("render = %q", got)
	}
	if got := r.render(sub); got != "!Sub arn:${AWS::Partition}:s3:::${Bucket}/*" {
		t.Errorf("render = %q", got)
	}
}

func TestYAMLErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string
	}{
		{"syntax", "a: [1, 2\nb: 3\n", []string{"t.yaml:1: invalid YAML: did not find expected ',' or ']'"}},
		{"alias", "a: &x 1\nb: *x\n", []string{"t.yaml:2:4: YAML aliases (*x) are not supported in CloudFormation templates"}},
		{"unknown tag", "a: !Bogus x\n", []string{"t.yaml:1:4: unknown tag !Bogus: CloudFormation only knows the short forms of its intrinsic functions"}},
		{"empty", "", []string{"t.yaml: empty file"}},
		{"duplicate", "a: 1\nb:\n  c: 1\n  c: 2\n", nil}, // reported by the template loader
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := readYAML("t.yaml", []byte(tt.text))
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDuplicateKeys(t *testing.T) {
	t.Parallel()
	text := "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::SQS::Queue\n"
	_, errs := Parse("t.yaml", []byte(text), Options{})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `t.yaml:4:3: duplicate key "A" (first at line 2, column 3)`) {
		t.Errorf("errors = %v", errs)
	}
}

// TestFlowLinePositions checks ranges on one line of flow YAML with runes
// of several bytes before and between the values: columns count runes.
func TestFlowLinePositions(t *testing.T) {
	t.Parallel()
	r, errs := readYAML("t.yaml", []byte(`{é: "ü€", b: [x, 'ö'], c: ünï, d: !Ref wé} # ç`+"\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	tests := []struct{ key, loc string }{
		{"é", "1:5-1:9"},
		{"b", "1:14-1:22"},
		{"c", "1:27-1:30"},
		{"d", "1:35-1:42"},
	}
	for _, tt := range tests {
		if got := modeltest.Loc(r.root.Get(tt.key).Loc); got != tt.loc {
			t.Errorf("%s at %s, want %s", tt.key, got, tt.loc)
		}
	}
	if got := modeltest.Loc(r.root.Loc); got != "1:1-1:43" {
		t.Errorf("root at %s, want 1:1-1:43", got)
	}
}

// readYAML reads the first document of a YAML stream, with the problems
// of the stream and of that document.
func readYAML(file string, data []byte) (*raw, []error) {
	docs, errs := readDocuments(file, data)
	if len(docs) == 0 {
		return nil, errs
	}
	return docs[0].raw, append(docs[0].errs, errs...)
}
