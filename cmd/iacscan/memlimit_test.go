package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// sparseFile creates a file of size bytes that takes no disk space.
func sparseFile(t *testing.T, size int64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return path
}

func currentLimit() int64 { return debug.SetMemoryLimit(-1) }

func TestLimitHeap(t *testing.T) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		t.Skip("GOMEMLIMIT is set: limitHeap leaves it alone")
	}
	prev := currentLimit()
	big := sparseFile(t, limitedInput+1)

	restore := limitHeap([]string{big, filepath.Dir(big), "-", "missing.json"})
	if got, want := currentLimit(), heapLimit(limitedInput+1); got != want {
		t.Errorf("limit %d during the scan of a %d-byte file, want %d (directories, - and missing paths count nothing)", got, limitedInput+1, want)
	}
	restore()
	if got := currentLimit(); got != prev {
		t.Errorf("limit %d after the scan, want the previous %d", got, prev)
	}

	restore = limitHeap([]string{sparseFile(t, limitedInput-1)})
	if got := currentLimit(); got != prev {
		t.Errorf("limit %d for a small input, want the default %d", got, prev)
	}
	restore()
}

// A live heap that nears the limit lifts it: collecting harder would free
// nothing.
func TestLimitHeapLifted(t *testing.T) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		t.Skip("GOMEMLIMIT is set: limitHeap leaves it alone")
	}
	prev := currentLimit()
	restore := limitHeap([]string{sparseFile(t, limitedInput)})
	defer restore()
	live := make([]byte, heapLimit(limitedInput)*3/4+1<<20) // past three quarters of the limit
	for deadline := time.Now().Add(5 * time.Second); currentLimit() != prev; {
		if time.Now().After(deadline) {
			t.Fatalf("limit still %d with %d bytes live", currentLimit(), len(live))
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)
}

// The limit leaves room for the memory outside Go's heap, phased in above
// limitedInput, and grows with the input.
func TestHeapLimit(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct{ size, want int64 }{
		{32 * mb, 64 * mb},
		{48 * mb, 88 * mb},
		{96 * mb, 160 * mb},
		{200 * mb, 368 * mb},
	} {
		if got := heapLimit(c.size); got != c.want {
			t.Errorf("heapLimit(%d MB) = %d MB, want %d MB", c.size/mb, got/mb, c.want/mb)
		}
	}
	for size := int64(limitedInput); size < 256*mb; size += mb {
		if heapLimit(size+mb) <= heapLimit(size) {
			t.Fatalf("heapLimit(%d MB) >= heapLimit(%d MB)", size/mb, size/mb+1)
		}
	}
}
