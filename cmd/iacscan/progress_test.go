package main

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the progress goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestProgress(t *testing.T) {
	var buf syncBuffer
	p := startProgress(&buf, true, 0)
	p.set("reading inputs: %d of %d", 3, 10)
	p.render()
	p.finish()
	out := buf.String()
	if !strings.Contains(out, "\r\x1b[Kiacscan: reading inputs: 3 of 10") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress output %q", out)
	}

	// Not wanted: nothing at all, and a nil progress is safe to use.
	var none *progress = startProgress(&buf, false, 0)
	none.set("x")
	none.finish()

	// A scan that ends before the delay shows nothing.
	var quick syncBuffer
	p = startProgress(&quick, true, progressDelay)
	p.set("reading inputs")
	p.finish()
	if quick.String() != "" {
		t.Errorf("a quick scan showed %q", quick.String())
	}
}

// Pipes and files never get progress, nor does --quiet.
func TestProgressWanted(t *testing.T) {
	if progressWanted(&bytes.Buffer{}, false) {
		t.Error("a buffer is no terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if progressWanted(f, false) {
		t.Error("a file is no terminal")
	}
}
