// Package scan is one run of iacscan, from inputs to a decision: settings
// resolved once from the command line and .iacscan.yml (Resolve), the
// inputs read and analysed (Load), then the rules, grouping, inline
// suppressions and the baseline (Run), and the exit status the result
// deserves (Result.Status). Every command that reads inputs goes through
// it, so that scan, diff, summary, export, can and who-can agree on what a
// configuration means.
//
// It is not the command line: package main parses flags into a Request,
// calls scan, and writes the reports. Nor does it know any input format,
// rule or report format: parsers, rules and report do.
package scan
