package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/model"
)

// compactWriter writes one line per finding, the form compilers print and
// editors' and CI problem matchers parse:
//
//	infra/iam.tf:4:3: critical IAM201 policy `aws_iam_policy.admin` allows ...
//
// worst first, then the input errors and warnings in the same form
// ("error", "warning" in place of a severity), then the summary line unless
// quiet. The line and column are left out when unknown, never invented.
type compactWriter struct {
	quiet bool
}

func (w *compactWriter) Write(out io.Writer, r *Result) error {
	bw := bufio.NewWriter(out)
	for _, f := range worstFirst(activeFindings(r.Findings)) {
		fmt.Fprintf(bw, "%s %s %s %s\n", compactPlace(f.Loc), f.Rule.Severity, f.Rule.ID, printable.String(displayMessage(f)))
	}
	for _, err := range r.Errors {
		e := splitError(err)
		kind := "error"
		if e.Warning {
			kind = "warning"
		}
		fmt.Fprintf(bw, "%s %s %s\n", compactPlace(e.Loc), kind, printable.String(e.Message))
	}
	if !w.quiet {
		bw.WriteString(SummaryLine(r) + "\n")
	}
	return bw.Flush()
}

// compactPlace is "file:line:col:", with what is known of it.
func compactPlace(l model.Location) string {
	file := l.File
	if file == "" {
		file = noFile
	}
	file = printable.String(file)
	switch {
	case l.StartLine == 0:
		return file + ":"
	case l.StartColumn == 0:
		return fmt.Sprintf("%s:%d:", file, l.StartLine)
	}
	return fmt.Sprintf("%s:%d:%d:", file, l.StartLine, l.StartColumn)
}
