package plan

import (
	"testing"
	"unicode/utf16"
)

func utf16le(s string, bom bool) []byte {
	var out []byte
	if bom {
		out = append(out, 0xff, 0xfe)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

func utf16be(s string) []byte {
	out := []byte{0xfe, 0xff}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return out
}

func TestNormalise(t *testing.T) {
	t.Parallel()
	const doc = `{"format_version":"1.2","terraform_version":"1.11.4","values":{"é":1}}`
	tests := []struct {
		name    string
		in      []byte
		ok      bool
		data    string // the UTF-8 text
		start   int
		wrapped bool
	}{
		{"plain", []byte(doc), true, doc, 0, false},
		{"leading space", []byte("\n  " + doc), true, "\n  " + doc, 3, false},
		{"utf-8 bom", []byte("\xef\xbb\xbf" + doc), true, doc, 0, false},
		{"utf-16le bom", utf16le(doc, true), true, doc, 0, false},
		{"utf-16le no bom", utf16le(doc, false), true, doc, 0, false},
		{"utf-16be bom", utf16be(doc), true, doc, 0, false},
		{"utf-16le bom and bom inside", utf16le("\ufeff"+doc, true), true, doc, 0, false},
		{"wrapper", []byte("[command]/tmp/terraform-bin show -json tfplan\n" + doc + "\n::set-output name=exitcode::0\n"),
			true, "[command]/tmp/terraform-bin show -json tfplan\n" + doc + "\n::set-output name=exitcode::0\n", 46, true},
		{"crlf wrapper", []byte("Running terraform\r\n" + doc), true, "Running terraform\r\n" + doc, 19, true},
		{"no json", []byte("Plan: 1 to add, 0 to change, 0 to destroy.\n"), false, "", 0, false},
		{"array", []byte(`[1, 2]`), false, "", 0, false},
		{"empty", nil, false, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := normalise(tt.in)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if string(got.data) != tt.data || got.start != tt.start || got.wrapped != tt.wrapped {
				t.Errorf("got (%q, %d, %v), want (%q, %d, %v)", got.data, got.start, got.wrapped, tt.data, tt.start, tt.wrapped)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	t.Parallel()
	data := []byte("ab\ncé\n\nxyz")
	p := newPositions("f", data)
	// Out of order on purpose: the counter must restart correctly.
	for _, tt := range []struct{ off, line, col int }{
		{0, 1, 1}, {4, 2, 2}, {6, 2, 3}, {8, 4, 1}, {10, 4, 3}, {1, 1, 2}, {11, 4, 4}, {99, 4, 4},
	} {
		loc := p.at(tt.off)
		if loc.StartLine != tt.line || loc.StartColumn != tt.col {
			t.Errorf("at(%d) = %d:%d, want %d:%d", tt.off, loc.StartLine, loc.StartColumn, tt.line, tt.col)
		}
	}
}

func TestModuleCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr string
		want string
		err  bool
	}{
		{"", "", false},
		{"module.app", "app", false},
		{`module.a["x"].module.b[0]`, "a.b", false},
		{`module.a["with.dots] and \"quotes\""].module.c`, "a.c", false},
		{"module.a[12].module.b", "a.b", false},
		{"aws_iam_role.x", "", true},
		{"module.", "", true},
		{`module.a["x`, "", true},
		{"module.a[]", "", true},
		{"module.a.b", "", true},
	}
	for _, tt := range tests {
		calls, err := moduleCalls(tt.addr)
		if (err != nil) != tt.err {
			t.Errorf("moduleCalls(%q) error = %v, want error %v", tt.addr, err, tt.err)
			continue
		}
		if got := callKey(calls); got != tt.want {
			t.Errorf("moduleCalls(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
