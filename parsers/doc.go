// Package parsers finds the inputs under the paths of a scan, offers each
// to the input formats in order, has the format that claims it read it, and
// merges the results into one linked inventory. The formats themselves live
// in their own packages (see package format); Formats lists them.
//
// It is not a format: each format is a package of its own (parsers/terraform,
// parsers/plan, parsers/cloudformation, parsers/policy) that knows its
// syntax; package scan calls the loader.
package parsers
