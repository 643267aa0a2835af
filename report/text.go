package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// textWriter writes the report for people, worst first: active findings by
// severity, then file and line, so that what must be fixed is what one reads
// first (with `| less`, or at the top of a CI log) and a critical is never
// below a screen of low hygiene. Each finding is a header (severity, rule,
// file:line:col, the resource when the message does not name it), its
// message and related locations indented below, and a last line with the
// fix in a few words and the rule's documentation. Then input errors,
// warnings, and the summary, which counts what is not shown (suppressed
// findings, rules off by default).
//
// Deterministic unless told otherwise: wrapping (Options.Width) and
// hyperlinks (Options.Links) are for terminals, which the CLI detects.
type textWriter struct {
	color bool // ANSI colours; the CLI sets it only on a terminal
	width int  // wrap messages to this many columns; 0: no wrapping
	links bool // OSC 8 hyperlinks for rule documentation
	quiet bool // findings only: no summary line
}

var _ Writer = (*textWriter)(nil)

// ANSI SGR sequences.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
	ansiRed     = "\x1b[31m"
	ansiBoldRed = "\x1b[1;31m"
	ansiYellow  = "\x1b[33m"
	ansiBlue    = "\x1b[34m"
	ansiCyan    = "\x1b[36m"
)

var severityColors = [...]string{
	rules.Info:     ansiBlue,
	rules.Low:      ansiCyan,
	rules.Medium:   ansiYellow,
	rules.High:     ansiRed,
	rules.Critical: ansiBoldRed,
}

// noFile stands for the file of a finding that has none.
const noFile = "(no file)"

// bodyIndent is where messages, related locations and fixes start.
const bodyIndent = "    "

func (w *textWriter) Write(out io.Writer, r *Result) error {
	bw := bufio.NewWriter(out)
	for _, f := range worstFirst(activeFindings(r.Findings)) {
		w.writeFinding(bw, f)
		bw.WriteString("\n")
	}
	var errs, warnings []inputError
	for _, err := range r.Errors {
		if e := splitError(err); e.Warning {
			warnings = append(warnings, e)
		} else {
			errs = append(errs, e)
		}
	}
	w.writeErrors(bw, "input errors (not scanned)", ansiRed, errs)
	w.writeErrors(bw, "warnings", ansiYellow, warnings)
	if w.quiet {
		return bw.Flush()
	}
	if off := offByDefault(r.Rules); len(off) > 0 {
		fmt.Fprintf(bw, "not run: %s, off by default (--rule 'IAM*' runs every rule)\n", strings.Join(off, ", "))
	}
	bw.WriteString(count(r).summaryLine() + r.Coverage.suffix() + "\n")
	return bw.Flush()
}

func (w *textWriter) writeFinding(bw *bufio.Writer, f *rules.Finding) {
	sev := f.Rule.Severity
	where := f.Loc.String()
	if f.Loc.File == "" {
		where = noFile
	}
	// Input text (paths, addresses, messages quoting policies) goes
	// through printable.String: no control character reaches the terminal.
	header := w.padPaint(severityColors[sev], strings.ToUpper(sev.String()), len("CRITICAL")) + "  " +
		f.Rule.ID + "  " + w.paint(ansiBold, printable.String(where))
	if f.Resource != f.Loc.File && !strings.Contains(f.Message, f.Resource) {
		header += "  " + w.paint(ansiDim, printable.String(f.Resource)) // a bare policy document is its own resource
	}
	bw.WriteString(header + "\n")
	w.writeWrapped(bw, bodyIndent, bodyIndent, printable.String(displayMessage(f)), "")
	for _, rel := range f.Related {
		at := position(rel.Loc)
		if rel.Loc.File != f.Loc.File {
			at = printable.String(rel.Loc.String())
		}
		w.writeWrapped(bw, bodyIndent+at+"  ", bodyIndent+strings.Repeat(" ", len(at)+2), printable.String(rel.Message), ansiDim)
	}
	if f.Rule.Fix != "" {
		w.writeWrapped(bw, bodyIndent+"fix: ", bodyIndent+"     ", f.Rule.Fix+" · "+w.docLink(f.Rule.ID), "")
	}
}

// writeErrors lists input errors or warnings under a heading, if any.
func (w *textWriter) writeErrors(bw *bufio.Writer, heading, color string, errs []inputError) {
	if len(errs) == 0 {
		return
	}
	bw.WriteString(w.paint(ansiBold+color, heading) + "\n")
	for _, e := range errs {
		w.writeWrapped(bw, "  ", "      ", printable.String(e.String()), "")
	}
	bw.WriteString("\n")
}

