package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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

	if _, set := os.LookupEnv("GOGC"); set {
		return // heapFloor leaves it alone
	}
	prevPercent := currentPercent()
	restore = limitHeap([]string{sparseFile(t, limitedInput-1)})
	if got, percent := currentLimit(), currentPercent(); got != prev || percent != prevPercent {
		t.Errorf("limit %d, GC percent %d for a small input, want them as they were (%d, %d): the floor is a ballast", got, percent, prev, prevPercent)
	}
	if live := liveHeap(); live < smallHeap/2 {
		t.Errorf("live heap %d during a small scan, want the ballast of %d counted", live, smallHeap/2)
	}
	restore()
	if live := liveHeap(); live >= smallHeap/2 {
		t.Errorf("live heap %d after a small scan, want the ballast gone", live)
	}
}

// liveHeap collects and returns the live heap it marked.
func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// currentPercent reads GOGC without setting it (which would race with
// heapFloor's watcher).
func currentPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		panic("no /gc/gogc:percent metric")
	}
	if v := s[0].Value.Uint64(); v != math.MaxUint64 {
		return int(v)
	}
	return -1
}

// A live heap past the floor drops the ballast: the pacing needs no help.
func TestHeapFloorLifted(t *testing.T) {
	for _, env := range []string{"GOMEMLIMIT", "GOGC"} {
		if _, set := os.LookupEnv(env); set {
			t.Skip(env + " is set: limitHeap leaves it alone")
		}
	}
	restore := limitHeap([]string{sparseFile(t, 1)})
	defer restore()
	live := make([]byte, smallHeap+1<<20) // past the floor
	for deadline := time.Now().Add(5 * time.Second); liveHeap() >= uint64(len(live)+smallHeap/2); {
		if time.Now().After(deadline) {
			t.Fatalf("live heap %d with %d bytes live: the ballast was not dropped", liveHeap(), len(live))
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)
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
