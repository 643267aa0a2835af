package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v3"

	"github.com/iacscan/iacscan/config"
)

// starterConfig is what iacscan init writes: every setting, commented, with
// the defaults active, so that a scan passes or fails after init as it did
// before. It must load as it is and hold the flags' defaults (tested).
var starterConfig = `# iacscan settings: https://github.com/iacscan/iacscan#configuration
# Paths in this file are relative to it. Every key is optional; an unknown
# key is an error, so a typo never turns a setting off silently.

rules:
  # Run only these rules (IDs, names or globs); empty means all. --rule wins.
  enable: []
  # Never run these. --skip-rule adds to them.
  disable: []

# Change a rule's severity, by ID or name.
severity: {}
#  IAM501: high

# Exit 1 when a finding has this severity or higher (info, low, medium, high,
# critical). --fail-on wins.
fail_on: ` + defaultFailOn + `

# Paths not to scan, relative to this file (** matches any depth).
skip_paths: []
#  - "examples/**"
#  - "**/testdata"

# Report only findings not recorded here (make it: iacscan baseline . > .iacscan-baseline.json).
# baseline: .iacscan-baseline.json

# Your own and trusted AWS accounts: trust from others is cross-account (IAM302).
trusted_accounts: []
# Your AWS Organizations IDs (o-...), for aws:PrincipalOrgID conditions.
org_ids: []
# Make permissions boundaries mandatory on roles (IAM501 becomes high).
require_boundaries: false
# Honour checkov, tfsec/trivy and KICS suppression comments where their check
# means the same as a rule (docs/migrating.md).
peer_suppressions: true
`

func (e *env) initCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write a commented starter " + config.FileName,
		ArgsUsage: "[DIR]",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "force", Usage: "overwrite an existing " + config.FileName},
		},
		OnUsageError: usageError,
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 1 {
				return cli.Exit("init takes one directory", exitError)
			}
			dir := cmd.Args().First()
			if dir == "" {
				dir = "."
			}
			path := filepath.Join(dir, config.FileName)
			flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if cmd.Bool("force") {
				flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			f, err := os.OpenFile(path, flags, 0o644)
			if errors.Is(err, fs.ErrExist) {
				return cli.Exit(path+" exists; keep it, or overwrite it with --force", exitError)
			}
			if err != nil {
				return cli.Exit(err.Error(), exitError)
			}
			_, err = f.WriteString(starterConfig)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return cli.Exit(err.Error(), exitError)
			}
			fmt.Fprintln(e.stdout, "wrote", path)
			return nil
		},
	}
}
