package diff

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tarball(t *testing.T, entries ...*tar.Header) *bytes.Buffer {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, h := range entries {
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(h.Name))
		}
		if err := w.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			w.Write([]byte(h.Name))
		}
	}
	w.Close()
	return &b
}

// A tree is written with its files and directories only: links are left
// out, and a name that leaves the directory is an error.
func TestUntar(t *testing.T) {
	dir := t.TempDir()
	err := untar(tarball(t,
		&tar.Header{Name: "infra/", Typeflag: tar.TypeDir, Mode: 0o755},
		&tar.Header{Name: "infra/main.tf", Typeflag: tar.TypeReg, Mode: 0o644},
		&tar.Header{Name: "infra/link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"},
	), dir)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "infra", "main.tf")); err != nil || string(data) != "infra/main.tf" {
		t.Errorf("main.tf: %q, %v", data, err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "infra", "link")); !os.IsNotExist(err) {
		t.Errorf("the link was written: %v", err)
	}
	for _, name := range []string{"../escape", "/abs"} {
		err := untar(tarball(t, &tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644}), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "is outside the tree") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestExportRefRejectsOptions(t *testing.T) {
	if _, err := ExportRef(".", "--output=/tmp/x"); err == nil || !strings.Contains(err.Error(), "cannot start with -") {
		t.Errorf("got %v", err)
	}
}
