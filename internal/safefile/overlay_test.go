package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// An overlay replaces the content of files that exist inside the root,
// through Root and DirReader alike, and keeps to the size limit and the
// root as the files on disk do.
func TestOverlay(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	write := func(path, text string) string {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			t.Fatal(err)
		}
		return real
	}
	mainTF := write(filepath.Join(root, "main.tf"), "on disk")
	big := write(filepath.Join(root, "big.tf"), "small")
	secret := write(filepath.Join(outside, "secret.tf"), "outside")
	if err := os.Symlink(filepath.Join(outside, "secret.tf"), filepath.Join(root, "link.tf")); err != nil {
		t.Fatal(err)
	}
	overlay := Overlay{
		mainTF: []byte("in the editor"),
		big:    []byte("larger than the limit"),
		secret: []byte("overlaid outside"),
		filepath.Join(filepath.Dir(mainTF), "new.tf"): []byte("not on disk"),
	}
	files := NewRoot(root, 16).WithOverlay(overlay)
	dir := files.DirReader(root)
	for _, read := range []struct {
		name string
		read func(name string) ([]byte, error)
	}{
		{"Root", func(name string) ([]byte, error) { return files.ReadFile(filepath.Join(root, name)) }},
		{"DirReader", dir.ReadFile},
	} {
		if got, err := read.read("main.tf"); err != nil || string(got) != "in the editor" {
			t.Errorf("%s main.tf = %q, %v; want the overlay", read.name, got, err)
		}
		if _, err := read.read("big.tf"); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s big.tf: err = %v, want ErrTooLarge for an overlay over the limit", read.name, err)
		}
		if got, err := read.read("link.tf"); !errors.Is(err, ErrOutsideRoot) {
			t.Errorf("%s link.tf = %q, %v; want ErrOutsideRoot", read.name, got, err)
		}
		if got, err := read.read("new.tf"); err == nil {
			t.Errorf("%s new.tf = %q; want an error: only files that exist are overlaid", read.name, got)
		}
	}
	if got, ok := files.Overlaid(filepath.Join(root, "main.tf")); !ok || string(got) != "in the editor" {
		t.Errorf("Overlaid(main.tf) = %q, %v", got, ok)
	}
	if _, ok := files.Overlaid(filepath.Join(root, "link.tf")); ok {
		t.Error("Overlaid(link.tf): a link out of the root is not overlaid")
	}
	// A read may change what it was given; the overlay stays as it was.
	got, _ := files.ReadFile(filepath.Join(root, "main.tf"))
	got[0] = 'X'
	if string(overlay[mainTF]) != "in the editor" {
		t.Errorf("the overlay changed through a read: %q", overlay[mainTF])
	}
}
