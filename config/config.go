package config

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iacscan/iacscan/internal/repository"
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// FileName is the configuration file looked for from the scanned path upward.
const FileName = ".iacscan.yml"

// Config is the content of .iacscan.yml. Every field is optional.
type Config struct {
	Rules struct {
		Enable  []string `yaml:"enable"`  // ID, name or glob; as --rule
		Disable []string `yaml:"disable"` // as --skip-rule
	} `yaml:"rules"`
	// Severity overrides a rule's default severity, by ID or name.
	Severity map[string]string `yaml:"severity"`
	FailOn   string            `yaml:"fail_on"`
	// SkipPaths are globs (with ** for any depth) of paths not to scan,
	// relative to the configuration file's directory.
	SkipPaths []string `yaml:"skip_paths"`
	// Baseline is a baseline file (iacscan baseline), relative to the
	// configuration file, inside Root.
	Baseline string `yaml:"baseline"`

	// The settings rules read (trusted_accounts, org_ids,
	// require_boundaries), declared once, in package rules.
	rules.Config `yaml:",inline"`

	// Accounts name the accounts of the organization by the name people
	// use: the account ID, the OU it is in, whether it is the management
	// account, and the paths (relative to the configuration file)
	// deployed to it. They place principals the code does not place.
	Accounts map[string]Account `yaml:"accounts"`

	// PeerSuppressions: other scanners' suppression comments (checkov,
	// tfsec, trivy, KICS) are honoured where their check means the same as
	// a rule; false turns that off. Unset means true.
	PeerSuppressions *bool `yaml:"peer_suppressions"`

	// Policies are directories of custom Rego rules, relative to the
	// configuration file, inside Root.
	Policies []string `yaml:"policies"`

	// Path is the file the configuration was read from ("" for none).
	Path string `yaml:"-"`
}

// Account is one entry of accounts.
type Account struct {
	ID         string   `yaml:"id"`
	OU         string   `yaml:"ou"` // name or ID (ou-…, r-… or "root") of the OU it is in
	Management bool     `yaml:"management"`
	Paths      []string `yaml:"paths"`
	Line       int      `yaml:"-"` // where the entry is, for messages
}

// maxConfigSize bounds the configuration file: a real one is a few lines.
const maxConfigSize = 1 << 20

