package scan

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// skip_paths (relative to the configuration) and --skip-path (relative to
// the working directory) end up under one root, whichever holds the other.
func TestSkipPaths(t *testing.T) {
	repo := t.TempDir()
	for _, c := range []struct {
		name         string
		configDir    string
		configured   []string
		workDir      string
		flagged      []string
		wantRoot     string
		wantPatterns []string
	}{
		{"no flag", repo, []string{"a/**"}, repo, nil, repo, []string{"a/**"}},
		{"no configuration", "", nil, repo, []string{"b/**"}, repo, []string{"b/**"}},
		{"same directory", repo, []string{"a/**"}, repo, []string{"b/**"}, repo, []string{"a/**", "b/**"}},
		{"working directory below", repo, []string{"a/**"}, filepath.Join(repo, "infra"), []string{"b/**"}, repo, []string{"a/**", "infra/b/**"}},
		{"configuration below", filepath.Join(repo, "infra"), []string{"a/**"}, repo, []string{"b/**"}, repo, []string{"infra/a/**", "b/**"}},
		{"neither", filepath.Join(repo, "x"), []string{"a/**"}, filepath.Join(repo, "y"), []string{"b/**"}, "/",
			[]string{filepath.ToSlash(repo[1:]) + "/x/a/**", filepath.ToSlash(repo[1:]) + "/y/b/**"}},
	} {
		root, patterns, err := skipPaths(c.configDir, c.configured, c.workDir, c.flagged)
		if err != nil || root != c.wantRoot || !slices.Equal(patterns, c.wantPatterns) {
			t.Errorf("%s: %q %q %v, want %q %q", c.name, root, patterns, err, c.wantRoot, c.wantPatterns)
		}
	}
}

// Without a working directory to make them absolute, the two kinds of
// skip paths cannot be put under one root: an error, not the flag's
// patterns dropped.
func TestSkipPathsWithoutWorkingDirectory(t *testing.T) {
	gone := t.TempDir()
	t.Chdir(gone)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Getwd(); err == nil {
		t.Skip("this system still has a working directory once it is removed")
	}
	root, patterns, err := skipPaths("infra", []string{"a/**"}, ".", []string{"b/**"})
	if err == nil || !strings.Contains(err.Error(), "the configuration's directory infra") {
		t.Errorf("skipPaths = %q %q %v, want an error naming the configuration's directory", root, patterns, err)
	}
}
