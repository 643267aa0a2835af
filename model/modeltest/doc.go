// Package modeltest writes an inventory as text for tests: one element a
// line, in inventory order, with what the parsers set (locations, unknown
// values and their expressions, references, documents statement by
// statement), so that a parser test compares one canonical dump with a
// golden file or another parser's. (iacscan export is the user-facing
// JSON of an inventory; this is its compact, line-oriented sibling for
// diffs.)
//
// It is not the user-facing export (package export).
package modeltest
