package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// jsonWriter writes the canonical, complete report: every finding
// (suppressed ones included), every input error, and a summary. The shape is
// a contract other tools read (design.md "Output"): keys keep their order,
// lists are [] when empty, never null, and fields are only ever added.
type jsonWriter struct {
	root string // SRCRoot, for fingerprints
}

var _ Writer = (*jsonWriter)(nil)

type jsonReport struct {
	Version  string        `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Errors   []jsonError   `json:"errors"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonFinding struct {
	Rule string `json:"rule"`
	// Fingerprint identifies the finding across runs and edits, as SARIF's
	// partialFingerprints do (Fingerprints).
	Fingerprint string `json:"fingerprint"`
	// Rules are every rule the finding carries, the lead (Rule) first: an
	// alert rules.Group made of several rules' findings on one statement.
	Rules    []string      `json:"rules"`
	Name     string        `json:"name"`
	Severity string        `json:"severity"`
	Title    string        `json:"title"`
	Message  string        `json:"message"`
	Resource string        `json:"resource"`
	Source   string        `json:"source"`
	Location jsonLocation  `json:"location"`
	Related  []jsonRelated `json:"related"`
	MayApply bool          `json:"may_apply"`
	// Instances are the module instances the finding is in, when it was
	// found in several instances of one Terraform module; [] otherwise.
	Instances  []string         `json:"instances"`
	Suppressed *jsonSuppression `json:"suppressed"`
}

// jsonLocation is a model.Location; zero line and column mean unknown.
type jsonLocation struct {
	File        string `json:"file"`
	StartLine   int    `json:"start_line"`
	StartColumn int    `json:"start_column"`
	EndLine     int    `json:"end_line"`
	EndColumn   int    `json:"end_column"`
}

type jsonRelated struct {
	Location jsonLocation `json:"location"`
	Message  string       `json:"message"`
}

type jsonSuppression struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	// Location is where the ignore directive is; null for suppressions
	// kept outside the input, such as a baseline.
	Location *jsonLocation `json:"location"`
}

type jsonError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
	Warning bool   `json:"warning"`
}

// jsonSummary counts active findings (not suppressed) by severity and the
// distinct files they are in; suppressed findings, errors and warnings are
// counted apart.
type jsonSummary struct {
	Findings   int                `json:"findings"`
	Severity   jsonSeverityCounts `json:"by_severity"`
	Files      int                `json:"files"`
	Suppressed int                `json:"suppressed"`
	Errors     int                `json:"errors"`
	Warnings   int                `json:"warnings"`
	Coverage   *Coverage          `json:"coverage,omitempty"`
}

type jsonSeverityCounts struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
	Info     int `json:"info"`
}

func (w *jsonWriter) Write(out io.Writer, r *Result) error {
	doc := jsonReport{
		Version:  r.Version,
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Errors:   make([]jsonError, 0, len(r.Errors)),
		Summary:  jsonSummaryOf(count(r)),
	}
	doc.Summary.Coverage = r.Coverage
	fps := Fingerprints(r.Findings, w.root)
	for i, f := range r.Findings {
		jf := jsonFindingOf(f)
		jf.Fingerprint = fps[i]
		doc.Findings = append(doc.Findings, jf)
	}
	for _, err := range r.Errors {
		e := splitError(err)
		doc.Errors = append(doc.Errors, jsonError{
			File: e.Loc.File, Line: e.Loc.StartLine, Column: e.Loc.StartColumn,
			Message: e.Message, Warning: e.Warning,
		})
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // messages quote policy text; keep <, > and & readable
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

func jsonFindingOf(f *rules.Finding) jsonFinding {
	jf := jsonFinding{
		Rule:      f.Rule.ID,
		Rules:     f.RuleIDs(),
		Name:      f.Rule.Name,
		Severity:  f.Rule.Severity.String(),
		Title:     f.Rule.Title,
		Message:   f.Message,
		Resource:  f.Resource,
		Source:    string(f.Source),
		Location:  jsonLocationOf(f.Loc),
		Related:   make([]jsonRelated, 0, len(f.Related)),
		MayApply:  f.MayApply,
		Instances: append([]string{}, f.Instances...),
	}
	for _, rel := range f.Related {
		jf.Related = append(jf.Related, jsonRelated{Location: jsonLocationOf(rel.Loc), Message: rel.Message})
	}
	if s := f.Suppressed; s != nil {
		jf.Suppressed = &jsonSuppression{Kind: s.Kind, Reason: s.Reason}
		if !s.Loc.IsZero() {
			loc := jsonLocationOf(s.Loc)
			jf.Suppressed.Location = &loc
		}
	}
	return jf
}

func jsonLocationOf(l model.Location) jsonLocation {
	return jsonLocation{File: l.File, StartLine: l.StartLine, StartColumn: l.StartColumn, EndLine: l.EndLine, EndColumn: l.EndColumn}
}

func jsonSummaryOf(t tally) jsonSummary {
	return jsonSummary{
		Findings: t.findings,
		Severity: jsonSeverityCounts{
			Critical: t.severity[rules.Critical],
			High:     t.severity[rules.High],
			Medium:   t.severity[rules.Medium],
			Low:      t.severity[rules.Low],
			Info:     t.severity[rules.Info],
		},
		Files:      t.files,
		Suppressed: t.suppressed,
		Errors:     t.errors,
		Warnings:   t.warnings,
	}
}
