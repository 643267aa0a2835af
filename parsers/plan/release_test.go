package plan

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/internal/synth"
)

// In a large section, Release is told of what is behind the reader every
// few megabytes, so that the file is never resident whole while the
// inventory grows; what is read is the same.
func TestReleaseBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a 20 MB plan")
	}
	var buf bytes.Buffer
	if err := synth.PlanIdentity(&buf, 1100); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	file := filepath.Join(t.TempDir(), "plan.json")
	type call struct{ start, end int }
	var calls []call
	released, errs := Parse(file, data, Options{Release: func(start, end int) { calls = append(calls, call{start, end}) }})
	if len(errs) > 1 { // the warning that the configuration is not found
		t.Fatal(errs)
	}
	behind := 0
	for _, c := range calls {
		if c.start < 0 || c.end > len(data) || c.start >= c.end {
			t.Errorf("release of %d-%d, outside the %d bytes", c.start, c.end, len(data))
		}
		if c.start > 0 && c.end < len(data) && c.end-c.start >= releaseStep {
			behind++
		}
	}
	// resource_changes and planned_values are about 10 MB each.
	if behind < 2 {
		t.Errorf("%d releases behind the reader in a %d MB plan, want 2 or more: %v", behind, len(data)>>20, calls)
	}
	kept, _ := Parse(file, data, Options{})
	if len(released.Identities) != len(kept.Identities) || len(released.Policies) != len(kept.Policies) || len(kept.Identities) != 1100*6 {
		t.Errorf("with releases %d identities and %d policies, without %d and %d, want %d identities",
			len(released.Identities), len(released.Policies), len(kept.Identities), len(kept.Policies), 1100*6)
	}
}
