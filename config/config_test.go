package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

func write(t *testing.T, dir, content string) string {
	t.Helper()
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := write(t, dir, `
rules:
  disable: [IAM412]
severity:
  full-admin: high
fail_on: medium
skip_paths: ["examples/**"]
trusted_accounts: ["111122223333"]
org_ids: [o-abc123]
require_boundaries: true
`)
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.FailOn != "medium" || cfg.Rules.Disable[0] != "IAM412" || !cfg.RequireBoundaries {
		t.Errorf("config = %+v", cfg)
	}
	rc := cfg.RuleConfig()
	if rc.TrustedAccounts[0] != "111122223333" || rc.OrgIDs[0] != "o-abc123" || !rc.RequireBoundaries {
		t.Errorf("rule config = %+v", rc)
	}
	rs := cfg.ApplySeverity(rules.All)
	if rules.Lookup(rs, "IAM201").Severity != rules.High || rules.FullAdmin.Severity != rules.Critical {
		t.Error("severity override must apply to a copy")
	}
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != p {
		t.Errorf("Find = %q, want %q", got, p)
	}
}

// Discovery stops at the repository root: a configuration above it belongs
// to another project.
func TestFindStopsAtRepositoryRoot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "fail_on: high\n")
	repo := filepath.Join(dir, "repo")
	sub := filepath.Join(repo, "sub")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != "" {
		t.Errorf("Find = %q, want none (above the repository root)", got)
	}
	p := write(t, repo, "fail_on: high\n")
	if got := Find(sub); got != p {
		t.Errorf("Find = %q, want %q", got, p)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ content, want string }{
		{"fail_on: severe\n", `fail_on: unknown severity "severe"`},
		{"severity:\n  IAM999: high\n", `severity: no rule "IAM999"`},
		{"trusted_acounts: [1]\n", FileName + ":1: unknown key trusted_acounts (did you mean trusted_accounts?)"},
		{"rules: [\n", FileName + ":1: did not find expected node content"},
		{"rules:\n  enabel: [IAM201]\n", FileName + ":2: unknown key rules.enabel (did you mean enable?)"},
		{"rules: [IAM201]\n", FileName + ":1: rules: want a mapping, got a list"},
		{"require_boundaries: maybe\n", FileName + `:1: require_boundaries: want true or false, got "maybe"`},
		{"skip_paths: examples\n", FileName + `:1: skip_paths: want a list of strings, got "examples"`},
		{"severity: [IAM201]\n", FileName + ":1: severity: want a mapping of keys to strings, got a list"},
		{"fail_on: high\nbogus: 1\norg_ids: {a: b}\n", FileName + ":2: unknown key bogus\n"},
	}
	for _, tt := range tests {
		_, err := Load(write(t, t.TempDir(), tt.content))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%q) error = %v, want %q", tt.content, err, tt.want)
		}
	}
}

// require_boundaries makes IAM501 high unless a severity override says
// otherwise.
func TestRequireBoundariesSeverity(t *testing.T) {
	find := func(rs []*rules.Rule) rules.Severity {
		return rules.Lookup(rs, "IAM501").Severity
	}
	cfg := &Config{Config: rules.Config{RequireBoundaries: true}}
	if got := find(cfg.ApplySeverity(rules.All)); got != rules.High {
		t.Errorf("IAM501 with require_boundaries = %s, want high", got)
	}
	cfg.Severity = map[string]string{"IAM501": "medium"}
	if got := find(cfg.ApplySeverity(rules.All)); got != rules.Medium {
		t.Errorf("IAM501 with an override = %s, want medium", got)
	}
	if rules.RoleWithoutBoundary.Severity != rules.Low {
		t.Errorf("rules.All was changed in place")
	}
}

// TestLoadLinkedOutside refuses a configuration file linked to a file
// outside its directory: its content must not reach the error.
func TestLoadLinkedOutside(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(outside, []byte("root:x:0:0:SECRET-LINE:/root:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.Symlink(outside, path); err != nil {
		t.Skip(err)
	}
	_, err := Load(path)
	if err == nil || strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "outside the scanned directory") {
		t.Errorf("Load(link to %s) = %v, want a refusal that does not quote it", outside, err)
	}
}

