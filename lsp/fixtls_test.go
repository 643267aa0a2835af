package lsp

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want files of testdata/tlsfix")

// Each archive of testdata/tlsfix is a folder whose first file has an
// IAM306 finding; "want" is that file after the quick fix, and without
// "want" no fix is offered.
func TestTLSQuickFix(t *testing.T) {
	archives, err := filepath.Glob("testdata/tlsfix/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no archives: %v", err)
	}
	for _, name := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			t.Parallel()
			a, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			want, wantAt := "", -1
			for i, f := range a.Files {
				if f.Name == "want" {
					want, wantAt = string(f.Data), i
					continue
				}
				if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			first := a.Files[0]
			fixed := testQuickFix(t, dir, "IAM306", first.Name, string(first.Data), tlsTitle, want)
			if *update && wantAt >= 0 && fixed != want {
				a.Files[wantAt].Data = []byte(fixed)
				if err := os.WriteFile(name, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
