// Package proctime measures child processes for whole-process benchmarks:
// wall and CPU time and peak resident memory, as the kernel accounts them.
//
// It is not a benchmark runner: the whole-process benchmarks of
// cmd/iacscan use it to read what a child process cost (Linux only).
package proctime
