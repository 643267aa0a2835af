// Package diff says what a change grants: it compares the effective
// permissions (iam.Analyze) of every principal on two sides of a change —
// a plan's prior state and its planned values, or a tree at a git ref and
// the working tree — and reports, per principal, the actions newly allowed,
// those allowed more widely (more resources, fewer conditions) or less
// widely, those no longer allowed, boundary, deny and trust changes, and, per resource
// policy, who can now reach the resource; and which findings the change
// introduces. Values not known before deploy are shown as such, never
// guessed.
//
// Whether a changed grant is allowed more or less widely, and which actions
// a changed Deny denies, is asked of the decision engine (access.Evaluate)
// on both sides, not read from the text of the patterns.
//
// It is not a scan: package scan reads and judges both sides (scan.DiffPlan,
// scan.DiffBase); this package compares what they hold and writes the report.
package diff
