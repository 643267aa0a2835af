package modeltest

import (
	"testing"

	"github.com/iacscan/iacscan/model"
)

// TestLinesNameKinds: every line of its own belongs to a kind, so that a
// misspelt name does not quietly fall back to the plain line.
func TestLinesNameKinds(t *testing.T) {
	known := map[string]bool{}
	for _, k := range model.Kinds() {
		known[k.Name()] = true
	}
	for name := range lines {
		if !known[name] {
			t.Errorf("lines[%q] is no kind of model.Kinds", name)
		}
	}
}
