package model

import (
	"errors"
	"strings"
	"testing"
)

func TestParseJSONPositions(t *testing.T) {
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
	tests := []struct {
		src, want string
	}{
		{"{\n  \"a\": 1,\n}", "p.json:3:1: invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"{\"a\": [1, 2}", "p.json:1:12: invalid JSON: invalid character '}' after array element"},
		{"{\"a\": ", "p.json:1:7: invalid JSON: unexpected end of input"},
		{"", "p.json:1:1: invalid JSON: unexpected end of input"},
		{"{} {}", "p.json:1:4: invalid JSON: unexpected '{' after the top-level value"},
		{"\xef\xbb\xbf{\"a\": tru}", "p.json:1:10: invalid JSON: invalid character '}' in literal true (expecting 'e')"},
	}
	for _, tt := range tests {
		_, err := ParseJSON("p.json", []byte(tt.src))
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("ParseJSON(%q) error = %v, want an InputError", tt.src, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseJSON(%q) error:\n got %s\nwant %s", tt.src, err, tt.want)
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
		if err != nil {
			var ie *InputError
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

// BenchmarkParseLargeDocument parses a 1 MB policy document (2,000
// statements with conditions).
func BenchmarkParseLargeDocument(b *testing.B) {
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
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDocument("big.json", data); err != nil {
			b.Fatal(err)
		}
	}
}
