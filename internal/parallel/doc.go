// Package parallel runs the iterations of a loop on several goroutines:
// the one worker pool of the loader, the Terraform evaluation and the
// rules. Each iteration writes its result into a slot the caller owns, so
// that nothing downstream depends on scheduling.
//
// It is not a scheduler: it bounds nothing but the number of goroutines, and
// callers keep their own limits (parsers/terraform's budgets).
package parallel
