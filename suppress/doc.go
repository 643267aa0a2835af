// Package suppress applies inline ignore directives (# iacscan:ignore ID --
// reason, CloudFormation Metadata, and other scanners' comments where their
// check means the same as a rule: peers.go) to findings. A suppressed finding is kept
// and marked, so that SARIF can show it as suppressed; a directive that is
// malformed, expired or matched nothing is reported, never silently dropped.
//
// It is not the baseline (package baseline), applied after it by package
// scan.
package suppress
