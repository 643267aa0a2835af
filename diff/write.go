package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/iacscan/iacscan/internal/printable"
)

// Formats are the output formats Write accepts.
var Formats = []string{"text", "markdown", "json"}

// Write renders the report in a format: "text", "markdown" or "json".
func Write(w io.Writer, r *Report, format string) error {
	switch format {
	case "text":
		_, err := io.WriteString(w, Text(r))
		return err
	case "markdown":
		_, err := io.WriteString(w, Markdown(r, MaxMarkdown))
		return err
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return fmt.Errorf("unknown diff format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// maxListed is how many action names a line lists before "and N more".
const maxListed = 8

// describe renders a service's access in a grant: "Amazon S3 (s3): Read,
// 2 of 90: s3:GetObject, s3:ListBucket".
func (s *ServiceAccess) describe() string {
	head := fmt.Sprintf("%s (%s): ", s.Name, s.Service)
	switch {
	case s.Level == "all":
		return head + "all " + plural(s.Count, "action")
	case len(s.Actions) == 0:
		return head + s.Level + ", all " + plural(s.Count, "action")
	}
	names := s.Actions
	more := ""
	if len(names) > maxListed {
		more = fmt.Sprintf(" and %d more", len(names)-maxListed)
		names = names[:maxListed]
	}
	return head + fmt.Sprintf("%s, %d of %d: %s%s", s.Level, s.Count, s.Total, strings.Join(names, ", "), more)
}

// headline says in a few words what a grant gives.
func (g *Grant) headline() string {
	if g.All && len(g.Services) == 0 {
		return fmt.Sprintf("every action of every service (%s)", plural(g.Actions, "action"))
	}
	if len(g.Services) == 1 {
		return g.Services[0].describe()
	}
	return fmt.Sprintf("%s of %s", plural(g.Actions, "action"), plural(countServices(g), "service"))
}

func countServices(g *Grant) int {
	n := 0
	prev := ""
	for _, s := range g.Services {
		if s.Service != prev {
			n++
			prev = s.Service
		}
	}
	return n
}

func (r *Reach) tags() string {
	var t []string
	if r.Public {
		t = append(t, "public")
	}
	if r.CrossAccount {
		t = append(t, "cross-account")
	}
	if len(t) == 0 {
		return ""
	}
	return " [" + strings.Join(t, ", ") + "]"
}

func (r *Reach) lines() []string {
	switch r.Change {
	case "added":
		return []string{"+ " + r.Principal + r.tags() + ": " + strings.Join(r.After, "; ")}
	case "removed":
		return []string{"- " + r.Principal + ": " + strings.Join(r.Before, "; ")}
	}
	return []string{
		"~ " + r.Principal + r.tags() + ": " + strings.Join(r.After, "; "),
		"    was: " + strings.Join(r.Before, "; "),
	}
}

func (p *Principal) title() string {
	return fmt.Sprintf("%s %s (%s:%d)", p.Kind, p.ID, p.File, p.Line)
}

func (f *Finding) line() string {
	return fmt.Sprintf("%s %s %s:%d %s: %s", f.Severity, f.Rule, f.File, f.Line, f.Resource, f.Message)
}

// Text renders the report for a terminal.
func Text(r *Report) string {
	var b strings.Builder
	printf(&b, "What the change grants: %s -> %s\n", r.Before, r.After)
	if len(r.Principals) == 0 && len(r.Resources) == 0 {
		b.WriteString("\nno principal or resource policy changed\n")
	}
	// Escalations first, principals and resource policies alike.
	for _, escalation := range []bool{true, false} {
		for _, p := range r.Principals {
			if p.Escalation != escalation {
				continue
			}
			tag := ""
			if p.Escalation {
				tag = " [escalation]"
			}
			printf(&b, "\n%s %s%s\n", p.title(), p.Change, tag)
			writeGrants(&b, "+ newly allowed: ", p.Added)
			writeGrants(&b, "~ allowed more widely: ", p.Widened)
			writeGrants(&b, "~ allowed less widely: ", p.Narrowed)
			writeGrants(&b, "- no longer allowed: ", p.Removed)
			if p.Boundary != nil {
				printf(&b, "  boundary: %s -> %s\n", orNone(p.Boundary.Before), orNone(p.Boundary.After))
			}
			for _, d := range p.DeniesAdded {
				printf(&b, "  + %s\n", d)
			}
			for _, d := range p.DeniesRemoved {
				printf(&b, "  - %s\n", d)
			}
			for _, d := range p.DeniesChanged {
				printf(&b, "  ~ %s\n", d.After)
				printf(&b, "      was: %s\n", d.Before)
				if len(d.Starts) > 0 {
					printf(&b, "      now also denies: %s\n", listed(d.Starts))
				}
				if len(d.Stops) > 0 {
					printf(&b, "      no longer denies: %s\n", listed(d.Stops))
				}
			}
			for _, t := range p.Trust {
				for _, l := range t.lines() {
					printf(&b, "  trust %s\n", l)
				}
			}
			writeUnknown(&b, p.UnknownBefore, p.UnknownAfter)
			for _, f := range p.Findings {
				printf(&b, "  new finding: %s\n", f.line())
			}
		}
		for _, res := range r.Resources {
			if res.Escalation != escalation {
				continue
			}
			tag := ""
			if res.Escalation {
				tag = " [escalation]"
			}
			printf(&b, "\nresource policy %s (%s:%d) %s%s\n", res.ID, res.File, res.Line, res.Change, tag)
			for _, x := range res.Reach {
				for _, l := range x.lines() {
					printf(&b, "  %s\n", l)
				}
			}
			for _, d := range res.DeniesAdded {
				printf(&b, "  + %s\n", d)
			}
			for _, d := range res.DeniesRemoved {
				printf(&b, "  - %s\n", d)
			}
			for _, u := range res.Unknown {
				printf(&b, "  unknown: %s\n", u)
			}
			for _, f := range res.Findings {
				printf(&b, "  new finding: %s\n", f.line())
			}
		}
	}
	printf(&b, "\nFindings: %d new, %d fixed, %d unchanged\n", len(r.Findings.New), len(r.Findings.Fixed), r.Findings.Existing)
	for _, f := range r.Findings.New {
		printf(&b, "  new   %s\n", f.line())
	}
	for _, f := range r.Findings.Fixed {
		printf(&b, "  fixed %s\n", f.line())
	}
	printf(&b, "\nIAM data %s\n", r.DataVersion)
	return b.String()
}

// listed names actions, the first maxListed of them.
func listed(names []string) string {
	if len(names) > maxListed {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:maxListed], ", "), len(names)-maxListed)
	}
	return strings.Join(names, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// maxServiceLines is how many service lines a grant shows in text and
// Markdown; JSON has them all.
const maxServiceLines = 12

func writeGrants(b *strings.Builder, prefix string, gs []*Grant) {
	for _, g := range gs {
		printf(b, "  %s%s %s\n", prefix, g.headline(), g.Scope)
		for _, w := range g.Was {
			printf(b, "      was: %s\n", w)
		}
		printf(b, "      via %s\n", strings.Join(g.Via, ", "))
		if len(g.Services) <= 1 {
			continue
		}
		for i, s := range g.Services {
			if i == maxServiceLines {
				printf(b, "      and %d more (--format json lists them all)\n", len(g.Services)-i)
				break
			}
			printf(b, "      %s\n", s.describe())
		}
	}
}

func writeUnknown(b *strings.Builder, before, after []string) {
	for _, u := range after {
		printf(b, "  unknown after: %s\n", u)
	}
	for _, u := range before {
		printf(b, "  unknown before: %s\n", u)
	}
}

// printf writes text: the string values, taken from inputs, escaped
// (printable.String), so that none acts on a terminal or a CI log.
func printf(b *strings.Builder, format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = printable.String(s)
		}
	}
	fmt.Fprintf(b, format, args...)
}
