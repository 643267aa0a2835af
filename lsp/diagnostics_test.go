package lsp

import (
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/rules"
)

// Columns count characters; the protocol counts UTF-16 code units: an
// accented letter is one, an emoji two.
func TestPositionCountsUTF16(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.tf")
	lines := lineIndex{texts: map[string][]byte{path: []byte("x\n  é🔑 = \"*\"\n")}, read: map[string][]byte{}}
	for _, tc := range []struct {
		line, column int
		want         position
	}{
		{1, 1, position{0, 0}},
		{2, 3, position{1, 2}},   // before é
		{2, 4, position{1, 3}},   // before 🔑
		{2, 5, position{1, 5}},   // after 🔑: two units
		{2, 40, position{1, 11}}, // past the end: the line's length
		{9, 4, position{8, 3}},   // no such line: as given
	} {
		if got := lines.position(path, tc.line, tc.column); got != tc.want {
			t.Errorf("line %d column %d = %+v, want %+v", tc.line, tc.column, got, tc.want)
		}
	}
}

func TestSeverityOf(t *testing.T) {
	want := map[rules.Severity]int{rules.Critical: severityError, rules.High: severityError, rules.Medium: severityWarning, rules.Low: severityInformation, rules.Info: severityHint}
	for s, w := range want {
		if got := severityOf(s); got != w {
			t.Errorf("severityOf(%s) = %d, want %d", s, got, w)
		}
	}
}

func TestURIRoundTrip(t *testing.T) {
	for _, path := range []string{"/tmp/a b/main.tf", "/tmp/#x/%y.tf", "/tmp/é.tf"} {
		uri := uriOf(filepath.FromSlash(path))
		got, err := pathOf(uri)
		if err != nil || got != filepath.FromSlash(path) {
			t.Errorf("%s -> %s -> %q, %v", path, uri, got, err)
		}
	}
	if _, err := pathOf("untitled:Untitled-1"); err == nil {
		t.Error("an untitled document has no path: want an error")
	}
}
