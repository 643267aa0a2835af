package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/config"
)

// The file init writes changes nothing: every active setting is the value a
// scan without a configuration uses, so a scan that passed still passes.
func TestInitWritesTheDefaults(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"iacscan", "init", dir}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("init exited %d: %s", code, stderr.String())
	}
	cfg, err := config.Load(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	var flagDefault string
	for _, f := range scanFlags() {
		if s, ok := f.(*cli.StringFlag); ok && s.Name == "fail-on" {
			flagDefault = s.Value
		}
	}
	if cfg.FailOn != flagDefault || flagDefault != "high" {
		t.Errorf("init writes fail_on: %q; --fail-on defaults to %q", cfg.FailOn, flagDefault)
	}
	if len(cfg.Rules.Enable)+len(cfg.Rules.Disable)+len(cfg.Severity)+len(cfg.SkipPaths)+
		len(cfg.TrustedAccounts)+len(cfg.OrgIDs)+len(cfg.Policies) != 0 ||
		cfg.Baseline != "" || cfg.RequireBoundaries || !cfg.HonoursPeers() {
		t.Errorf("init turns on a setting that is off by default: %+v", cfg)
	}
}
