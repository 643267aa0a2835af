package baseline_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/iacscan/iacscan/baseline"
	"github.com/iacscan/iacscan/internal/safefile"
)

// TestLoadSizeLimit refuses a baseline over baseline.MaxSize unread (on
// main it was read whole, whatever its size), and one that is not a
// regular file.
func TestLoadSizeLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(baseline.MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := baseline.Load(big); !errors.Is(err, safefile.ErrTooLarge) {
		t.Errorf("Load(%d bytes) = %v, want ErrTooLarge", baseline.MaxSize+1, err)
	}
	if _, err := baseline.Load(dir); !errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("Load(a directory) = %v, want ErrNotRegular", err)
	}
	small := filepath.Join(dir, "small.json")
	if err := os.WriteFile(small, []byte(`{"version": 1, "findings": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := baseline.Load(small); err != nil || len(b.Findings) != 0 {
		t.Errorf("Load(an empty baseline) = %v, %v", b, err)
	}
}
