package report

import (
	"bufio"
	"bytes"
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

// Write streams the report one finding at a time: the bytes are those of
// encoding the whole jsonReport indented by two spaces, but a report larger
// than its input (tens of thousands of findings) is never held in memory
// whole, nor twice (encoded, then indented).
func (w *jsonWriter) Write(out io.Writer, r *Result) error {
	summary := jsonSummaryOf(count(r))
	summary.Coverage = r.Coverage
	fps := Fingerprints(r.Findings, w.root)
	s := newJSONStream(out)
	s.raw("{\n  \"version\": ")
	s.value(r.Version, "  ")
	s.raw(",\n  \"findings\": ")
	var buf []byte
	s.array(len(r.Findings), "  ", func(i int) {
		jf := jsonFindingOf(r.Findings[i])
		jf.Fingerprint = fps[i]
		buf = appendFinding(buf[:0], &jf)
		s.bytes(buf)
	})
	s.raw(",\n  \"errors\": ")
	s.array(len(r.Errors), "  ", func(i int) {
		e := splitError(r.Errors[i])
		s.value(jsonError{
			File: e.Loc.File, Line: e.Loc.StartLine, Column: e.Loc.StartColumn,
			Message: e.Message, Warning: e.Warning,
		}, "    ")
	})
	s.raw(",\n  \"summary\": ")
	s.value(summary, "  ")
	s.raw("\n}\n")
	if err := s.flush(); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// jsonStream writes indented JSON piece by piece; the first error sticks.
type jsonStream struct {
	w   *bufio.Writer
	buf bytes.Buffer
	err error
}

func newJSONStream(out io.Writer) *jsonStream {
	return &jsonStream{w: bufio.NewWriterSize(out, 64<<10)}
}

func (s *jsonStream) raw(text string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(text)
	}
}

func (s *jsonStream) bytes(data []byte) {
	if s.err == nil {
		_, s.err = s.w.Write(data)
	}
}

// value writes v indented by two spaces, its lines after the first
// prefixed, as a json.Encoder set up so would.
func (s *jsonStream) value(v any, prefix string) {
	if s.err != nil {
		return
	}
	s.buf.Reset()
	enc := json.NewEncoder(&s.buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false) // messages quote policy text; keep <, > and & readable
	if s.err = enc.Encode(v); s.err != nil {
		return
	}
	_, s.err = s.w.Write(bytes.TrimSuffix(s.buf.Bytes(), []byte("\n")))
}

// array writes an array of n elements as the value of a member at depth
// indent ([] when empty), each element's first line indented one step
// further and its text written by element(i).
func (s *jsonStream) array(n int, indent string, element func(i int)) {
	if n == 0 {
		s.raw("[]")
		return
	}
	s.raw("[\n")
	for i := range n {
		if i > 0 {
			s.raw(",\n")
		}
		s.raw(indent + "  ")
		element(i)
	}
	s.raw("\n" + indent + "]")
}

func (s *jsonStream) flush() error {
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
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
