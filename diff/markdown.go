package diff

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/internal/printable"
)

// MaxMarkdown is GitHub's limit on a pull-request comment and on a job
// summary section: 65,536 characters. Markdown stays within it (counting
// bytes, which are never fewer than characters).
const MaxMarkdown = 65536

// Markdown renders the report for a pull-request comment or a job
// summary: a headline, escalations first, one collapsible section per
// principal and resource policy, then the new findings. Sections that do
// not fit in limit bytes are counted at the end instead of shown.
func Markdown(r *Report, limit int) string {
	var head strings.Builder
	head.WriteString("## iacscan: what this change grants\n\n")
	escalations := 0
	for _, p := range r.Principals {
		if p.Escalation {
			escalations++
		}
	}
	for _, res := range r.Resources {
		if res.Escalation {
			escalations++
		}
	}
	fmt.Fprintf(&head, "%s and %s changed: %s.\n\n%s introduced by the change (%d fixed, %d unchanged).\n\nCompared `%s` with `%s`.\n\n",
		plural(len(r.Principals), "principal"), plural(len(r.Resources), "resource policy"), bold(plural(escalations, "escalation")),
		bold(plural(len(r.Findings.New), "finding")), len(r.Findings.Fixed), r.Findings.Existing,
		mdCode(r.Before), mdCode(r.After))
	if len(r.Principals) == 0 && len(r.Resources) == 0 {
		head.WriteString("No principal or resource policy changed.\n\n")
	}

	// Escalations first, principals and resource policies alike.
	var sections []string
	for _, escalation := range []bool{true, false} {
		for _, p := range r.Principals {
			if p.Escalation == escalation {
				sections = append(sections, principalMarkdown(p))
			}
		}
		for _, res := range r.Resources {
			if res.Escalation == escalation {
				sections = append(sections, resourceMarkdown(res))
			}
		}
	}
	findings := findingsMarkdown(r.Findings.New)
	foot := fmt.Sprintf("<sub>iacscan, IAM data %s</sub>\n", r.DataVersion)

	var b strings.Builder
	b.WriteString(head.String())
	// Each omission notice is under 200 bytes; keep room for two.
	budget := limit - b.Len() - len(foot) - 400
	findingsFit := len(findings) <= budget/2
	if findingsFit {
		budget -= len(findings)
	}
	shown := 0
	for _, s := range sections {
		if len(s) > budget {
			break
		}
		b.WriteString(s)
		budget -= len(s)
		shown++
	}
	if n := len(sections) - shown; n > 0 {
		fmt.Fprintf(&b, "_%s more not shown: a comment holds 65,536 characters. `iacscan diff --format json` lists everything._\n\n", plural(n, "section"))
	}
	if findingsFit {
		b.WriteString(findings)
	} else if len(r.Findings.New) > 0 {
		fmt.Fprintf(&b, "_%s not listed for want of room; `iacscan diff --format json` lists them._\n\n", plural(len(r.Findings.New), "new finding"))
	}
	b.WriteString(foot)
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func bold(s string) string { return "**" + s + "**" }

func principalMarkdown(p *Principal) string {
	var b strings.Builder
	open, mark := "", ""
	if p.Escalation {
		open, mark = " open", "<b>escalation</b> · "
	}
	fmt.Fprintf(&b, "<details%s><summary>%s%s <code>%s</code> %s · %s</summary>\n\n", open, mark, p.Kind, htmlText(p.ID), p.Change,
		htmlText(fmt.Sprintf("%s:%d", p.File, p.Line)))
	grantsMarkdown(&b, "Newly allowed", p.Added)
	grantsMarkdown(&b, "Allowed more widely", p.Widened)
	grantsMarkdown(&b, "Allowed less widely", p.Narrowed)
	grantsMarkdown(&b, "No longer allowed", p.Removed)
	if p.Boundary != nil {
		fmt.Fprintf(&b, "- Permissions boundary: `%s` → `%s`\n", mdCode(orNone(p.Boundary.Before)), mdCode(orNone(p.Boundary.After)))
	}
	for _, d := range p.DeniesAdded {
		fmt.Fprintf(&b, "- Deny added: `%s`\n", mdCode(d))
	}
	for _, d := range p.DeniesRemoved {
		fmt.Fprintf(&b, "- Deny removed: `%s`\n", mdCode(d))
	}
	for _, d := range p.DeniesChanged {
		fmt.Fprintf(&b, "- Deny changed: `%s` (was `%s`)", mdCode(d.After), mdCode(d.Before))
		if len(d.Starts) > 0 {
			fmt.Fprintf(&b, "; now also denies %s", mdText(listed(d.Starts)))
		}
		if len(d.Stops) > 0 {
			fmt.Fprintf(&b, "; no longer denies %s", mdText(listed(d.Stops)))
		}
		b.WriteString("\n")
	}
	for _, t := range p.Trust {
		fmt.Fprintf(&b, "- Trust: %s\n", reachMarkdown(t))
	}
	for _, u := range p.UnknownAfter {
		fmt.Fprintf(&b, "- Unknown after the change: %s\n", mdText(u))
	}
	for _, u := range p.UnknownBefore {
		fmt.Fprintf(&b, "- Unknown before the change: %s\n", mdText(u))
	}
	for _, f := range p.Findings {
		fmt.Fprintf(&b, "- New finding: %s\n", findingMarkdown(f))
	}
	b.WriteString("\n</details>\n\n")
	return b.String()
}

// maxGrants is how many grants of a kind a principal's section lists.
const maxGrants = 20

func grantsMarkdown(b *strings.Builder, label string, gs []*Grant) {
	for i, g := range gs {
		if i == maxGrants {
			fmt.Fprintf(b, "- %s: %d more grants\n", label, len(gs)-i)
			break
		}
		fmt.Fprintf(b, "- %s: %s %s", label, mdText(g.headline()), scopeMarkdown(g.Scope))
		for _, w := range g.Was {
			fmt.Fprintf(b, " (was %s)", scopeMarkdown(w))
		}
		vias := make([]string, len(g.Via))
		for i, v := range g.Via {
			vias[i] = mdText(v)
		}
		fmt.Fprintf(b, ", via %s\n", strings.Join(vias, ", "))
		if len(g.Services) <= 1 {
			continue
		}
		for i, s := range g.Services {
			if i == maxServiceLines {
				fmt.Fprintf(b, "  - and %d more\n", len(g.Services)-i)
				break
			}
			fmt.Fprintf(b, "  - %s\n", mdText(s.describe()))
		}
	}
}

func scopeMarkdown(s Scope) string {
	var b strings.Builder
	switch {
	case len(s.NotResources) > 0:
		b.WriteString("on every resource except " + codes(s.NotResources))
	case len(s.Resources) == 0:
		b.WriteString("on no resource")
	default:
		b.WriteString("on " + codes(s.Resources))
	}
	if len(s.Conditions) > 0 {
		b.WriteString(" when " + codes(s.Conditions))
	}
	return b.String()
}

func codes(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + mdCode(s) + "`"
	}
	return strings.Join(out, ", ")
}

