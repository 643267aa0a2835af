package summary

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/iacscan/iacscan/internal/printable"
)

// Formats are the output formats Write accepts.
var Formats = []string{"text", "json", "markdown"}

// Options choose how Write renders text.
type Options struct {
	// Full lists every principal apart and, of each, every service and
	// level on its own line; by default text shows identical principals
	// once and one line per access level.
	Full bool
}

// Write renders the summary in a format: "text", "json" or "markdown".
func Write(w io.Writer, s *Summary, format string, opts Options) error {
	switch format {
	case "text":
		if !opts.Full {
			return writeCompact(w, s)
		}
		return writeText(w, s)
	case "json":
		return writeJSON(w, s)
	case "markdown":
		return writeMarkdown(w, s)
	}
	return fmt.Errorf("unknown summary format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// describe renders a level's access as "full" or "limited: 3 of 40
// actions", with its resources and conditions.
func (l Level) describe() (access, resources, condition string) {
	access = "full"
	if l.Access != "full" {
		access = fmt.Sprintf("limited: %d of %d", l.Actions, l.Total)
		if l.Total >= 1000 {
			access = fmt.Sprintf("limited: %s of %s", thousands(l.Actions), thousands(l.Total))
		}
	}
	resources = "some resources"
	if l.AllResources {
		resources = "all resources"
	}
	if l.Conditioned {
		condition = "request condition"
	}
	return access, resources, condition
}

// thousands writes n with thousands separators: 22,091.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (p Principal) title() string {
	return printable.String(fmt.Sprintf("%s %s (%s)", p.Kind, p.ID, p.location()))
}

func writeText(w io.Writer, s *Summary) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(s.Principals) == 0 {
		fmt.Fprintln(tw, "no principals found")
	}
	for i, p := range s.Principals {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintln(tw, p.title())
		for _, note := range p.Incomplete {
			fmt.Fprintf(tw, "  incomplete: %s\n", printable.String(note))
		}
		for _, w := range p.Within {
			fmt.Fprintf(tw, "  within %s\n", printable.String(w))
		}
		if len(p.Services) == 0 {
			fmt.Fprintln(tw, "  no permissions")
		}
		// Services that grant alike are one group (JSON keeps them all).
		for _, g := range groupServices(p.Services) {
			if len(g.services) < collapseAt {
				for _, svc := range g.services {
					fmt.Fprintf(tw, "  %s (%s)\n", svc.Name, svc.Prefix)
					writeLevels(tw, svc.Levels)
				}
				continue
			}
			fmt.Fprintf(tw, "  %s\n", groupTitle(g, s.catalog))
			if g.everything {
				every := g.levels[0]
				every.Level, every.Access = "every action", "full"
				writeLevels(tw, []Level{every})
				continue
			}
			writeLevels(tw, g.levels)
		}
	}
	fmt.Fprintf(tw, "\nIAM data %s\n", s.DataVersion)
	return tw.Flush()
}

func writeLevels(w io.Writer, levels []Level) {
	for _, l := range levels {
		access, resources, condition := l.describe()
		line := fmt.Sprintf("    %s\t%s\t%s", l.Level, access, printable.String(resources))
		if condition != "" {
			line += "\t" + condition
		}
		fmt.Fprintln(w, line)
	}
}

func writeMarkdown(w io.Writer, s *Summary) error {
	var b strings.Builder
	b.WriteString("# IAM policy summary\n\n")
	if len(s.Principals) == 0 {
		b.WriteString("No principals found.\n\n")
	}
	for _, p := range s.Principals {
		fmt.Fprintf(&b, "## %s `%s`\n\nDefined at `%s`.\n\n", p.Kind, mdCode(p.ID), mdCode(p.location().String()))
		for _, note := range p.Incomplete {
			fmt.Fprintf(&b, "- Incomplete: %s\n", printable.String(note))
		}
		for _, w := range p.Within {
			fmt.Fprintf(&b, "- Within %s\n", printable.String(w))
		}
		if len(p.Incomplete) > 0 {
			b.WriteString("\n")
		}
		if len(p.Services) == 0 {
			b.WriteString("No permissions.\n\n")
			continue
		}
		b.WriteString("| Service | Access level | Access | Resources | Condition |\n|---|---|---|---|---|\n")
		for _, svc := range p.Services {
			for _, l := range svc.Levels {
				access, resources, condition := l.describe()
				fmt.Fprintf(&b, "| %s (`%s`) | %s | %s | %s | %s |\n", mdCell(svc.Name), svc.Prefix, l.Level, access, mdCell(resources), mdCell(condition))
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "IAM data %s.\n", s.DataVersion)
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell escapes text for a Markdown table cell, control characters from
// inputs included (printable.String).
func mdCell(s string) string { return strings.ReplaceAll(printable.String(s), "|", `\|`) }

// mdCode keeps backticks from ending an inline code span, and escapes
// control characters from inputs.
func mdCode(s string) string { return strings.ReplaceAll(printable.String(s), "`", "'") }
