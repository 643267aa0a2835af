// Package synth generates large and hostile inputs for benchmarks and
// limit tests: they are built in memory (or in a temporary directory) rather
// than kept in the repository.
//
// It is not a fixture set: fixtures/ holds the inputs tests assert on; these
// are generated for size and hostility.
package synth
