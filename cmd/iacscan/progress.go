package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress shows what a long scan is doing: once the scan has taken a
// second, one status line on standard error, rewritten in place, cleared at
// the end. Only on a terminal: never in pipes, files or CI logs. A nil
// *progress does nothing.
type progress struct {
	w      io.Writer
	mu     sync.Mutex
	status string
	shown  string // the status on screen

	stop chan struct{}
	done chan struct{}
}

// progressDelay is how long a scan runs before progress is shown.
const progressDelay = time.Second

// progressWanted reports whether w is a terminal that should get progress:
// not with --quiet, not under CI, not on a dumb terminal.
func progressWanted(w io.Writer, quiet bool) bool {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok || quiet || os.Getenv("CI") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// startProgress starts showing progress on w after delay; nil when not
// wanted.
func startProgress(w io.Writer, wanted bool, delay time.Duration) *progress {
	if !wanted {
		return nil
	}
	p := &progress{w: w, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		select {
		case <-p.stop:
			return
		case <-time.After(delay):
		}
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			p.render()
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// set changes the status line.
func (p *progress) set(format string, args ...any) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.status = fmt.Sprintf(format, args...)
	p.mu.Unlock()
}

// render writes the status line over the previous one.
func (p *progress) render() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.status == "" || p.status == p.shown {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[Kiacscan: %s", p.status)
	p.shown = p.status
}

// finish stops and clears the status line, before reports are written.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown != "" {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
