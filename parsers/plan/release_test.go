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
	t.Parallel()
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

// The scans of a state tree before it is read (its sections, root module and
// child modules, found by skip) release the pages behind them as they go
// too: the root module of a plan can be most of the file.
func TestSkipReleasesBehind(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	b.WriteString(`{"root_module":{"child_modules":[`)
	for i := range 4000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"address":"module.m","resources":[{"values":"`)
		b.Write(bytes.Repeat([]byte("x"), 8<<10))
		b.WriteString(`"}]}`)
	}
	b.WriteString(`]}}`)
	data := b.Bytes()
	r := newReader("plan.json", text{data: data}, Options{}, nil, nil)
	var ends []int
	r.releaseRange = func(start, end int) { ends = append(ends, end) }
	end, err := r.skip(0, 3)
	if err != nil || end != len(data) {
		t.Fatalf("skip: end %d, %v; want %d", end, err, len(data))
	}
	// 33 MB: a release about every releaseStep (the first module only
	// starts the count), the last one a step or less from the end.
	const module = 8<<10 + 64
	prev := 0
	for i, e := range ends {
		if gap := e - prev; gap < releaseStep || gap > releaseStep+2*module {
			t.Errorf("release %d up to %d, %d bytes after the previous one; want a step of %d", i, e, gap, releaseStep)
		}
		prev = e
	}
	if rest := len(data) - prev; rest > releaseStep+module {
		t.Errorf("%d bytes skipped after the last release (%v), want a step or less", rest, ends)
	}
}
