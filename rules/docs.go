package rules

import (
	"fmt"
	"strings"
)

// Markdown renders a rule's documentation page (docs/rules/ID.md,
// `iacscan explain`, SARIF help): summary, why, bad example, how to fix with
// an example per format, links.
func (r *Rule) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s: %s\n\n", r.ID, r.Name, r.Title)
	fmt.Fprintf(&b, "Severity: **%s** · Best practice: %s", r.Severity, r.Practice)
	if len(r.Aliases) > 0 {
		fmt.Fprintf(&b, " · Aliases: %s", strings.Join(r.Aliases, ", "))
	}
	b.WriteString("\n\n## Why\n\n")
	b.WriteString(strings.TrimSpace(r.Description))
	b.WriteString("\n")
	if r.NotApplicable != "" {
		fmt.Fprintf(&b, "\nNot applicable: %s\n", r.NotApplicable)
	}
	if len(r.Bad) > 0 {
		b.WriteString("\n## Example of a finding\n")
		writeExamples(&b, r.Bad)
	}
	b.WriteString("\n## How to fix\n\n")
	b.WriteString(strings.TrimSpace(r.Remediation))
	b.WriteString("\n")
	writeExamples(&b, r.Fixes)
	b.WriteString("\n## Links\n\n")
	for _, l := range r.Links {
		fmt.Fprintf(&b, "- <%s>\n", l)
	}
	return b.String()
}

var formatTitles = map[Format]struct{ title, lang string }{
	Terraform:      {"Terraform", "hcl"},
	CloudFormation: {"CloudFormation", "yaml"},
	PolicyDocument: {"Policy document", "json"},
}

func writeExamples(b *strings.Builder, examples []Example) {
	for _, e := range examples {
		t := formatTitles[e.Format]
		fmt.Fprintf(b, "\n%s:\n\n```%s\n%s\n```\n", t.title, t.lang, strings.TrimSpace(e.Code))
	}
}

// FullDescription is the rule's first paragraph of description as plain
// text, at most 1024 characters (SARIF's limit on GitHub).
func (r *Rule) FullDescription() string {
	para, _, _ := strings.Cut(strings.TrimSpace(r.Description), "\n\n")
	para = strings.Join(strings.Fields(strings.ReplaceAll(para, "`", "")), " ")
	if len(para) > 1024 {
		para = para[:1021] + "..."
	}
	return para
}

// Table renders the Markdown rule table of the README.
func Table(all []*Rule) string {
	var b strings.Builder
	b.WriteString("| ID | Name | Severity | Title | Best practice |\n|---|---|---|---|---|\n")
	for _, r := range all {
		fmt.Fprintf(&b, "| [%s](docs/rules/%s.md) | `%s` | %s | %s | %s |\n", r.ID, r.ID, r.Name, r.Severity, r.Title, r.Practice)
	}
	return b.String()
}
