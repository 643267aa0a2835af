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

// FuzzUntar: any stream is read without panic, and nothing is written
// outside the directory.
func FuzzUntar(f *testing.F) {
	seed := func(hs ...*tar.Header) {
		var b bytes.Buffer
		w := tar.NewWriter(&b)
		for _, h := range hs {
			w.WriteHeader(h)
			if h.Typeflag == tar.TypeReg {
				w.Write(make([]byte, h.Size))
			}
		}
		w.Close()
		f.Add(b.Bytes())
	}
	seed(&tar.Header{Name: "a/b.tf", Typeflag: tar.TypeReg, Size: 3, Mode: 0o644})
	seed(&tar.Header{Name: "../x", Typeflag: tar.TypeReg, Size: 1, Mode: 0o644})
	seed(&tar.Header{Name: "l", Typeflag: tar.TypeSymlink, Linkname: ".."})
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "tree")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		_ = untar(bytes.NewReader(data), dir)
		entries, err := os.ReadDir(parent)
		if err != nil || len(entries) != 1 {
			t.Fatalf("written beside the tree: %v %v", entries, err)
		}
	})
}
