package custom

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// errMemory and errScanTime are why an evaluation was stopped, when it was
// not its own time bound.
var (
	errMemory   = errors.New("memory bound")
	errScanTime = errors.New("scan-wide time bound")
)

// bounded runs one rule's evaluation within the rule's time and memory
// bounds and what is left of the scan-wide time for the inventory's rules,
// and says which bound stopped it. Evaluations run one at a time (evalMu).
func (s *Set) bounded(in *input, eval func(context.Context) ([]*ast.Term, error)) ([]*ast.Term, error) {
	timeout := cmp.Or(s.opts.Timeout, DefaultTimeout)
	total := cmp.Or(s.opts.TotalTimeout, DefaultTotalTimeout)
	limit := cmp.Or(s.opts.MemoryLimit, DefaultMemoryLimit)

	s.evalMu.Lock()
	defer s.evalMu.Unlock()
	left := total - s.spent
	if left <= 0 {
		return nil, fmt.Errorf("not evaluated: the custom rules used up their %v for the scan", total)
	}
	start := time.Now() // before the deadline is set: spent covers it
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	ctx, cancelTime := context.WithTimeoutCause(ctx, min(timeout, left), timeCause(timeout, left))
	defer cancelTime()
	stop := watchMemory(limit, func() { cancel(errMemory) })
	results, err := eval(ctx)
	stop()
	s.spent += time.Since(start)
	switch context.Cause(ctx) {
	case nil, context.Canceled:
		return results, err
	case errMemory:
		return nil, fmt.Errorf("evaluation used more than %s of memory", mebibytes(limit))
	case errScanTime:
		s.spent = total
		return nil, fmt.Errorf("stopped: the custom rules used up their %v for the scan", total)
	default:
		return nil, fmt.Errorf("evaluation took longer than %v", timeout)
	}
}

// timeCause is what the deadline of an evaluation stands for: the rule's
// own bound, or the end of the scan's.
func timeCause(timeout, left time.Duration) error {
	if left < timeout {
		return errScanTime
	}
	return context.DeadlineExceeded
}

// watchMemory calls over once the Go heap has grown by more than limit
// bytes since it was called, and stops watching when the returned function
// is called. The heap is sampled every few milliseconds with
// runtime/metrics, which does not stop the world; the count includes
// garbage not yet collected, so a rule whose garbage alone passes the
// limit between two collections is stopped too. Rego evaluation checks
// for cancellation at every step, so a rule is stopped within a sample of
// passing the limit (a single built-in call that allocates more at once is
// not, unless it checks for cancellation, as numbers.range does).
func watchMemory(limit uint64, over func()) (stop func()) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if now := read(); now > base && now-base > limit {
					over()
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

// mebibytes renders a byte count for messages: 64 MiB.
func mebibytes(n uint64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
