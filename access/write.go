package access

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
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
	holders := holdersOfUnresolved(answers)
	said := map[string]bool{} // attachments whose note is written in full
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
			if u, ok := a.unresolvedNote(n); ok && len(holders[u.key()]) > 1 {
				// An attachment a group's members hold through it: said
				// once, with every principal listed whom it leaves open.
				if n, ok = onceNote(a, u, n, holders[u.key()], said); !ok {
					continue
				}
			}
			b.WriteString("  note: " + printable.String(n) + "\n")
		}
	}
	return b.String()
}

// holdersOfUnresolved lists, for each attachment the scan cannot show, the
// principals of answers whose notes name it, in answer order.
func holdersOfUnresolved(answers []Answer) map[string][]string {
	out := map[string][]string{}
	for _, a := range answers {
		for _, u := range a.Unresolved {
			if slices.Contains(a.Notes, u.note) {
				out[u.key()] = append(out[u.key()], a.Kind+" `"+a.Principal+"`")
			}
		}
	}
	return out
}

// unresolvedNote returns the attachment note n is about, if it is one.
func (a Answer) unresolvedNote(n string) (Unresolved, bool) {
	for _, u := range a.Unresolved {
		if u.note == n && n != "" {
			return u, true
		}
	}
	return Unresolved{}, false
}

// onceNote is the note about u for answer a, held by holders: in full the
// first time, naming the others it applies to; after that, a reference,
// or nothing where another note of a names the attachment already.
func onceNote(a Answer, u Unresolved, n string, holders []string, said map[string]bool) (string, bool) {
	self := a.Kind + " `" + a.Principal + "`"
	if !said[u.key()] {
		said[u.key()] = true
		others := slices.DeleteFunc(slices.Clone(holders), func(h string) bool { return h == self })
		return fmt.Sprintf("%s; it applies to %s below too", n, listed(others, 5)), true
	}
	id := "`" + strings.Fields(u.Attachment)[0] + "`"
	for _, other := range a.Notes {
		if other != n && strings.Contains(other, id) {
			return "", false
		}
	}
	via := ""
	if u.Group != "" {
		via = fmt.Sprintf(" (through group `%s`)", u.Group)
	}
	return fmt.Sprintf("attached policy of %s is unknown, as said above%s", id, via), true
}
