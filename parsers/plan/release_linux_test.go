package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/internal/safefile"
)

// Released pages of a mapped file read back the same: they are dropped
// from the process, not from the file.
func TestReleasePages(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "big.json")
	want := bytes.Repeat([]byte(`{"resource":"aws_iam_role"},`), 6<<20/28)
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	data, release, unmap, err := mapFile(safefile.NewRoot(filepath.Dir(path), 0), path)
	if err != nil {
		t.Fatal(err)
	}
	defer unmap()
	if release == nil {
		t.Fatal("a file of 6 MB is mapped, with pages to release")
	}
	if !bytes.Equal(data, want) {
		t.Fatal("mapped data differs from the file")
	}
	release(3, len(data)) // not on a page boundary
	release(0, len(data)+1)
	release(len(data), 0)
	if !bytes.Equal(data, want) {
		t.Fatal("data differs after its pages were released")
	}
}
