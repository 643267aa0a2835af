package safefile

import (
	"os"
	"path/filepath"
)

// DirReader reads the files of one directory inside a Root, resolving the
// directory's symbolic links once rather than for every file: a module
// directory's files are read one after another, and resolving each path
// costs a system call per path component.
type DirReader struct {
	root Root
	path string
	real string // path's real path, inside the root; empty when it is not
}

// DirReader returns a reader of the directory path of r. Its files are
// read as r.ReadFile reads them, with the same errors.
func (r Root) DirReader(path string) DirReader {
	d := DirReader{root: r, path: path}
	if real, err := r.Resolve(path); err == nil {
		d.real = real
	}
	return d
}

// ReadFile reads the file name in the directory, as d's Root reads
// filepath.Join(d.path, name). A regular file (not a link) named by a
// directory entry is read from the directory's real path, checked with one
// Lstat; anything else (a link, a path with separators or "..") goes
// through Root.ReadFile, which keeps it inside the root.
func (d DirReader) ReadFile(name string) ([]byte, error) {
	path := filepath.Join(d.path, name)
	if d.real == "" || name != filepath.Base(name) || name == ".." || name == "." {
		return d.root.ReadFile(path)
	}
	real := filepath.Join(d.real, name)
	info, err := os.Lstat(real)
	if err != nil || !info.Mode().IsRegular() {
		return d.root.ReadFile(path)
	}
	if data, ok, err := d.root.fromOverlay(path, real); ok {
		return data, err
	}
	if info.Size() > d.root.MaxSize() {
		return d.root.ReadFile(path)
	}
	return d.root.readReal(path, real)
}
