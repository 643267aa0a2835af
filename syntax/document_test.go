package syntax

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/iacscan/iacscan/model"
)

func TestDecodeDocumentForms(t *testing.T) {
	t.Parallel()
	src := `{
  "Version": "2012-10-17",
  "Id": "doc",
  "Statement": {
    "Sid": "One",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root", "Service": ["a.amazonaws.com", "b.amazonaws.com"]},
    "NotAction": "s3:*",
    "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
    "Condition": {
      "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]},
      "Bool": {"aws:SecureTransport": true},
      "NumericLessThan": {"s3:max-keys": 10}
    }
  }
}`
	doc, err := ParseDocument("p.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Problems) != 0 {
		t.Fatalf("problems: %+v", doc.Problems)
	}
	if !doc.Version.Is("2012-10-17") || !doc.ID.Is("doc") || len(doc.Statements) != 1 {
		t.Fatalf("document = %+v", doc)
	}
	st := doc.Statements[0]
	texts := func(vs model.Values) []string {
		var out []string
		for _, v := range vs.Items {
			out = append(out, v.Text)
		}
		return out
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"sid", st.Sid.Text, "One"},
		{"allows", st.Allows(), true},
		{"action set", st.Action.Set, false},
		{"not action", texts(st.NotAction), []string{"s3:*"}},
		{"resource", texts(st.Resource), []string{"arn:aws:s3:::b", "arn:aws:s3:::b/*"}},
		{"resource[1] line", st.Resource.Items[1].Loc.StartLine, 9},
		{"principal types", []string{st.Principal.Entries[0].Type.Text, st.Principal.Entries[1].Type.Text}, []string{"AWS", "Service"}},
		{"service principals", texts(st.Principal.Entries[1].Values), []string{"a.amazonaws.com", "b.amazonaws.com"}},
		{"conditions", len(st.Condition.Items), 3},
		{"condition op", st.Condition.Items[0].Operator.Text, "ForAnyValue:StringLikeIfExists"},
		{"condition bool", texts(st.Condition.Items[1].Values), []string{"true"}},
		{"condition number", texts(st.Condition.Items[2].Values), []string{"10"}},
		{"statement line", st.Loc.StartLine, 4},
		{"condition key line", st.Condition.Items[1].Key.Loc.StartLine, 12},
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestDecodeDocumentProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want []string // "line: message" of each problem
	}{
		{`[]`, []string{"1: a policy document must be an object, not a list"}},
		{`{"Statement": "x"}`, []string{`1: Statement must be an object or a list of objects, not the string "x"`}},
		{`{"Statement": [3]}`, []string{"1: a statement must be an object, not a number"}},
		{`{"Version": 1, "Statement": []}`, []string{"1: Version must be a string, not a number"}},
		{"{\"Statement\": {\"Action\": {\"a\": 1},\n \"Principal\": \"me\"}}", []string{
			"1: Action must be a string or a list of strings, not an object",
			`2: Principal must be "*" or an object of principal types, not the string "me"`,
		}},
		{`{"Statement": {"Principal": {"User": "x"}, "Condition": {"Bool": "x"}}}`, []string{
			`1: unknown principal type "User" (expected AWS, Service, Federated or CanonicalUser)`,
			`1: condition operator Bool must hold an object of keys, not the string "x"`,
		}},
		{"{\"Statement\": [],\n \"Statement\": []}", []string{`2: duplicate key "Statement" (first at line 1)`}},
	}
	for _, tt := range tests {
		doc, err := ParseDocument("p.json", []byte(tt.src))
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		var got []string
		for _, p := range doc.Problems {
			got = append(got, strconv.Itoa(p.Loc.StartLine)+": "+p.Message)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: problems (-want +got):\n%s", tt.src, diff)
		}
	}
}

func TestDecodeDocumentUnknowns(t *testing.T) {
	t.Parallel()
	loc := model.Location{File: "main.tf", StartLine: 3}
	tree := &Node{Kind: KindMap, Loc: loc, Entries: []*Entry{
		{Key: "Version", Value: StringNode("2012-10-17", loc)},
		{Key: "Statement", Value: &Node{Kind: KindList, Items: []*Node{
			{Kind: KindMap, Entries: []*Entry{
				{Key: "Effect", Value: StringNode("Allow", loc)},
				{Key: "Action", Value: UnknownNode("var.actions", loc)},
				{Key: "Resource", Value: &Node{Kind: KindString, Value: "${aws_s3_bucket.b.arn}/*", Unknown: true, Expr: "\"${aws_s3_bucket.b.arn}/*\""}},
			}},
			UnknownNode("dynamic.statement", loc),
		}}},
	}}
	doc := DecodeDocument(tree)
	st := doc.Statements[0]
	if !doc.StatementsUnknown || !st.Action.Unknown || st.Action.Expr != "var.actions" {
		t.Errorf("unknown statements/action lost: %+v %+v", doc, st.Action)
	}
	r := st.Resource.Items[0]
	if r.IsKnown() || r.Is("*") || !strings.HasSuffix(r.Text, "/*") {
		t.Errorf("partly unknown resource = %+v; want unknown keeping its shape", r)
	}
	whole := DecodeDocument(UnknownNode("aws_iam_policy.p.policy", loc))
	if !whole.Unknown || whole.Expr != "aws_iam_policy.p.policy" || len(whole.Problems) != 0 {
		t.Errorf("unknown document = %+v", whole)
	}
}