// writeWrapped writes text after first, wrapped to the width with the
// following lines after rest, painted in color ("" for none). Words longer
// than a line (an ARN, a URL) are never broken.
func (w *textWriter) writeWrapped(bw *bufio.Writer, first, rest, text, color string) {
	for i, line := range wrap(text, w.width-len(first), w.width-len(rest)) {
		prefix := rest
		if i == 0 {
			prefix = first
		}
		bw.WriteString(prefix + w.paint(color, line) + "\n")
	}
}

// wrap splits text into lines of at most firstWidth (then width) columns at
// spaces; a width under 20 (no terminal, or a very narrow one) means no
// wrapping. OSC 8 sequences count as no columns.
func wrap(text string, firstWidth, width int) []string {
	if width < 20 {
		return []string{text}
	}
	var lines []string
	var line strings.Builder
	limit := firstWidth
	cols := 0
	for _, word := range strings.Split(text, " ") {
		n := visibleLen(word)
		if cols > 0 && cols+1+n > limit {
			lines = append(lines, line.String())
			line.Reset()
			cols, limit = 0, width
		}
		if cols > 0 {
			line.WriteByte(' ')
			cols++
		}
		line.WriteString(word)
		cols += n
	}
	return append(lines, line.String())
}

// visibleLen is the number of columns s takes: its runes, less OSC 8
// hyperlink sequences.
func visibleLen(s string) int {
	n := 0
	for len(s) > 0 {
		if strings.HasPrefix(s, osc8) {
			end := strings.Index(s, st)
			if end < 0 {
				break
			}
			s = s[end+len(st):]
			continue
		}
		_, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		n++
	}
	return n
}

// OSC 8 hyperlinks: ESC ] 8 ; ; URL ESC \ text ESC ] 8 ; ; ESC \.
const (
	osc8 = "\x1b]8;;"
	st   = "\x1b\\"
)

// docLink is the rule's documentation page: a hyperlink named after the
// rule on terminals that show them, the URL elsewhere.
func (w *textWriter) docLink(id string) string {
	url := ruleDocURL(id)
	if !w.links {
		return url
	}
	return osc8 + url + st + "docs/rules/" + id + ".md" + osc8 + st
}

// ruleDocURL is where a rule's documentation page is published.
func ruleDocURL(id string) string {
	return toolURI + "/blob/main/docs/rules/" + id + ".md"
}

// offByDefault lists the rules that are off by default and did not run,
// when every other rule ran: a scan with the default set. After a choice of
// rules (--rule) there is nothing to tell.
func offByDefault(ran []*rules.Rule) []string {
	var out []string
	for _, r := range rules.All {
		switch {
		case slices.ContainsFunc(ran, func(o *rules.Rule) bool { return o.ID == r.ID }):
		case r.OffByDefault == "":
			return nil // a rule of the default set did not run
		default:
			out = append(out, r.ID)
		}
	}
	return out
}

// worstFirst orders findings by severity, most severe first, then in report
// order (file, line, column, rule).
func worstFirst(fs []*rules.Finding) []*rules.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b *rules.Finding) int {
		return cmp.Compare(b.Rule.Severity, a.Rule.Severity)
	})
	return out
}

// paint wraps s in an ANSI colour when colours are on.
func (w *textWriter) paint(color, s string) string {
	if !w.color || color == "" {
		return s
	}
	return color + s + ansiReset
}

// padPaint paints s and pads it with spaces to width, leaving the padding
// uncoloured.
func (w *textWriter) padPaint(color, s string, width int) string {
	return w.paint(color, s) + strings.Repeat(" ", max(width-len(s), 0))
}

// position is "line:col" within a file, "-" when the line is unknown.
func position(l model.Location) string {
	switch {
	case l.StartLine == 0:
		return "-"
	case l.StartColumn == 0:
		return fmt.Sprint(l.StartLine)
	default:
		return fmt.Sprintf("%d:%d", l.StartLine, l.StartColumn)
	}
}

func activeFindings(fs []*rules.Finding) []*rules.Finding {
	var active []*rules.Finding
	for _, f := range fs {
		if f.Suppressed == nil {
			active = append(active, f)
		}
	}
	return active
}
