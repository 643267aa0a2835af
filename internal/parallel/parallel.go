package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For runs f(0), …, f(n-1) on as many goroutines as there are CPUs to run
// Go (GOMAXPROCS), and returns when all have returned.
func For(n int, f func(i int)) { On(runtime.GOMAXPROCS(0), n, f) }

// On is For on at most workers goroutines; with one, or one iteration, f
// runs on the caller's goroutine.
func On(workers, n int, f func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