// FuzzLoad reads arbitrary configuration files: rejected or accepted,
// never a panic.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("rules:\n  skip: [IAM101]\nfail-on: high\n"))
	f.Add([]byte("severity:\n  IAM201: critical\nskip-paths: ['**/test/**']\n"))
	f.Add([]byte("a: &a [*a]\n"))
	dir := f.TempDir()
	path := filepath.Join(dir, FileName)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		Load(path)
	})
}

// The files a configuration names stay inside its repository (the git
// work tree it is in, else its directory), symbolic links resolved: the
// configuration comes with the code being scanned.
func TestPathsStayInsideRoot(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	repo := t.TempDir()
	for _, d := range []string{".git", "infra", "policies"} {
		if err := os.Mkdir(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(repo, "out")); err != nil {
		t.Skip(err)
	}
	tests := []struct{ content, want string }{
		{"baseline: ../.iacscan-baseline.json\npolicies: [../policies]\n", ""}, // inside the repository, above the file
		{"baseline: " + filepath.Join(repo, "b.json") + "\n", ""},
		{"baseline: not-yet-there/b.json\n", ""},
		{"baseline: /etc/passwd\n", `infra/.iacscan.yml:1: baseline: "/etc/passwd" is outside ` + repo + ` (symbolic links resolved): a configuration names files of its own repository; name others on the command line`},
		{"baseline: ../../b.json\n", `infra/.iacscan.yml:1: baseline: "../../b.json" is outside `},
		{"baseline: ../out/b.json\n", `infra/.iacscan.yml:1: baseline: "../out/b.json" is outside `},
		{"fail_on: high\npolicies:\n  - ../policies\n  - /usr/share\n", `infra/.iacscan.yml:4: policies: "/usr/share" is outside `},
		{"policies: [../out]\n", `infra/.iacscan.yml:1: policies: "../out" is outside `},
	}
	for _, tt := range tests {
		_, err := Load(write(t, filepath.Join(repo, "infra"), tt.content))
		got := ""
		if err != nil {
			got = strings.ReplaceAll(err.Error(), repo+string(filepath.Separator), "")
		}
		if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
			t.Errorf("Load(%q) error = %q, want %q", tt.content, got, tt.want)
		}
	}
	// Without a repository, the configuration's directory is the root.
	dir := t.TempDir()
	if _, err := Load(write(t, dir, "baseline: ../b.json\n")); err == nil || !strings.Contains(err.Error(), `baseline: "../b.json" is outside `+dir) {
		t.Errorf("outside a repository: %v", err)
	}
}

// TestAccounts: the organization's accounts, each strictly decoded, come
// back sorted by name with their paths made absolute from the
// configuration's directory and the line they are on.
func TestAccounts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := write(t, dir, `accounts:
  workload:
    id: "222222222222"
    ou: workloads
    paths: [workload, stacks/app.yaml]
  management:
    id: "111111111111"
    management: true
`)
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.AccountMappings()
	want := []model.AccountMapping{
		{Name: "management", ID: "111111111111", Management: true, Loc: model.Location{File: p, StartLine: 6, EndLine: 6}},
		{Name: "workload", ID: "222222222222", OU: "workloads", Paths: []string{filepath.Join(dir, "workload"), filepath.Join(dir, "stacks", "app.yaml")},
			Loc: model.Location{File: p, StartLine: 2, EndLine: 2}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accounts differ (-want +got):\n%s", diff)
	}
	for _, c := range []struct{ text, err string }{
		{"accounts:\n  log:\n    id: \"12\"\n", `accounts.log: id "12" is not a 12-digit account ID`},
		{"accounts:\n  log:\n    id: \"333333333333\"\n    org: security\n", ":4: unknown key accounts.log.org (did you mean ou?)"},
		{"accounts: [log]\n", "accounts: want a mapping of keys to mappings, got a list"},
	} {
		_, err := Load(write(t, dir, c.text))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%q: error %v, want one containing %q", c.text, err, c.err)
		}
	}
}
