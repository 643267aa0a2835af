// Package baseline records the findings a project accepts today, so that a
// scan reports only new ones. Entries are matched by the finding's
// fingerprint, which does not change when lines move or a file is
// reformatted. The file is sorted JSON, one entry per finding, so that a
// change to it reads well in a diff.
//
// It is not inline suppression (package suppress, applied first) nor the
// fingerprint itself (rules.Fingerprint); package scan applies a baseline
// after the rules have run.
package baseline
