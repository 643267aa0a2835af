package terraform

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
)

// configDirs lists the directories under root that hold configuration.
func configDirs(t testing.TB, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && IsConfigFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ModuleDirs(files)
}

// TestCorpus reads the real modules and examples of the shared corpus: no
// error (warnings for registry modules that are not installed are fine),
// no panic, and some IAM found.
func TestCorpus(t *testing.T) {
	t.Parallel()
	root := "../../../shared/corpus/terraform"
	if _, err := os.Stat(root); err != nil {
		t.Skip("no shared corpus")
	}
	dirs := configDirs(t, root)
	inv, errs := Scan(dirs, Options{Root: root})
	for _, err := range errs {
		var ie *model.InputError
		if errors.As(err, &ie) && ie.Warning {
			continue
		}
		t.Errorf("error: %v", err)
	}
	t.Logf("%d module directories, %d files: %d identities, %d policies, %d attachments",
		len(dirs), len(inv.Files), len(inv.Identities), len(inv.Policies), len(inv.Attachments))
	if len(inv.Policies) == 0 || len(inv.Identities) == 0 {
		t.Error("the corpus holds IAM roles and policies; none were found")
	}
}

// TestPlanConfigurations reads the configurations the shared plans were
// made from, without errors.
func TestPlanConfigurations(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob("../../../shared/plans/*")
	var n int
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "main.tf")); err != nil {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			inv, errs := Scan(configDirs(t, dir), Options{Root: dir})
			for _, err := range errs {
				t.Errorf("error: %v", err)
			}
			if len(inv.Policies)+len(inv.Exposures)+len(inv.Identities) == 0 {
				t.Error("nothing found")
			}
		})
	}
	if n == 0 {
		t.Skip("no shared plans")
	}
}
