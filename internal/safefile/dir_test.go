package safefile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestDirReaderReadsAsRoot: a directory's files read through a DirReader
// give what Root.ReadFile gives, data and errors alike, for regular files,
// links inside and outside the root, directories, files over the limit and
// missing files, names that climb out of the directory (and the root), in
// a directory inside the root and in one linked from outside it.
func TestDirReaderReadsAsRoot(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "root")
	outside := filepath.Join(base, "outside")
	for _, dir := range []string{filepath.Join(root, "m", "sub.tf"), outside} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(path, content string) {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, path string) {
		if err := os.Symlink(target, path); err != nil {
			t.Skipf("no symbolic links: %v", err)
		}
	}
	write(filepath.Join(root, "m", "main.tf"), "small")
	write(filepath.Join(root, "m", "big.tf"), "more than ten bytes")
	write(filepath.Join(root, "shared.tf"), "shared")
	write(filepath.Join(outside, "secret.tf"), "secret")
	link("../shared.tf", filepath.Join(root, "m", "in.tf"))
	link(filepath.Join(outside, "secret.tf"), filepath.Join(root, "m", "out.tf"))
	link(outside, filepath.Join(root, "linked"))

	r := NewRoot(root, 10)
	result := func(data []byte, err error) string { return fmt.Sprintf("%q %v", data, err) }
	for _, dir := range []string{filepath.Join(root, "m"), filepath.Join(root, "linked")} {
		d := r.DirReader(dir)
		for _, name := range []string{"main.tf", "big.tf", "in.tf", "out.tf", "sub.tf", "missing.tf", "secret.tf", "../shared.tf", "../../outside/secret.tf", "..", "."} {
			want := result(r.ReadFile(filepath.Join(dir, name)))
			if got := result(d.ReadFile(name)); got != want {
				t.Errorf("%s/%s: got %s, want %s", filepath.Base(dir), name, got, want)
			}
		}
	}
	if data, err := r.DirReader(filepath.Join(root, "m")).ReadFile("main.tf"); err != nil || !bytes.Equal(data, []byte("small")) {
		t.Errorf("main.tf: %q, %v", data, err)
	}
}
