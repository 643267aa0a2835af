package report

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// Result is what one scan produced.
type Result struct {
	Version  string           // iacscan version
	Rules    []*rules.Rule    // the rules that ran, sorted by ID
	Findings []*rules.Finding // sorted (rules.SortFindings); file paths relative, forward slashes
	Errors   []error          // input errors and warnings (*model.InputError where the file is known)
	// Coverage, when set, is added to the summary: what was read and what
	// was not analysed.
	Coverage *Coverage
	// FailOn, when set, is the severity the run fails on: the summary says
	// how many alerts are at or above it.
	FailOn *rules.Severity
	// Hidden counts the active findings a display filter (--severity) left
	// out of Findings; the summary says so.
	Hidden int
}

// Options tune writers; each writer reads the fields that concern it.
type Options struct {
	Color bool // text: ANSI colours (only on a terminal)
	Quiet bool // text: findings and errors only, no summary line
	// Width is the terminal's width, which text wraps messages to; 0 (not
	// a terminal) means no wrapping.
	Width int
	// Links makes text link rule documentation with OSC 8 hyperlinks,
	// which terminals show as the link's text.
	Links bool
	// Category is SARIF's runAutomationDetails.id prefix ("iacscan/" by default).
	Category string
	// SRCRoot is the path, relative to the working directory, of the root
	// SARIF URIs are relative to (the repository root). Empty means the
	// working directory.
	SRCRoot string
	// Notes is where a writer says what it left out of its report (SARIF:
	// results over GitHub's limits); nil for nowhere. The CLI passes
	// standard error.
	Notes io.Writer
}

// Writer writes a Result in one format.
type Writer interface {
	Write(w io.Writer, r *Result) error
}

// Formats lists the format names New accepts, sorted.
func Formats() []string {
	return []string{"compact", "json", "junit", "markdown", "sarif", "text"}
}

// New returns the writer for a format name.
func New(format string, opts Options) (Writer, error) {
	switch format {
	case "compact":
		return &compactWriter{quiet: opts.Quiet}, nil
	case "json":
		return &jsonWriter{root: opts.SRCRoot}, nil
	case "junit":
		return &junitWriter{}, nil
	case "markdown":
		return &markdownWriter{}, nil
	case "sarif":
		return &sarifWriter{category: opts.Category, root: opts.SRCRoot, notes: opts.Notes}, nil
	case "text":
		return &textWriter{color: opts.Color, width: opts.Width, links: opts.Links, quiet: opts.Quiet}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// inputError is an entry of Result.Errors taken apart: where, what, and
// whether it is only a warning. Errors that are not *model.InputError have no
// location.
type inputError struct {
	Loc     model.Location
	Message string
	Warning bool
}

func splitError(err error) inputError {
	if ie, ok := errors.AsType[*model.InputError](err); ok {
		return inputError{Loc: ie.Loc, Message: ie.Message, Warning: ie.Warning}
	}
	return inputError{Message: err.Error()}
}

// String formats the error as file:line:col: message, like the compiler
// errors editors link.
func (e inputError) String() string {
	if e.Loc.File == "" {
		return e.Message
	}
	return e.Loc.String() + ": " + e.Message
}

// tally is what summary lines and tables count. Suppressed findings are
// counted apart and in nothing else: they are not active.
type tally struct {
	findings   int
	severity   [rules.Critical + 1]int // active findings by severity
	suppressed int
	files      int // distinct files with active findings
	errors     int
	warnings   int
	failOn     *rules.Severity
	failing    int // active findings at or above failOn
	hidden     int
}

func count(r *Result) tally {
	t := tally{failOn: r.FailOn, hidden: r.Hidden}
	files := map[string]bool{}
	for _, f := range r.Findings {
		if f.Suppressed != nil {
			t.suppressed++
			continue
		}
		t.findings++
		t.severity[f.Rule.Severity]++
		if r.FailOn != nil && f.Rule.Severity >= *r.FailOn {
			t.failing++
		}
		if f.Loc.File != "" {
			files[f.Loc.File] = true
		}
	}
	t.files = len(files)
	for _, err := range r.Errors {
		if splitError(err).Warning {
			t.warnings++
		} else {
			t.errors++
		}
	}
	return t
}

// severitiesDown lists severities from the most to the least severe, the
// order every summary uses.
var severitiesDown = [...]rules.Severity{rules.Critical, rules.High, rules.Medium, rules.Low, rules.Info}

// summaryLine is the one-line summary shared by text and Markdown:
// "3 findings (1 critical, 2 medium) in 2 files; 1 suppressed; 1 error".
func (t tally) summaryLine() string {
	var b strings.Builder
	if t.findings == 0 {
		b.WriteString("no findings")
	} else {
		var parts []string
		for _, s := range severitiesDown {
			if n := t.severity[s]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, s))
			}
		}
		fmt.Fprintf(&b, "%s (%s)", plural(t.findings, "finding"), strings.Join(parts, ", "))
		if t.files > 0 {
			fmt.Fprintf(&b, " in %s", plural(t.files, "file"))
		}
		if t.failOn != nil {
			n := "none"
			if t.failing > 0 {
				n = fmt.Sprint(t.failing)
			}
			fmt.Fprintf(&b, "; %s at or above --fail-on %s", n, *t.failOn)
		}
	}
	if t.hidden > 0 {
		fmt.Fprintf(&b, "; %d not shown (--severity)", t.hidden)
	}
	if t.suppressed > 0 {
		fmt.Fprintf(&b, "; %d suppressed", t.suppressed)
	}
	if t.errors > 0 {
		b.WriteString("; " + plural(t.errors, "error"))
	}
	if t.warnings > 0 {
		b.WriteString("; " + plural(t.warnings, "warning"))
	}
	return b.String()
}

// SummaryLine is the one-line summary of a result, as text ends with:
// "3 findings (1 critical, 2 medium) in 2 files; 1 suppressed".
func SummaryLine(r *Result) string {
	return count(r).summaryLine() + r.Coverage.suffix()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Fingerprints returns the fingerprint of each finding, in order, as the
// JSON and SARIF reports print them: rules.Fingerprint of the finding with
// its path relative to root (the repository root, relative to the working
// directory; "" for the working directory), numbered by rules.Occurrences.
// A finding with no file under root keeps its path as it is.
func Fingerprints(findings []*rules.Finding, root string) []string {
	occ := rules.Occurrences{}
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = occ.Next(atRoot(f, root))
	}
	return out
}

// atRoot returns f with its path relative to root, for fingerprints. A
// bare policy document's ID is its path, so it is made relative too.
func atRoot(f *rules.Finding, root string) *rules.Finding {
	uri, ok := repoRelative(root, f.Loc.File)
	if !ok {
		return f
	}
	g := *f
	g.Loc.File = uri
	if f.Source == model.SourcePolicy {
		if id, ok := repoRelative(root, filepath.ToSlash(filepath.Clean(f.Resource))); ok {
			g.Resource = id
		}
	}
	return &g
}

// mayApplyNote is appended to messages of findings on elements whose count
// or for_each was unknown, in the formats that have no field for it.
const mayApplyNote = " (may apply: the resource's count or for_each is unknown)"

func displayMessage(f *rules.Finding) string {
	if f.MayApply {
		return f.Message + mayApplyNote
	}
	return f.Message
}
