package safefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// zeros is an endless stream, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestReadAllRefusesInBoundedMemory refuses an endless stream having
// allocated little more than the limit (on main, io.ReadAll's growing
// buffer allocated about three times the limit: 1 GiB of /dev/zero on
// standard input cost 2.2 GB).
func TestReadAllRefusesInBoundedMemory(t *testing.T) {
	const limit = 64 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	data, err := ReadAll(zeros{}, limit)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) || data != nil {
		t.Fatalf("ReadAll = %d bytes, %v; want nothing and ErrTooLarge", len(data), err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > limit+limit/8 {
		t.Errorf("allocated %d bytes to refuse a stream past %d", got, limit)
	}
}

// TestReadAll reads streams of sizes around the chunk sizes and the limit
// whole, and refuses one byte more than the limit.
func TestReadAll(t *testing.T) {
	for _, n := range []int{0, 1, readChunkMin - 1, readChunkMin, readChunkMin + 1, 5*readChunkMin + 7} {
		src := bytes.Repeat([]byte("abcdefg"), n/7+1)[:n]
		got, err := ReadAll(bytes.NewReader(src), int64(n))
		if err != nil || !bytes.Equal(got, src) {
			t.Errorf("%d bytes, limit %d: got %d bytes, %v", n, n, len(got), err)
		}
		if _, err := ReadAll(bytes.NewReader(append(src, 'x')), int64(n)); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%d+1 bytes, limit %d: err = %v, want ErrTooLarge", n, n, err)
		}
	}
	if _, err := ReadAll(io.MultiReader(strings.NewReader("ab"), iotest{}), 10); err == nil || errors.Is(err, ErrTooLarge) {
		t.Errorf("a failing reader: err = %v, want its error", err)
	}
}

// TestReadAllFile reads regular files whole, and a small one into a
// buffer of its size, not a chunk of readChunkMin.
func TestReadAllFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 100, readChunkMin + 1} {
		src := bytes.Repeat([]byte("abcdefg"), n/7+1)[:n]
		name := filepath.Join(dir, fmt.Sprint(n))
		if err := os.WriteFile(name, src, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got, err := ReadAll(f, 1<<30)
		runtime.ReadMemStats(&after)
		f.Close()
		if err != nil || !bytes.Equal(got, src) {
			t.Errorf("%d bytes: got %d bytes, %v", n, len(got), err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; n == 100 && alloc > 4096 {
			t.Errorf("a 100-byte file: allocated %d bytes", alloc)
		}
	}
}

type iotest struct{}

func (iotest) Read([]byte) (int, error) { return 0, errors.New("broken pipe") }
