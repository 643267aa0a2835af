package plan

import (
	"os"
	"syscall"
)

// releasePages returns a function that hands the pages of a range of a
// read-only file mapping back to the system (MADV_DONTNEED). They stay
// mapped: reading them again faults them back in from the page cache. A
// plan reader that is done with a pass over the file releases it, so the
// file is not resident whole while the inventory grows.
func releasePages(data []byte) func(start, end int) {
	page := os.Getpagesize()
	return func(start, end int) {
		start -= start % page // the mapping starts on a page
		if start < 0 || end > len(data) || start >= end {
			return
		}
		// Advice only: if the kernel declines, the pages stay resident.
		_ = syscall.Madvise(data[start:end], syscall.MADV_DONTNEED)
	}
}
