package access

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
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

// Text renders answers for a terminal, one block each.
func Text(answers []Answer) string {
	var b strings.Builder
	for i, a := range answers {
		if i > 0 {
			b.WriteString("\n")
		}
		who := fmt.Sprintf("%s %s", a.Kind, a.Principal)
		if len(a.Chain) > 0 {
			who += " through " + strings.Join(a.Chain, " -> ")
		}
		fmt.Fprintf(&b, "%s: %s %s on %s", who, a.Verdict, a.Action, a.Resource)
		if a.Step != "" {
			fmt.Fprintf(&b, " (decided by: %s)", a.Step)
		}
		b.WriteString("\n")
		if len(a.Needs) > 0 {
			fmt.Fprintf(&b, "  needs context: %s\n", strings.Join(a.Needs, ", "))
		}
		for _, s := range a.Deciding {
			line := fmt.Sprintf("  %s: %s %s", s.Part, s.Effect, s.Where)
			if !strings.HasPrefix(s.File, "arn:") { // AWS managed policies have no file
				line += fmt.Sprintf(" (%s:%d)", filepath.ToSlash(s.File), s.Line)
			}
			if len(s.Conditions) > 0 {
				line += " when " + strings.Join(s.Conditions, " and ")
			}
			b.WriteString(line + "\n")
		}
		for _, n := range a.Notes {
			fmt.Fprintf(&b, "  note: %s\n", n)
		}
	}
	return b.String()
}
