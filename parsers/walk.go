package parsers

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// skipDirs are never walked: VCS data, caches, dependencies.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".hg": true, ".svn": true}

// collect lists the candidate inputs under path. Skip patterns are relative
// to opts.SkipRoot, or to path when it is empty.
func collect(path string, opts Options) ([]input, error) {
	skip, skipRoot := opts.SkipPaths, opts.SkipRoot
	if path == "-" {
		return []input{{path: "-", explicit: true}}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, readError(path, err)
	}
	if !info.IsDir() {
		if opts.FilesAsFound {
			if !candidate(path) || skipped(skipRootOr(skipRoot, filepath.Dir(path)), path, skip) {
				return nil, nil
			}
			return []input{{path: path}}, nil
		}
		return []input{{path: path, explicit: true}}, nil
	}
	root := path
	if skipRoot != "" {
		if root, err = filepath.Abs(skipRoot); err != nil {
			return nil, readError(path, err)
		}
	}
	var out []input
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return readError(p, err)
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
			if found, ok := cdkAssembly(p); ok {
				out = append(out, found...)
				return filepath.SkipDir
			}
			return nil
		}
		if candidate(p) {
			out = append(out, input{path: p, root: path})
		}
		return nil
	})
	return out, err
}

func skipRootOr(skipRoot, dir string) string {
	if skipRoot == "" {
		return dir
	}
	if abs, err := filepath.Abs(skipRoot); err == nil {
		return abs
	}
	return skipRoot
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

// readError reports an unreadable file without repeating its path.
func readError(path string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &model.InputError{Loc: model.Location{File: path}, Message: "cannot read: " + msg, Err: err}
}

// candidate reports whether a file name could be an input at all.
func candidate(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".yaml", ".yml", ".template", ".tf":
		return true
	}
	return false
}
