// Package parsers finds the inputs under the paths of a scan, detects their
// format, hands each to its parser and merges the results into one linked
// inventory.
package parsers

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/policy"
)

// Options configure a scan's inputs.
type Options struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// SkipPaths are globs of files and directories not to read in a
	// directory walk, relative to the directory named on the command line;
	// "**" matches any number of path segments.
	SkipPaths []string
}

// StdinName is the file name findings in standard input are reported under.
const StdinName = "<stdin>"

// Load reads every input under paths (files, directories walked recursively,
// "-" for standard input) into one linked inventory. Errors name the file
// and line; a broken input never stops the others from being read.
func Load(paths []string, opts Options) (*model.Inventory, []error) {
	var (
		inputs []input
		errs   []error
	)
	for _, p := range paths {
		found, err := collect(p, opts.SkipPaths)
		if err != nil {
			errs = append(errs, err)
		}
		inputs = append(inputs, found...)
	}
	results := make([]result, len(inputs))
	parallel(len(inputs), func(i int) { results[i] = inputs[i].read(opts) })
	inv := &model.Inventory{}
	for _, r := range results {
		if r.inv != nil {
			inv.Merge(r.inv)
		}
		errs = append(errs, r.errs...)
	}
	inv.Link()
	sortErrors(errs)
	return inv, errs
}

// sortErrors orders errors by file and line, so output does not depend on
// the order paths were given or files were read.
func sortErrors(errs []error) {
	key := func(err error) model.Location {
		var ie *model.InputError
		if errors.As(err, &ie) {
			return ie.Loc
		}
		return model.Location{}
	}
	slices.SortStableFunc(errs, func(a, b error) int {
		ka, kb := key(a), key(b)
		return cmp.Or(cmp.Compare(ka.File, kb.File), cmp.Compare(ka.StartLine, kb.StartLine), cmp.Compare(ka.StartColumn, kb.StartColumn))
	})
}

// input is one file to read. Explicit inputs were named on the command line:
// a file that is no known input is an error for them, and quietly skipped in
// a directory walk.
type input struct {
	path     string
	explicit bool
}

type result struct {
	inv  *model.Inventory
	errs []error
}

// skipDirs are never walked: VCS data, caches, dependencies.
var skipDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".hg": true, ".svn": true}

func collect(path string, skip []string) ([]input, error) {
	if path == "-" {
		return []input{{path: "-", explicit: true}}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, readError(path, err)
	}
	if !info.IsDir() {
		return []input{{path: path, explicit: true}}, nil
	}
	var out []input
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return readError(p, err)
		}
		if p != path && skipped(path, p, skip) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != path && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if candidate(p) {
			out = append(out, input{path: p})
		}
		return nil
	})
	return out, err
}

// skipped reports whether p, found under root, matches a skip pattern.
func skipped(root, p string, patterns []string) bool {
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
	case ".json":
		return true
	}
	return false
}

func (in input) read(opts Options) result {
	name, data, err := in.load(opts)
	if err != nil {
		return result{errs: []error{err}}
	}
	inv, err := parse(name, data, in.explicit)
	if err != nil {
		return result{errs: []error{err}}
	}
	return result{inv: inv}
}

func (in input) load(opts Options) (string, []byte, error) {
	if in.path == "-" {
		if opts.Stdin == nil {
			return StdinName, nil, model.Errorf(model.Location{File: StdinName}, "no standard input")
		}
		data, err := io.ReadAll(opts.Stdin)
		if err != nil {
			return StdinName, nil, readError(StdinName, err)
		}
		return StdinName, data, nil
	}
	data, err := os.ReadFile(in.path)
	if err != nil {
		return in.path, nil, readError(in.path, err)
	}
	return in.path, data, nil
}

// parse detects the format of one file and reads it.
func parse(name string, data []byte, explicit bool) (*model.Inventory, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		if explicit {
			return nil, model.Errorf(model.Location{File: name}, "not a recognised input: expected a JSON policy document")
		}
		return nil, nil
	}
	n, err := model.ParseJSON(name, data)
	if err != nil {
		if explicit || bytes.Contains(data, []byte(`"Statement"`)) {
			return nil, err
		}
		return nil, nil
	}
	if policy.Looks(n) {
		return policy.FromNode(name, n), nil
	}
	if explicit {
		return nil, model.Errorf(n.Loc, "not a recognised input: this JSON is not an IAM policy document (no Statement)")
	}
	return nil, nil
}

// parallel runs f(0..n-1) on all CPUs; results go into caller-owned slots,
// so output order never depends on scheduling.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
