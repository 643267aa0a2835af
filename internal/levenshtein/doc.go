// Package levenshtein measures how far apart two short strings are, for
// the "did you mean" of a mistyped configuration key (config) or action
// name (IAM407).
//
// It is not a suggester: callers choose the candidates and how near is near
// enough.
package levenshtein