// Find looks for .iacscan.yml in dir and its parents, up to the root of the
// repository dir is in (see package repository), and returns its path, or "" when there is none.
// A configuration outside the repository belongs to another project.
func Find(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, FileName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p
		}
		if repository.IsRoot(dir) {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Load reads and validates a configuration file. Unknown keys are errors,
// so a typo never silently turns a setting off. Errors say path:line: key.
//
// The file must be a regular file that resolves inside its own directory:
// a repository's .iacscan.yml linked to /etc/passwd would otherwise print
// that file's lines in the errors.
func Load(path string) (*Config, error) {
	data, err := safefile.NewRoot(filepath.Dir(path), maxConfigSize).ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg := &Config{Path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	if len(doc.Content) > 0 {
		if err := decode(path, doc.Content[0], cfg); err != nil {
			return nil, err
		}
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.checkPaths(&doc); err != nil {
		return nil, err
	}
	return cfg, nil
}

// yamlError formats a YAML syntax error as path:line: message.
func yamlError(path string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		return fmt.Errorf("%s:%s", path, rest)
	}
	return fmt.Errorf("%s: %s", path, msg)
}

func (c *Config) validate() error {
	if c.FailOn != "" {
		if _, err := rules.ParseSeverity(c.FailOn); err != nil {
			return fmt.Errorf("fail_on: %w", err)
		}
	}
	for key, sev := range c.Severity {
		// Other keys may name custom rules, known once the policies are
		// loaded: CheckRules judges them then.
		if rules.Lookup(rules.All, key) == nil && strings.HasPrefix(strings.ToUpper(key), "IAM") {
			return fmt.Errorf("severity: no rule %q", key)
		}
		if _, err := rules.ParseSeverity(sev); err != nil {
			return fmt.Errorf("severity of %s: %w", key, err)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Accounts)) {
		if a := c.Accounts[name]; !model.IsAccountID(a.ID) {
			return fmt.Errorf("accounts.%s: id %q is not a 12-digit account ID", name, a.ID)
		}
	}
	for _, p := range c.SkipPaths {
		if _, err := filepath.Match(p, ""); err != nil {
			return fmt.Errorf("skip_paths: bad pattern %q: %w", p, err)
		}
	}
	return nil
}

// CheckRules reports a severity override that names none of the rules,
// built-in and custom.
func (c *Config) CheckRules(all []*rules.Rule) error {
	for key := range c.Severity {
		if rules.Lookup(all, key) == nil {
			return fmt.Errorf("%s: severity: no rule %q", c.Path, key)
		}
	}
	return nil
}

// HonoursPeers reports whether peers' suppression comments apply.
func (c *Config) HonoursPeers() bool {
	return c.PeerSuppressions == nil || *c.PeerSuppressions
}

// PolicyDirs returns the policy directories, relative to the working
// directory.
func (c *Config) PolicyDirs() []string {
	dirs := make([]string, 0, len(c.Policies))
	for _, d := range c.Policies {
		if !filepath.IsAbs(d) && c.Path != "" {
			d = filepath.Join(filepath.Dir(c.Path), d)
		}
		dirs = append(dirs, d)
	}
	return dirs
}

// Dir is the directory of the configuration file, which relative paths in
// it start from; "" when there is no file.
func (c *Config) Dir() string {
	if c.Path == "" {
		return ""
	}
	return filepath.Dir(c.Path)
}

// BaselinePath returns the baseline file the configuration names, relative
// to the working directory (as the configuration file's path is), or "".
func (c *Config) BaselinePath() string {
	if c.Baseline == "" || filepath.IsAbs(c.Baseline) {
		return c.Baseline
	}
	return filepath.Join(filepath.Dir(c.Path), c.Baseline)
}

// AccountMappings returns the configured accounts, sorted by name, with
// their paths made absolute from the configuration file's directory.
func (c *Config) AccountMappings() []model.AccountMapping {
	var out []model.AccountMapping
	for _, name := range slices.Sorted(maps.Keys(c.Accounts)) {
		a := c.Accounts[name]
		m := model.AccountMapping{Name: name, ID: a.ID, OU: a.OU, Management: a.Management,
			Loc: model.Location{File: c.Path, StartLine: a.Line, EndLine: a.Line}}
		for _, p := range a.Paths {
			if !filepath.IsAbs(p) {
				p = filepath.Join(c.Dir(), p)
			}
			if abs, err := filepath.Abs(p); err == nil {
				m.Paths = append(m.Paths, abs)
			}
		}
		out = append(out, m)
	}
	return out
}

// RuleConfig returns the settings rules read.
func (c *Config) RuleConfig() *rules.Config {
	rc := c.Config
	return &rc
}

// OptIn names the rules that are off by default and that the settings turn
// on (Rule.Required).
func (c *Config) OptIn() []string {
	var ids []string
	for _, r := range rules.All {
		if r.Required == nil {
			continue
		}
		if _, on := r.Required(&c.Config); on {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// ApplySeverity returns the rules with the configured severities. Rules are
// copied, never changed in place: rules.All stays as declared.
func (c *Config) ApplySeverity(rs []*rules.Rule) []*rules.Rule {
	out := make([]*rules.Rule, len(rs))
	for i, r := range rs {
		out[i] = r
		if r.Required != nil {
			if sev, on := r.Required(&c.Config); on {
				copied := *r
				copied.Severity = sev
				out[i] = &copied
			}
		}
		for key, name := range c.Severity {
			if rules.Lookup([]*rules.Rule{r}, key) != nil {
				sev, _ := rules.ParseSeverity(name) // validated in Load
				copied := *r
				copied.Severity = sev
				out[i] = &copied
			}
		}
	}
	return out
}
