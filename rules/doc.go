// Package rules holds iacscan's rule catalogue: one file per rule (its
// metadata and its check), the registry, and the code that runs rules over an
// inventory. Rules read the model only; they never see file formats.
//
// It is not the pipeline: package scan selects the rules, runs them, and
// applies suppressions (package suppress) and baselines (package baseline);
// custom Rego rules come from package custom.
package rules
