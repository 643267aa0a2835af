package parsers

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/parsers/format"
)

// skipDirs are never walked: VCS data, caches, dependencies.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".hg": true, ".svn": true}

// collect lists the inputs under one scan path: the path itself when it is
// a file or standard input, else the files of a directory walk that some
// format may want, and what a format claims a directory for.
//
// Skip patterns are relative to opts.SkipRoot, else to path. With
// opts.FilesAsFound a named file is taken as a walk would find it.
func collect(formats []format.Format, path string, opts Options) ([]*format.Input, error) {
	skip := opts.SkipPaths
	if path == format.StdinPath {
		return []*format.Input{format.NewInput(path, "", true, opts.Stdin)}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, format.ReadError(path, err)
	}
	root := path
	if !info.IsDir() {
		root = filepath.Dir(path)
	}
	if opts.SkipRoot != "" {
		if root, err = filepath.Abs(opts.SkipRoot); err != nil {
			return nil, format.ReadError(path, err)
		}
	}
	if !info.IsDir() {
		if opts.FilesAsFound {
			if !walks(formats, path) || skipped(root, path, skip) {
				return nil, nil
			}
			return []*format.Input{format.NewInput(path, filepath.Dir(path), false, nil)}, nil
		}
		return []*format.Input{format.NewInput(path, "", true, nil)}, nil
	}
	var out []*format.Input
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return format.ReadError(p, err)
		}
		if p != path && skipped(root, p, skip) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != path && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if found, ok := claimDir(formats, p); ok {
				out = append(out, found...)
				return filepath.SkipDir
			}
			return nil
		}
		if walks(formats, p) {
			out = append(out, format.NewInput(p, path, false, nil))
		}
		return nil
	})
	return out, err
}

// skipped reports whether p, found under root, matches a skip pattern.
func skipped(root, p string, patterns []string) bool {
	if filepath.IsAbs(root) && !filepath.IsAbs(p) {
		abs, err := filepath.Abs(p)
		if err != nil {
			return false
		}
		p = abs
	}
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, pat := range patterns {
		if matchGlob(strings.Split(pat, "/"), strings.Split(rel, "/")) {
			return true
		}
	}
	return false
}

// matchGlob matches path segments against pattern segments, where a "**"
// segment matches any number of segments.
func matchGlob(pattern, segments []string) bool {
	if len(pattern) == 0 {
		return len(segments) == 0
	}
	if pattern[0] == "**" {
		for i := 0; i <= len(segments); i++ {
			if matchGlob(pattern[1:], segments[i:]) {
				return true
			}
		}
		return false
	}
	if len(segments) == 0 {
		return false
	}
	ok, _ := path.Match(pattern[0], segments[0])
	return ok && matchGlob(pattern[1:], segments[1:])
}

// claimDir asks the formats whether one of them claims a directory whole.
func claimDir(formats []format.Format, dir string) ([]*format.Input, bool) {
	for _, f := range formats {
		if c, ok := f.(format.DirClaimer); ok {
			if found, ok := c.ClaimDir(dir); ok {
				return found, true
			}
		}
	}
	return nil, false
}

// walks reports whether a file found in a walk may be some format's input.
func walks(formats []format.Format, path string) bool {
	for _, f := range formats {
		if f.Walks(filepath.Base(path)) {
			return true
		}
	}
	return false
}

// scanRoot is the directory a scan path stands for: itself, or the
// directory of a named file.
func scanRoot(path string) string {
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		return filepath.Dir(path)
	}
	return path
}
