package parsers

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/parsers/format"
)

// skipDirs are never walked: VCS data, caches, dependencies.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".hg": true, ".svn": true}

// collect lists the inputs under one scan path: the path itself when it is
// a file or standard input, else the files of a directory walk that some
// format may want, and what a format claims a directory for. A directory
// that cannot be read is reported and the walk goes on.
//
// Skip patterns are relative to opts.SkipRoot, else to path. With
// opts.FilesAsFound a named file is taken as a walk would find it.
func collect(formats []format.Format, path string, opts Options) ([]*format.Input, []error) {
	skip := opts.SkipPaths
	if path == format.StdinPath {
		in := format.NewInput(path, "", true, opts.Stdin)
		in.Files = safefile.Limit(opts.MaxFileSize)
		return []*format.Input{in}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, []error{format.ReadError(path, err)}
	}
	root := path
	if !info.IsDir() {
		root = filepath.Dir(path)
	}
	if opts.SkipRoot != "" {
		if root, err = filepath.Abs(opts.SkipRoot); err != nil {
			return nil, []error{format.ReadError(path, err)}
		}
	}
	if !info.IsDir() {
		files := safefile.NewRoot(fileRoot(path, opts.Plan.WorkDir), opts.MaxFileSize).WithOverlay(opts.Overlay)
		if opts.FilesAsFound {
			if !walks(formats, path) || skipped(root, path, skip) {
				return nil, nil
			}
			in := format.NewInput(path, filepath.Dir(path), false, nil)
			in.Files = files
			return []*format.Input{in}, nil
		}
		in := format.NewInput(path, "", true, nil)
		in.Files = files
		return []*format.Input{in}, nil
	}
	files := safefile.NewRoot(path, opts.MaxFileSize).WithOverlay(opts.Overlay)
	var (
		out  []*format.Input
		errs []error
	)
	add := func(ins ...*format.Input) {
		for _, in := range ins {
			in.Files = files
			out = append(out, in)
		}
	}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, format.ReadError(p, err))
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
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
				add(found...)
				return filepath.SkipDir
			}
			return nil
		}
		if walks(formats, p) {
			add(format.NewInput(p, path, false, nil))
		}
		return nil
	})
	if err != nil {
		errs = append(errs, format.ReadError(path, err))
	}
	return out, errs
}

// fileRoot is the directory a file named on the command line may resolve
// into: the working directory when the file is below it (a pre-commit hook
// names files of the repository), else the file's own directory.
func fileRoot(path, workDir string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Dir(path)
	}
	if workDir != "" && safefile.Within(workDir, abs) {
		return workDir
	}
	return filepath.Dir(abs)
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
