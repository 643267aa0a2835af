package format

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInputReadsOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.json")
	if err := os.WriteFile(path, []byte("\xef\xbb\xbf  {\"Statement\": []}"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := NewInput(path, "", true, nil)
	if got := string(in.Head()); !strings.HasSuffix(got, `{"Statement": []}`) {
		t.Errorf("Head = %q", got)
	}
	if !in.LooksJSON() {
		t.Error("a JSON object after a byte order mark and spaces looks like JSON")
	}
	n, err := in.JSON()
	if err != nil || n.Get("Statement") == nil {
		t.Fatalf("JSON = %v, %v", n, err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if again, _ := in.JSON(); again != n || in.Err() != nil || len(in.Data()) == 0 {
		t.Error("the content is read and parsed once, for every format that asks")
	}
}

func TestInputErrors(t *testing.T) {
	missing := NewInput(filepath.Join(t.TempDir(), "gone.json"), "", true, nil)
	if missing.Head() != nil || missing.Err() != nil {
		t.Error("Head leaves a read error to Data")
	}
	missing.Data()
	if err := missing.Err(); !errors.Is(err, fs.ErrNotExist) || !strings.HasSuffix(err.Error(), ": cannot read: no such file or directory") {
		t.Errorf("Err = %v", err)
	}

	stdin := NewInput(StdinPath, "", true, nil)
	if stdin.Name() != StdinName || len(stdin.Data()) != 0 {
		t.Errorf("standard input is named %q", stdin.Name())
	}
	if err := stdin.Err(); err == nil || err.Error() != "<stdin>: no standard input" {
		t.Errorf("Err = %v", err)
	}

	text := NewInput(StdinPath, "", true, strings.NewReader("Resources: {}"))
	if text.LooksJSON() || string(text.Head()) != "Resources: {}" {
		t.Error("standard input is read whole, and YAML is not JSON")
	}
	if _, err := text.JSON(); err == nil {
		t.Error("YAML does not parse as JSON")
	}
}
