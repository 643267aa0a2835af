package access

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/internal/printable"
)

// Formats are the output formats Write accepts.
var Formats = []string{"text", "json"}

// Write renders answers as "text" or "json".
func Write(w io.Writer, answers []Answer, format string) error {
	switch format {
	case "text":
		_, err := io.WriteString(w, Text(answers))
		return err
	case "json":
		if answers == nil {
			answers = []Answer{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(answers)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// Text renders answers for a terminal, one block each. Principals of the
// same address in two roots (two root modules, two templates) are told
// apart by the file that declares them.
func Text(answers []Answer) string {
	files := map[string]map[string]bool{} // principal -> files declaring it
	for _, a := range answers {
		if files[a.Principal] == nil {
			files[a.Principal] = map[string]bool{}
		}
		files[a.Principal][a.File] = true
	}
	var b strings.Builder
	for i, a := range answers {
		if i > 0 {
			b.WriteString("\n")
		}
		who := fmt.Sprintf("%s %s", a.Kind, a.Principal)
		if a.shared || len(files[a.Principal]) > 1 {
			who += fmt.Sprintf(" (%s:%d)", filepath.ToSlash(a.File), a.Line)
		}
		if a.Kind == AnonymousKind {
			who = a.Principal
		}
		if len(a.Chain) > 0 {
			who += " through " + strings.Join(a.Chain, " -> ")
		}
		// Names, files, resources and conditions come from the inputs:
		// each line is escaped whole (printable.String).
		head := fmt.Sprintf("%s: %s %s on %s", who, a.Verdict, a.Action, a.Resource)
		if a.Step != "" {
			head += fmt.Sprintf(" (decided by: %s)", a.Step)
		}
		b.WriteString(printable.String(head) + "\n")
		if len(a.Needs) > 0 {
			b.WriteString(printable.String("  needs context: "+strings.Join(a.Needs, ", ")) + "\n")
		}
		for _, s := range a.Deciding {
			line := fmt.Sprintf("  %s: %s %s", s.Part, s.Effect, s.Where)
			if !strings.HasPrefix(s.File, "arn:") { // AWS managed policies have no file
				line += fmt.Sprintf(" (%s:%d)", filepath.ToSlash(s.File), s.Line)
			}
			if len(s.Conditions) > 0 {
				line += " when " + strings.Join(s.Conditions, " and ")
			}
			b.WriteString(printable.String(line) + "\n")
		}
		for _, n := range a.Notes {
			b.WriteString("  note: " + printable.String(n) + "\n")
		}
	}
	return b.String()
}
