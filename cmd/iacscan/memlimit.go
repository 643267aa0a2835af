package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// limitedInput is the size of the named input files from which a scan
// limits its heap (see limitHeap); smaller scans get a heap floor.
const limitedInput = 32 << 20

// outsideLimit is the resident memory of a scan that Go's memory limit does
// not cover: the executable's code and data (about 25 MB: iacscan embeds
// the AWS catalog) and the window of a mapped plan file being read (see
// parsers/plan's releaseStep).
const outsideLimit = 32 << 20

// limitHeap sets a soft memory limit while a scan of large inputs runs, so
// that the process stays within twice the size of the named input files,
// and returns the function that restores the previous limit. Smaller
// scans get a heap floor instead (see heapFloor). The limit is the
// process's: two scans running at once in one process would restore each
// other's (the CLI runs one).
//
// Go's collector lets the heap grow to twice the live heap before it
// collects. A scan's live heap is mostly its inventory, which lives until
// the rules are done; the rest of the growth is garbage from parsing and
// rules. On a 194 MB plan that pacing peaks at 2.6 times the file; a limit
// that keeps the process within twice the file makes the collector run
// earlier as the heap nears it, for about 15% more CPU on that plan
// (issue #12 asks for a peak of 2x the file).
//
// When the live heap itself approaches the limit (a plan with tens of
// thousands of principals and findings holds more than its size), a limit
// would only make the collector run back to back: measured on such a plan,
// 2.6 times the CPU. The limit is lifted then, once the live heap passes
// three quarters of it. A GOMEMLIMIT set by the user is left alone.
func limitHeap(paths []string) (restore func()) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return func() {}
	}
	var size int64
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			size += info.Size()
		}
	}
	if size < limitedInput {
		return heapFloor()
	}
	limit := heapLimit(size)
	prev := debug.SetMemoryLimit(limit)
	stop := untilLive(limit/4*3, func() { debug.SetMemoryLimit(prev) })
	return func() {
		stop()
		debug.SetMemoryLimit(prev)
	}
}

// smallHeap is the heap a scan of small inputs grows to before it collects
// (see heapFloor).
const smallHeap = 32 << 20

// heapFloor makes the collector wait for a heap of about smallHeap while a
// scan of small inputs runs, and returns the function that ends it. Go's
// pacing starts collecting at a 4 MB heap and then at twice the live
// heap: a scan of terraform-aws-iam, 5 to 9 MB live, collected 12 times
// for 49 MB allocated, 18% of its CPU.
//
// The floor is a ballast: half of smallHeap allocated and never touched,
// so it takes no resident memory, but the collector counts it as live and
// paces from it. A memory limit with the pacing off did the same on small
// scans, but once the live heap outgrew the limit (a directory of many
// repositories counts as a small input) the collector ran back to back
// until a watcher lifted it: 1.4 times the CPU. A ballast fails gently: at
// worst the heap grows a little further before a collection. It is
// dropped once the live heap, ballast included, passes smallHeap, when
// the pacing needs no help. A GOGC set by the user is left alone.
func heapFloor() (restore func()) {
	if _, set := os.LookupEnv("GOGC"); set {
		return func() {}
	}
	ballast := make([]byte, smallHeap/2)
	drop := func() {
		runtime.KeepAlive(ballast)
		ballast = nil
	}
	stop := untilLive(smallHeap, drop)
	return func() {
		stop()
		drop()
	}
}

// untilLive calls lift once the live heap passes bytes, checked every
// 20 ms until stop is called; stop returns when the check has ended.
func untilLive(bytes int64, lift func()) (stop func()) {
	done, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(live)
				if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > uint64(bytes) {
					lift()
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		<-ended
	}
}

// heapLimit is the memory limit of a scan of inputs of size bytes (at least
// limitedInput): twice their size, less the memory the limit does not
// cover. That allowance is phased in, in full from 96 MB: on smaller inputs
// the executable is a larger share of the process, and a limit that made
// room for it would sit so close to the live heap (about 1.2 times a plan)
// that the collector would run back to back (a 48 MB plan: 10% more CPU
// for a peak of 2.4 instead of 2.6 times the file).
func heapLimit(size int64) int64 {
	return 2*size - min(outsideLimit, (size-limitedInput)/2)
}
