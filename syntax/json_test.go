package syntax

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
)

func TestParseJSONPositions(t *testing.T) {
	t.Parallel()
	src := "{\n  \"a\": [\"x\", 12],\n\t\"é\": {\"b\": true},\n  \"c\": null\n}"
	n, err := ParseJSON("p.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	at := func(n *Node) [4]int {
		return [4]int{n.Loc.StartLine, n.Loc.StartColumn, n.Loc.EndLine, n.Loc.EndColumn}
	}
	tests := []struct {
		name string
		node *Node
		kind Kind
		want [4]int
	}{
		{"root", n, KindMap, [4]int{1, 1, 5, 2}},
		{"a", n.Get("a"), KindList, [4]int{2, 8, 2, 17}},
		{"a[0]", n.Get("a").Items[0], KindString, [4]int{2, 9, 2, 12}},
		{"a[1]", n.Get("a").Items[1], KindNumber, [4]int{2, 14, 2, 16}},
		{"é", n.Get("é"), KindMap, [4]int{3, 7, 3, 18}},
		{"é.b", n.Get("é").Get("b"), KindBool, [4]int{3, 13, 3, 17}},
		{"c", n.Get("c"), KindNull, [4]int{4, 8, 4, 12}},
	}
	for _, tt := range tests {
		if tt.node == nil {
			t.Errorf("%s: missing", tt.name)
			continue
		}
		if tt.node.Kind != tt.kind || at(tt.node) != tt.want {
			t.Errorf("%s: kind %v at %v, want %v at %v", tt.name, tt.node.Kind, at(tt.node), tt.kind, tt.want)
		}
	}
	if k := n.Entries[1].KeyLoc; k.StartLine != 3 || k.StartColumn != 2 || k.EndColumn != 5 {
		t.Errorf("key é at %+v, want 3:2-3:5", k)
	}
	if v := n.Get("a").Items[1].Value; v != "12" {
		t.Errorf("number text = %q, want 12", v)
	}
}

func TestParseJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src, want string
	}{
		{"{\n  \"a\": 1,\n}", "p.json:3:1: invalid JSON: unexpected '}', expected a string key"},
		{"{\"a\": [1, 2}", "p.json:1:12: invalid JSON: unexpected '}', expected ',' or ']' in array"},
		{"{\"a\": ", "p.json:1:7: invalid JSON: unexpected end of input, expected a value"},
		{"", "p.json:1:1: invalid JSON: unexpected end of input, expected a value"},
		{"{} {}", "p.json:1:4: invalid JSON: unexpected '{' after the top-level value"},
		{"\xef\xbb\xbf{\"a\": tru}", "p.json:1:7: invalid JSON: unexpected 't', expected a value"},
		{"{\"é\" 1}", "p.json:1:6: invalid JSON: unexpected '1', expected ':' after the key"},
		// A secret used as a key is not repeated in the error.
		{"{\"AKIAIOSFODNN7EXAMPLE\" \"x\"}", "p.json:1:25: invalid JSON: unexpected '\"', expected ':' after the key"},
		{"[\"a\tb\"]", "p.json:1:4: invalid JSON: control character U+0009 in string (escape it)"},
		{"[\"a\\qb\"]", "p.json:1:4: invalid JSON: invalid escape '\\q' in string"},
		{"[\"\\u12\"]", "p.json:1:3: invalid JSON: invalid \\u escape"},
		{"[01]", "p.json:1:3: invalid JSON: unexpected '1' in number"},
		{"[1.]", "p.json:1:4: invalid JSON: unexpected ']' in number"},
		{"[-]", "p.json:1:3: invalid JSON: unexpected ']' in number"},
		{"[1e+]", "p.json:1:5: invalid JSON: unexpected ']' in number"},
		{"[\"abc", "p.json:1:6: invalid JSON: unexpected end of input in string"},
		{strings.Repeat("[", 1002), "p.json:1:1002: invalid JSON: nested more than 1000 levels deep"},
	}
	for _, tt := range tests {
		_, err := ParseJSON("p.json", []byte(tt.src))
		var ie *model.InputError
		if !errors.As(err, &ie) {
			t.Errorf("ParseJSON(%q) error = %v, want an InputError", tt.src, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseJSON(%q) error:\n got %s\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestParseJSONStrings(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		`"plain"`:                "plain",
		`"a\"b\\c\/d\n\t\r\b\f"`: "a\"b\\c/d\n\t\r\b\f",
		`"\u00e9\u20ac"`:         "é€",
		`"\ud83d\ude00"`:         "😀",
		`"\ud83d x"`:             "\ufffd x",
	}
	for src, want := range tests {
		n, err := ParseJSON("s.json", []byte(src))
		if err != nil || n.Value != want {
			t.Errorf("ParseJSON(%s) = %q, %v; want %q", src, n.Value, err, want)
		}
	}
}

func FuzzParseDocument(f *testing.F) {
	for _, seed := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
		`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["a","b"]},"NotAction":["s3:*"],"Condition":{"Bool":{"aws:SecureTransport":false}}}}`,
		`{"Statement":[1,null,{"Principal":"*","Condition":{"StringEquals":{"k":[1,true,"x"]}}}]}`,
		`[]`, `"x"`, `{"Statement":`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseDocument("fuzz.json", data)
		// encoding/json is the oracle for what is valid JSON.
		valid := json.Valid(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
		if (err == nil) != valid && !strings.Contains(fmt.Sprint(err), "nested more than") {
			t.Fatalf("ParseDocument error = %v, but json.Valid = %v", err, valid)
		}
		if err != nil {
			var ie *model.InputError
			if !errors.As(err, &ie) || ie.Loc.StartLine < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		for _, p := range doc.Problems {
			if p.Loc.StartLine < 1 || p.Message == "" {
				t.Fatalf("problem without position or message: %+v", p)
			}
		}
	})
}

// largeDocument is a 0.7 MB policy document of 2,000 statements with
// conditions.
func largeDocument() []byte {
	var sb strings.Builder
	sb.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	for i := range 2000 {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(`{"Sid": "S` + strings.Repeat("x", i%7) + `", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "kms:Decrypt"], ` +
			`"Resource": ["arn:aws:s3:::bucket-name/prefix/*", "arn:aws:kms:eu-west-1:111122223333:key/abcd"], ` +
			`"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123", "aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}, "Bool": {"aws:SecureTransport": true}}}`)
	}
	sb.WriteString("]}")
	return []byte(sb.String())
}

// BenchmarkParseLargeDocument is JSON reading and policy decoding together.
func BenchmarkParseLargeDocument(b *testing.B) {
	data := largeDocument()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDocument("big.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseJSON is the JSON reader alone, for comparison with
// encoding/json below.
func BenchmarkParseJSON(b *testing.B) {
	data := largeDocument()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseJSON("big.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodingJSONUnmarshal(b *testing.B) {
	data := largeDocument()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}
