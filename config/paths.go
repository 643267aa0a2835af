package config

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/iacscan/iacscan/internal/repository"
	"github.com/iacscan/iacscan/internal/safefile"
)

// Root returns the directory the files a configuration names must stay
// within: the repository the configuration file is in, else the file's
// own directory. A .iacscan.yml is part of the repository being scanned,
// written by whoever opened the pull request: `baseline: /etc/passwd` must
// not make the scan read that file.
func Root(configPath string) (string, error) {
	dir, err := filepath.Abs(filepath.Dir(configPath))
	if err != nil {
		return "", err
	}
	return cmp.Or(repository.Root(dir), dir), nil
}

// checkPaths reports, with its line, each file or directory the
// configuration names (baseline, policies) that resolves outside Root,
// symbolic links resolved.
func (c *Config) checkPaths(doc *yaml.Node) error {
	root, err := Root(c.Path)
	if err != nil {
		return fmt.Errorf("%s: %w", c.Path, err)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("%s: %w", c.Path, err)
	}
	var errs []error
	check := func(key string, line int, name, path string) {
		real, err := resolve(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %s: %s: %w", c.Path, line, key, name, err))
			return
		}
		if !safefile.Within(realRoot, real) {
			errs = append(errs, fmt.Errorf("%s:%d: %s: %q is outside %s (symbolic links resolved): a configuration names files of its own repository; name others on the command line", c.Path, line, key, name, root))
		}
	}
	if c.Baseline != "" {
		check("baseline", valueLine(doc, "baseline", 0), c.Baseline, c.BaselinePath())
	}
	for i, dir := range c.PolicyDirs() {
		check("policies", valueLine(doc, "policies", i), c.Policies[i], dir)
	}
	return errors.Join(errs...)
}

// resolve returns the absolute path with symbolic links resolved, for a
// path that need not exist: its deepest existing ancestor is resolved and
// the rest appended.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for p := abs; ; {
		real, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// valueLine is the line of a top-level key's value in the document: of
// its i-th item when the value is a list.
func valueLine(doc *yaml.Node, key string, i int) int {
	if doc == nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return 0
	}
	m := doc.Content[0]
	for k := 0; k+1 < len(m.Content); k += 2 {
		if m.Content[k].Value != key {
			continue
		}
		v := m.Content[k+1]
		if v.Kind == yaml.SequenceNode && i < len(v.Content) {
			return v.Content[i].Line
		}
		return v.Line
	}
	return 0
}
