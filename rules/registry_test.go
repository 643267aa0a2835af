package rules_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/rules"
)

var (
	idPattern   = regexp.MustCompile(`^IAM[1-5]\d{2}$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// TestRegistry checks the metadata every rule must have.
func TestRegistry(t *testing.T) {
	t.Parallel()
	seen := map[string]string{}
	for i, r := range rules.All {
		if i > 0 && rules.All[i-1].ID >= r.ID {
			t.Errorf("rules.All is not sorted by ID at %s", r.ID)
		}
		if !idPattern.MatchString(r.ID) {
			t.Errorf("%s: ID must be IAM + category digit 1-5 + two digits", r.ID)
		}
		if !namePattern.MatchString(r.Name) {
			t.Errorf("%s: name %q is not kebab-case", r.ID, r.Name)
		}
		for _, key := range append([]string{r.ID, r.Name}, r.Aliases...) {
			if other, dup := seen[strings.ToLower(key)]; dup {
				t.Errorf("%s: %q is also used by %s", r.ID, key, other)
			}
			seen[strings.ToLower(key)] = r.ID
		}
		for field, v := range map[string]string{
			"Title": r.Title, "Practice": r.Practice, "Description": r.Description,
			"Remediation": r.Remediation, "Since": r.Since,
		} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", r.ID, field)
			}
		}
		// Fix ends every finding in text: a few words, not a paragraph.
		if n := len(r.Fix); n == 0 || n > 55 || strings.HasSuffix(r.Fix, ".") {
			t.Errorf("%s: Fix %q must be a few words (1-55 characters, no full stop)", r.ID, r.Fix)
		}
		if len(r.Links) == 0 || len(r.Fixes) == 0 {
			t.Errorf("%s: needs at least one link and one fixed example", r.ID)
		}
		for _, l := range r.Links {
			if !strings.HasPrefix(l, "https://") {
				t.Errorf("%s: link %q is not https", r.ID, l)
			}
		}
		if r.Check == nil {
			t.Errorf("%s: no Check", r.ID)
		}
		if len(r.FullDescription()) > 1024 {
			t.Errorf("%s: first paragraph of Description is over 1024 characters", r.ID)
		}
	}
}

// TestGeneratedDocs fails when docs/rules or the README table no longer
// match the rule metadata.
func TestGeneratedDocs(t *testing.T) {
	t.Parallel()
	const regenerate = "docs are stale; regenerate with: go run ./internal/gendocs"
	for _, r := range rules.All {
		got, err := os.ReadFile(filepath.Join("..", "docs", "rules", r.ID+".md"))
		if err != nil || string(got) != r.Markdown() {
			t.Errorf("docs/rules/%s.md: %s", r.ID, regenerate)
		}
	}
	docs, _ := filepath.Glob(filepath.Join("..", "docs", "rules", "IAM*.md"))
	if len(docs) != len(rules.All) {
		t.Errorf("docs/rules has %d pages for %d rules: %s", len(docs), len(rules.All), regenerate)
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := rules.SpliceTable(string(readme), rules.All)
	if err != nil {
		t.Fatal(err)
	}
	if want != string(readme) {
		t.Errorf("README.md rule table: %s", regenerate)
	}
}

func TestSelect(t *testing.T) {
	t.Parallel()
	defaults := slices.DeleteFunc(ids(rules.All), func(id string) bool { return id == "IAM401" || id == "IAM501" })
	tests := []struct {
		include, exclude, optIn []string
		want                    []string
		wantErr                 bool
	}{
		// IAM401 and IAM501 are off by default; naming them, or a
		// setting that opts in, turns them on.
		{nil, nil, nil, defaults, false},
		{nil, nil, []string{"IAM501"}, slices.Sorted(slices.Values(append(slices.Clone(defaults), "IAM501"))), false},
		{[]string{"IAM*"}, nil, nil, ids(rules.All), false},
		{[]string{"IAM2*"}, nil, nil, withPrefix("IAM2", ""), false},
		{[]string{"iam2*"}, []string{"wildcard-action"}, nil, withPrefix("IAM2", "IAM203"), false},
		{[]string{"full-admin", "IAM412", "IAM401"}, nil, nil, []string{"IAM201", "IAM401", "IAM412"}, false},
		{nil, []string{"IAM501"}, []string{"IAM501"}, defaults, false},
		{[]string{"IAM999"}, nil, nil, nil, true},
		{[]string{"["}, nil, nil, nil, true},
	}
	for _, tt := range tests {
		got, err := rules.Select(rules.All, tt.include, tt.exclude, tt.optIn...)
		if (err != nil) != tt.wantErr {
			t.Errorf("Select(%v, %v) error = %v, want error %v", tt.include, tt.exclude, err, tt.wantErr)
			continue
		}
		if g := strings.Join(ids(got), ","); err == nil && g != strings.Join(tt.want, ",") {
			t.Errorf("Select(%v, %v) = %s, want %s", tt.include, tt.exclude, g, strings.Join(tt.want, ","))
		}
	}
}

func ids(rs []*rules.Rule) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// withPrefix lists the registered IDs with a prefix, but one.
func withPrefix(prefix, but string) []string {
	var out []string
	for _, id := range ids(rules.All) {
		if strings.HasPrefix(id, prefix) && id != but {
			out = append(out, id)
		}
	}
	return out
}
