package plan_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/plan"
)

// corpusPlans holds 165 public plans of other projects (terraform-json,
// infracost, terraform-compliance); not part of the repository.
const corpusPlans = "../../../shared/corpus/plans"

// brokenPlans are broken on purpose, with the error they must give.
var brokenPlans = map[string]string{
	"terraform-json/testdata/invalid/plan.json": "676:29: invalid plan: unexpected text after the JSON object",
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(corpusPlans); err != nil {
		t.Skipf("%s is not here", corpusPlans)
	}
	var files int
	err := filepath.WalkDir(corpusPlans, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "manifest.json" {
			return err
		}
		files++
		rel, _ := filepath.Rel(corpusPlans, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !plan.Detect(data) {
			t.Errorf("%s: not detected as a plan", rel)
		}
		_, errs := plan.Parse(path, data, plan.Options{})
		var got []string
		for _, err := range errs {
			ie, ok := err.(*model.InputError)
			if !ok || ie.Loc.File != path {
				t.Errorf("%s: error without the file: %v", rel, err)
				continue
			}
			if !ie.Warning {
				got = append(got, strings.TrimPrefix(ie.Error(), path+":"))
			}
		}
		want := brokenPlans[rel]
		switch {
		case want == "" && len(got) > 0:
			t.Errorf("%s: %v", rel, got)
		case want != "" && (len(got) != 1 || got[0] != want):
			t.Errorf("%s: got %q, want the error %q", rel, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != 165 {
		t.Errorf("read %d files, want 165", files)
	}
}
