package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/parsers/terraform"
)

// sources finds the .tf files of the modules a plan was made from: the root
// module in the configuration directory, local modules by the source paths
// in the plan's configuration section, and registry or git modules where
// terraform init installed them (.terraform/modules/modules.json).
//
// The modules are parsed by the Terraform parser, once: its HCL scan of the
// same configuration (applyHCL) reuses them.
type sources struct {
	root     string
	cfg      *configuration
	parsed   *terraform.Modules
	manifest map[string]string                      // call key → module directory
	modules  map[string]map[string]*terraform.Block // by call key; nil when not found
	problems map[string]error                       // why a module was not found
	warn     func(error)
}

func newSources(root string, cfg *configuration, parsed *terraform.Modules, warn func(error)) *sources {
	s := &sources{
		root:     root,
		cfg:      cfg,
		parsed:   parsed,
		manifest: make(map[string]string),
		modules:  make(map[string]map[string]*terraform.Block),
		problems: make(map[string]error),
		warn:     warn,
	}
	s.readManifest()
	return s
}

// manifestFile is where terraform init records the installed modules.
const manifestFile = ".terraform/modules/modules.json"

func (s *sources) readManifest() {
	path := filepath.Join(s.root, manifestFile)
	data, err := safefile.NewRoot(s.root, 0).ReadFile(path)
	if err != nil {
		return // not initialised: local modules are still found
	}
	var m struct {
		Modules []struct{ Key, Source, Dir string }
	}
	if err := json.Unmarshal(data, &m); err != nil {
		s.warn(warningf(path, "cannot read the module manifest: %v", err))
		return
	}
	for _, mod := range m.Modules {
		s.manifest[mod.Key] = mod.Dir
	}
}

// block returns the source of a resource block, or nil when its module or
// the block is not found.
func (s *sources) block(calls []string, key string) *terraform.Block {
	if s == nil {
		return nil
	}
	if m := s.module(calls); m != nil {
		return m[key]
	}
	return nil
}

// module returns the blocks of a module's files, read on first use.
func (s *sources) module(calls []string) map[string]*terraform.Block {
	key := callKey(calls)
	if m, ok := s.modules[key]; ok {
		return m
	}
	dir, err := s.dir(calls)
	var m map[string]*terraform.Block
	if err == nil {
		m, err = s.parsed.Blocks(dir, s.warn)
	}
	if err != nil {
		s.problems[key] = err
	}
	s.modules[key] = m
	return m
}

// dir returns the directory of a module.
func (s *sources) dir(calls []string) (string, error) {
	if len(calls) == 0 {
		return s.root, nil
	}
	key := callKey(calls)
	if dir, ok := s.manifest[key]; ok {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(s.root, dir)
		}
		return dir, nil
	}
	source, ok := s.cfg.sources[key]
	switch {
	case !ok:
		return "", errors.New("not in the plan's configuration")
	case isLocal(source):
		parent, err := s.dir(calls[:len(calls)-1])
		if err != nil {
			return "", err
		}
		return filepath.Join(parent, filepath.FromSlash(source)), nil
	}
	return "", fmt.Errorf("source %q is not installed in %s (run terraform init there)", source, s.root)
}

// isLocal reports whether a module source is a local path, as Terraform
// decides it.
func isLocal(source string) bool {
	return strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../") ||
		strings.HasPrefix(source, `.\`) || strings.HasPrefix(source, `..\`)
}

// moduleName formats a module call path for messages: module.a.module.b.
func moduleName(calls []string) string {
	if len(calls) == 0 {
		return "the root module"
	}
	return "module." + strings.Join(calls, ".module.")
}
