package cloudformation

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// corpusDir holds real templates from aws-cloudformation-templates (see
// ../shared/corpus/README.md); it is absent in users' clones.
const corpusDir = "../../../shared/corpus/cloudformation"

type corpusEntry struct {
	File         string `json:"file"`
	Format       string `json:"format"`
	LooksLikeCFN bool   `json:"looks_like_cfn"`
	SAM          bool   `json:"sam"`
}

// TestCorpus reads every file of the corpus: real templates load without
// an error (warnings allowed), the files that are not templates are
// recognised as such, and nothing panics.
func TestCorpus(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(corpusDir, "manifest.json"))
	if err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	var entries []corpusEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		t.Fatal(err)
	}
	var templates, policies int
	for _, e := range entries {
		t.Run(e.File, func(t *testing.T) {
			path := filepath.Join(corpusDir, e.File)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			inv, errs := parseAny(path, data)
			if !e.LooksLikeCFN || notTemplateFile(data) {
				if len(errs) != 1 || !errors.Is(errs[0], ErrNotTemplate) {
					t.Errorf("want one not-a-template error, got %v", errs)
				}
				return
			}
			for _, err := range errs {
				var ie *model.InputError
				if !errors.As(err, &ie) || !ie.Warning {
					t.Errorf("%v", err)
				}
			}
			if inv != nil {
				templates++
				policies += len(inv.Policies)
			}
		})
	}
	t.Logf("%d files, %d templates read, %d policies", len(entries), templates, policies)
}

// parseAny reads a file as the loader does: JSON through syntax.ParseJSON,
// the rest as YAML.
func parseAny(path string, data []byte) (*model.Inventory, []error) {
	if filepath.Ext(path) == ".json" {
		root, err := syntax.ParseJSON(path, data)
		if err != nil {
			return nil, []error{err}
		}
		if !IsTemplate(root) {
			return nil, []error{notTemplate(root)}
		}
		return FromJSON(path, root, Options{})
	}
	return Parse(path, data, Options{})
}

// notTemplateFile reports whether a file the manifest calls CloudFormation
// has neither AWSTemplateFormatVersion nor a top-level Resources section:
// a macro's event ({"fragment": {"Resources": …}}) is not a template.
func notTemplateFile(data []byte) bool {
	root, err := syntax.ParseJSON("", data)
	return err == nil && root.Get("AWSTemplateFormatVersion") == nil && root.Get("Resources") == nil
}
