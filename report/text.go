package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// textWriter writes the report for people: active findings grouped by file,
// one line each, related locations indented below, then input errors and one
// summary line. Suppressed findings only appear in the summary count.
type textWriter struct {
	color bool // ANSI colours; the CLI sets it only on a terminal
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

// noFile heads the group of findings that have no file location.
const noFile = "(no file)"

func (w *textWriter) Write(out io.Writer, r *Result) error {
	bw := bufio.NewWriter(out)
	for _, group := range groupByFile(activeFindings(r.Findings)) {
		w.writeGroup(bw, group)
		bw.WriteString("\n")
	}
	if len(r.Errors) > 0 {
		bw.WriteString(w.paint(ansiBold, "input errors") + "\n")
		for _, err := range r.Errors {
			e := splitError(err)
			kind, color := "error", ansiRed
			if e.Warning {
				kind, color = "warning", ansiYellow
			}
			fmt.Fprintf(bw, "  %s  %s\n", w.padPaint(color, kind, len("warning")), printable.String(e.String()))
		}
		bw.WriteString("\n")
	}
	if !w.quiet {
		bw.WriteString(count(r).summaryLine() + "\n")
	}
	return bw.Flush()
}

func (w *textWriter) writeGroup(bw *bufio.Writer, fs []*rules.Finding) {
	file := fs[0].Loc.File
	if file == "" {
		file = noFile
	}
	bw.WriteString(w.paint(ansiBold, printable.String(file)) + "\n")
	width := 0
	for _, f := range fs {
		width = max(width, len(position(f.Loc)))
	}
	indent := strings.Repeat(" ", 2+width+2)
	for _, f := range fs {
		sev := f.Rule.Severity
		resource := ""
		if f.Resource != f.Loc.File { // a bare policy document is its own resource
			resource = "  " + w.paint(ansiDim, "("+printable.String(f.Resource)+")")
		}
		fmt.Fprintf(bw, "  %-*s  %s  %s  %s%s\n", width, position(f.Loc),
			w.padPaint(severityColors[sev], strings.ToUpper(sev.String()), len("CRITICAL")),
			f.Rule.ID, printable.String(displayMessage(f)), resource)
		for _, rel := range f.Related {
			where := position(rel.Loc)
			if rel.Loc.File != f.Loc.File {
				where = rel.Loc.String()
			}
			fmt.Fprintf(bw, "%s%s\n", indent, w.paint(ansiDim, printable.String(where+"  "+rel.Message)))
		}
	}
}

// paint wraps s in an ANSI colour when colours are on.
func (w *textWriter) paint(color, s string) string {
	if !w.color {
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

// groupByFile splits findings into one group per file, in order of first
// appearance (file order, as the findings are sorted).
func groupByFile(fs []*rules.Finding) [][]*rules.Finding {
	var groups [][]*rules.Finding
	index := map[string]int{}
	for _, f := range fs {
		i, ok := index[f.Loc.File]
		if !ok {
			i = len(groups)
			index[f.Loc.File] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], f)
	}
	return groups
}
