package scan

import (
	"path/filepath"
	"slices"
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
		root, patterns := skipPaths(c.configDir, c.configured, c.workDir, c.flagged)
		if root != c.wantRoot || !slices.Equal(patterns, c.wantPatterns) {
			t.Errorf("%s: %q %q, want %q %q", c.name, root, patterns, c.wantRoot, c.wantPatterns)
		}
	}
}