func reachMarkdown(r *Reach) string {
	tags := ""
	if t := r.tags(); t != "" {
		tags = " **" + strings.TrimSpace(t) + "**"
	}
	switch r.Change {
	case "added":
		return fmt.Sprintf("added `%s`%s: %s", mdCode(r.Principal), tags, codes(r.After))
	case "removed":
		return fmt.Sprintf("removed `%s`: %s", mdCode(r.Principal), codes(r.Before))
	}
	return fmt.Sprintf("changed `%s`%s: %s (was %s)", mdCode(r.Principal), tags, codes(r.After), codes(r.Before))
}

func resourceMarkdown(res *Resource) string {
	var b strings.Builder
	open, mark := "", ""
	if res.Escalation {
		open, mark = " open", "<b>escalation</b> · "
	}
	fmt.Fprintf(&b, "<details%s><summary>%sresource policy <code>%s</code> %s · %s</summary>\n\n", open, mark, htmlText(res.ID), res.Change,
		htmlText(fmt.Sprintf("%s:%d", res.File, res.Line)))
	for _, x := range res.Reach {
		fmt.Fprintf(&b, "- %s\n", reachMarkdown(x))
	}
	for _, d := range res.DeniesAdded {
		fmt.Fprintf(&b, "- Deny added: `%s`\n", mdCode(d))
	}
	for _, d := range res.DeniesRemoved {
		fmt.Fprintf(&b, "- Deny removed: `%s`\n", mdCode(d))
	}
	for _, u := range res.Unknown {
		fmt.Fprintf(&b, "- Unknown: %s\n", mdText(u))
	}
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "- New finding: %s\n", findingMarkdown(f))
	}
	b.WriteString("\n</details>\n\n")
	return b.String()
}

func findingMarkdown(f *Finding) string {
	return fmt.Sprintf("%s `%s` `%s:%d`: %s", f.Severity, f.Rule, mdCode(f.File), f.Line, mdText(f.Message))
}

func findingsMarkdown(fs []*Finding) string {
	if len(fs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("### New findings\n\n| Severity | Rule | Location | Finding |\n|---|---|---|---|\n")
	for _, f := range fs {
		fmt.Fprintf(&b, "| %s | `%s` %s | `%s:%d` | %s |\n", f.Severity, f.Rule, mdCell(mdText(f.Title)), mdCode(f.File), f.Line, mdCell(mdText(f.Message)))
	}
	b.WriteString("\n")
	return b.String()
}

// mdCode keeps backticks from ending an inline code span, and control
// characters from inputs escaped (printable.String), as all of these do.
func mdCode(s string) string { return strings.ReplaceAll(printable.String(s), "`", "'") }

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// mdText keeps text from opening HTML tags (inputs are not trusted).
func mdText(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(printable.String(s))
}

// htmlText escapes text inside an HTML element.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "`", "&#96;").Replace(printable.String(s))
}
