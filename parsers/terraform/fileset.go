package terraform

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// maxFileset bounds the files fileset returns: policies come in tens, and a
// pattern over a huge tree must not hold the scan.
const maxFileset = 10000

// filesetFunc is Terraform's fileset(path, pattern): the files under path
// (inside the sandbox) whose path relative to it matches pattern, where
// "*" and "?" stay within a directory, "**" spans directories and {a,b}
// is an alternative. Symbolic links leading out of the sandbox are skipped.
// Every entry the walk visits is paid for from the budget: a fileset over
// the whole repository, called for each of a thousand instances, must not
// hold the scan.
func filesetFunc(sb sandbox, base string, b *budget) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "pattern", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Set(cty.String)),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			dir, err := sb.resolve(base, args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.Set(cty.String)), err
			}
			patterns := expandBraces(filepath.ToSlash(args[1].AsString()))
			var found []cty.Value
			err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || p == dir {
					return nil
				}
				if !b.spend(1) {
					return errLimit
				}
				if len(found) >= maxFileset {
					return filepath.SkipAll
				}
				if d.Type()&fs.ModeSymlink != 0 {
					real, err := sb.resolve(".", p)
					if err != nil {
						return nil // it leads out of the sandbox
					}
					if info, err := os.Stat(real); err != nil || info.IsDir() {
						return nil
					}
				} else if d.IsDir() {
					return nil
				}
				rel, err := filepath.Rel(dir, p)
				if err != nil {
					return nil
				}
				rel = filepath.ToSlash(rel)
				for _, pat := range patterns {
					if globMatch(strings.Split(pat, "/"), strings.Split(rel, "/")) {
						found = append(found, cty.StringVal(rel))
						break
					}
				}
				return nil
			})
			if err != nil {
				return cty.UnknownVal(cty.Set(cty.String)), err
			}
			if len(found) == 0 {
				return cty.SetValEmpty(cty.String), nil
			}
			slices.SortFunc(found, func(a, b cty.Value) int { return strings.Compare(a.AsString(), b.AsString()) })
			return cty.SetVal(found), nil
		},
	})
}

// globMatch matches path segments against pattern segments; "**" matches
// any number of segments.
func globMatch(pattern, segments []string) bool {
	if len(pattern) == 0 {
		return len(segments) == 0
	}
	if pattern[0] == "**" {
		for i := 0; i <= len(segments); i++ {
			if globMatch(pattern[1:], segments[i:]) {
				return true
			}
		}
		return false
	}
	if len(segments) == 0 {
		return false
	}
	ok, err := path.Match(pattern[0], segments[0])
	return err == nil && ok && globMatch(pattern[1:], segments[1:])
}

// expandBraces turns "{a,b}.json" into "a.json" and "b.json" (one level of
// alternatives at a time, a bounded number of them).
func expandBraces(pattern string) []string {
	open := strings.IndexByte(pattern, '{')
	if open < 0 {
		return []string{pattern}
	}
	end := strings.IndexByte(pattern[open:], '}')
	if end < 0 {
		return []string{pattern}
	}
	end += open
	var out []string
	for _, alt := range strings.Split(pattern[open+1:end], ",") {
		for _, rest := range expandBraces(pattern[end+1:]) {
			out = append(out, pattern[:open]+alt+rest)
			if len(out) >= 64 {
				return out
			}
		}
	}
	return out
}
