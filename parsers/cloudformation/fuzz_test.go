package cloudformation

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// FuzzParse feeds arbitrary bytes to the loader, as YAML and as JSON: it
// must never panic, and every error must be an InputError naming the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.*")
	fixtures, _ := filepath.Glob("../../fixtures/*/*/*.yaml")
	for _, path := range append(seeds, fixtures...) {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("Resources:\n  A: {Type: AWS::IAM::Role, Properties: {Policies: !If [C, [], !Ref AWS::NoValue]}}\n"))
	f.Add([]byte("Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::L: [X, [a, b], {\"${X}\": {Type: AWS::SQS::Queue}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, errs := Parse("fuzz.yaml", data, Options{})
		checkErrors(t, errs)
		if inv != nil && len(inv.Files) != 1 {
			t.Errorf("inventory files = %v", inv.Files)
		}
		if root, err := syntax.ParseJSON("fuzz.json", data); err == nil && IsTemplate(root) {
			_, errs := FromJSON("fuzz.json", root, Options{})
			checkErrors(t, errs)
		}
	})
}

func checkErrors(t *testing.T, errs []error) {
	t.Helper()
	for _, err := range errs {
		var ie *model.InputError
		if !errors.As(err, &ie) || ie.Loc.File == "" {
			t.Errorf("error without a file: %v", err)
		}
	}
}
