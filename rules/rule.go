package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Severity ranks findings. The zero value is Info.
type Severity int

const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want one of %s)", name, strings.Join(severityNames[:], ", "))
}

// Format names an input format in rule documentation: the name the
// format's reader gives in the model (model.Source, parsers.Formats).
type Format = model.Source

const (
	Terraform      = model.SourceTerraform
	CloudFormation = model.SourceCloudFormation
	PolicyDocument = model.SourcePolicy
)

// Example is a snippet of input in one format, for rule documentation.
type Example struct {
	Format Format
	Code   string
}

// Rule is one check and everything said about it. Each rule is a single
// literal in its own file; docs, `iacscan explain` and SARIF help are all
// generated from these fields.
type Rule struct {
	ID       string   // permanent: IAM + category digit + number
	Name     string   // kebab-case
	Aliases  []string // former IDs or names, still accepted in selections and ignores
	Title    string   // short noun phrase
	Severity Severity
	Practice string // the AWS IAM best practice it enforces
	// Description says what the rule finds and why it matters (markdown).
	Description string
	// Bad shows inputs that produce the finding.
	Bad []Example
	// Fix is the remediation in a few words, for the end of a finding in
	// text output ("name the resources").
	Fix string
	// Remediation says how to fix it (markdown); Fixes show fixed inputs,
	// one per format.
	Remediation string
	Fixes       []Example
	Links       []string
	Since       string // version that introduced the rule
	// NotApplicable names formats where the model cannot hold what the
	// rule checks, with the reason.
	NotApplicable string
	// OffByDefault says why the rule does not run unless asked for, and how
	// to ask (a setting, --rule): empty for the rules every scan runs.
	OffByDefault string
	// Required, for a rule off by default, says whether the settings turn
	// it on, and at which severity (IAM501 with require_boundaries).
	Required func(*Config) (Severity, bool)
	// Origin is the file a custom rule (Rego) is declared in; empty for
	// the built-in rules.
	Origin string
	Check  func(*Pass)

	// StatementGrant marks a rule that judges what one Allow statement
	// grants: such rules' findings on one statement share a fix (narrow its
	// actions or resources, or add the missing condition), so Group makes
	// them one alert.
	StatementGrant bool
	// OnePerPolicy marks a rule whose findings on several statements of
	// one policy, at one severity, are one problem with one fix (IAM204:
	// name the resources the policy writes), so Group makes them one alert
	// per policy and severity.
	OnePerPolicy bool
}

// Finding is one violation of a rule.
type Finding struct {
	Rule     *Rule
	Resource string // inventory ID of the element
	// Element is the part of the resource the finding is about, named so
	// that edits elsewhere do not change it (a policy statement: its
	// policy's path and Sid or position); empty when the finding is about
	// the resource as a whole. Part of the fingerprint.
	Element string
	Source  model.Source
	Loc     model.Location
	Message string
	Related []Related
	// MayApply: the element stands for instances whose count or for_each
	// was unknown.
	MayApply bool
	// Also are the other rules whose findings on the same statement were
	// folded into this one by Group, most severe first; Rule leads.
	Also []*Rule
	// Instances are the addresses of the module instances this finding was
	// found in, when Group folded the same finding of several instances of
	// one Terraform module into one (Resource is the first).
	Instances []string
	// Document is where the policy document the finding lies in is
	// written, when that is apart from the policy (an
	// aws_iam_policy_document, a file): every policy made from it finds the
	// same problem there, and Group makes those findings one alert. Set by
	// Run; zero for a document written in its policy.
	Document model.Location
	// Suppressed is set when an ignore directive or the baseline matched.
	Suppressed *Suppression
}

// Rules returns the rules the finding carries: the lead rule, then Also.
func (f *Finding) Rules() []*Rule {
	return append([]*Rule{f.Rule}, f.Also...)
}

// RuleIDs returns the IDs of Rules.
func (f *Finding) RuleIDs() []string {
	ids := make([]string, 0, 1+len(f.Also))
	for _, r := range f.Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// Related is a secondary location that helps explain a finding: the
// statement, the attachment, the condition that was considered.
type Related struct {
	Loc     model.Location
	Message string
}

// Suppression records why a finding is not reported as active.
type Suppression struct {
	Kind   string // "inline", "metadata", "baseline"
	Reason string
	Loc    model.Location
}

// With adds a related location to the finding and returns the finding, so
// calls chain after Reportf.
func (f *Finding) With(loc model.Location, format string, args ...any) *Finding {
	if !loc.IsZero() {
		f.Related = append(f.Related, Related{Loc: loc, Message: fmt.Sprintf(format, args...)})
	}
	return f
}
