package parallel

import (
	"sync/atomic"
	"testing"
)

// Every iteration runs exactly once, whatever the number of workers.
func TestOn(t *testing.T) {
	for _, workers := range []int{0, 1, 2, 7} {
		for _, n := range []int{0, 1, 3, 100} {
			runs := make([]atomic.Int32, n)
			On(workers, n, func(i int) { runs[i].Add(1) })
			for i := range runs {
				if got := runs[i].Load(); got != 1 {
					t.Errorf("On(%d, %d): iteration %d ran %d times", workers, n, i, got)
				}
			}
		}
	}
}
