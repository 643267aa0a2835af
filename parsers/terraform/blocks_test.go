package terraform

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
)

// A plan reader's block lookups and the HCL scan of the same configuration
// share one parse: the scan still reads main.tf after it is gone.
func TestModulesShareOneParse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  inline_policy {
    name = "a"
  }
}

provider "aws" {
  alias = "west"
}
`)
	write("override.tf", `resource "aws_iam_user" "only_here" {
  name = "u"
}
resource "aws_iam_role" "app" {
  name = "overridden"
}
`)
	ms := NewModules(safefile.NewRoot(dir, 0))
	blocks, err := ms.Blocks(dir, func(err error) { t.Error(err) })
	if err != nil {
		t.Fatal(err)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range blocks {
			if !yield(k) {
				return
			}
		}
	})
	if want := []string{"aws_iam_role.app", "aws_iam_user.only_here", "provider.aws.west"}; !slices.Equal(keys, want) {
		t.Errorf("blocks = %v, want %v", keys, want)
	}
	role := blocks["aws_iam_role.app"]
	main := filepath.Join(dir, "main.tf")
	if want := (model.Location{File: main, StartLine: 1, StartColumn: 1, EndLine: 7, EndColumn: 2}); role.Range != want {
		t.Errorf("role range = %v, want %v (the definition, not the override)", role.Range, want)
	}
	if got := role.Refs["assume_role_policy"]; got != "data.aws_iam_policy_document.trust.json" {
		t.Errorf("assume_role_policy reference = %q", got)
	}
	if loc, nested := role.Member("inline_policy", model.Location{}); len(nested) != 1 || loc.StartLine != 4 {
		t.Errorf("inline_policy = %v, %d blocks", loc, len(nested))
	}

	if err := os.Remove(main); err != nil {
		t.Fatal(err)
	}
	inv, _ := Scan([]string{dir}, Options{Root: dir, Modules: ms})
	if len(inv.Identities) != 1 || inv.Identities[0].ID != "aws_iam_role.app" {
		t.Errorf("the scan did not reuse the parse: identities %v", inv.Identities)
	}
}
