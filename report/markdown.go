package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/iacscan/iacscan/internal/printable"
	"github.com/iacscan/iacscan/rules"
)

// markdownWriter writes GitHub-flavoured Markdown for a pull-request comment
// or a job summary: the summary line and a table of counts first, then the
// active findings by severity (most severe first), suppressed findings
// folded away, then input errors. GitHub refuses comments over 65,536
// characters, so the report stops before that and says how much it left
// out. Everything taken from the input is escaped: text that reaches a table
// cell must not end the cell or open a link or an HTML tag.
type markdownWriter struct {
	limit int // bytes; 0 means commentLimit
}

var _ Writer = (*markdownWriter)(nil)

// commentLimit is GitHub's limit on a comment's length, in characters;
// counting bytes keeps below it.
const commentLimit = 65536

// truncationReserve is kept free for the truncation note.
const truncationReserve = 400

func (w *markdownWriter) Write(out io.Writer, r *Result) error {
	limit := w.limit
	if limit == 0 {
		limit = commentLimit
	}
	b := &budgeted{max: limit - truncationReserve}
	t := count(r)
	b.always(fmt.Sprintf("## iacscan\n\n%s\n", capitalize(t.summaryLine()+escapeCoverage(r.Coverage))))
	if t.findings > 0 {
		table := "\n| Severity | Findings |\n|---|---:|\n"
		for _, s := range severitiesDown {
			if n := t.severity[s]; n > 0 {
				table += fmt.Sprintf("| %s | %d |\n", capitalize(s.String()), n)
			}
		}
		b.always(table)
	}
	active := activeFindings(r.Findings)
	for _, sev := range severitiesDown {
		header := fmt.Sprintf("\n### %s\n\n| Location | Rule | Finding | Resource |\n|---|---|---|---|\n", capitalize(sev.String()))
		for _, f := range active {
			if f.Rule.Severity != sev {
				continue
			}
			if header != "" {
				b.add(header + markdownRow(f))
				header = ""
			} else {
				b.add(markdownRow(f))
			}
			if b.full {
				b.findings++
			}
		}
	}
	if t.suppressed > 0 {
		b.add(fmt.Sprintf("\n<details><summary>%s suppressed</summary>\n\n", plural(t.suppressed, "finding")))
		for _, f := range r.Findings {
			if s := f.Suppressed; s != nil {
				b.add(fmt.Sprintf("- %s%s %s: %s (%s: %s)\n", codeSpanIf(f.Loc.String()), ruleLink(f.Rule),
					codeSpan(f.Resource), markdownText(displayMessage(f)), markdownText(s.Kind), markdownText(s.Reason)))
				if b.full {
					b.suppressed++
				}
			}
		}
		b.close("\n</details>\n")
	}
	if len(r.Errors) > 0 {
		b.add("\n### Input errors\n\n")
		for _, err := range r.Errors {
			e := splitError(err)
			kind := "error"
			if e.Warning {
				kind = "warning"
			}
			b.add(fmt.Sprintf("- **%s** %s%s\n", kind, codeSpanIf(e.Loc.String()), markdownText(e.Message)))
			if b.full {
				b.errors++
			}
		}
	}
	if b.full {
		b.always(b.note())
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// markdownRow is one active finding as a table row.
func markdownRow(f *rules.Finding) string {
	msg := markdownText(displayMessage(f))
	for _, rel := range f.Related {
		msg += "<br>↳ " + markdownText(relatedPosition(f, rel)+": "+rel.Message)
	}
	loc := "-"
	if f.Loc.File != "" {
		loc = codeSpan(f.Loc.String())
	}
	return fmt.Sprintf("| %s | %s | %s | %s |\n", loc, ruleLink(f.Rule), msg, codeSpan(f.Resource))
}

// budgeted collects Markdown up to a size. Once a part does not fit, it is
// full: later parts are dropped and counted by the caller, so that the note
// at the end can say what is missing.
type budgeted struct {
	strings.Builder
	max                          int
	full                         bool
	findings, suppressed, errors int // left out
	openDetails                  bool
}

// always writes s whatever the budget (the summary, the closing note).
func (b *budgeted) always(s string) { b.WriteString(s) }

// add writes s if it fits and nothing was dropped before it.
func (b *budgeted) add(s string) {
	if b.full || b.Len()+len(s) > b.max {
		b.full = true
		return
	}
	if strings.HasPrefix(s, "\n<details>") {
		b.openDetails = true
	}
	b.WriteString(s)
}

// close ends a <details> block that was opened, even when full.
func (b *budgeted) close(s string) {
	if b.openDetails {
		b.WriteString(s)
		b.openDetails = false
	}
}

func (b *budgeted) note() string {
	var left []string
	if b.findings > 0 {
		left = append(left, plural(b.findings, "active finding"))
	}
	if b.suppressed > 0 {
		left = append(left, plural(b.suppressed, "suppressed finding"))
	}
	if b.errors > 0 {
		left = append(left, plural(b.errors, "input error or warning"))
	}
	return fmt.Sprintf("\n---\n\n**Truncated:** %s not shown, to stay within GitHub's %d-character comment limit. "+
		"The complete report is in the SARIF, JSON or text output (`iacscan --format json`).\n", strings.Join(left, ", "), commentLimit)
}

// relatedPosition is a related location as line:col, or file:line:col when
// it is in another file than the finding.
func relatedPosition(f *rules.Finding, rel rules.Related) string {
	if rel.Loc.File != f.Loc.File {
		return rel.Loc.String()
	}
	return position(rel.Loc)
}

func ruleLink(r *rules.Rule) string {
	return fmt.Sprintf("[%s](%s/blob/main/docs/rules/%s.md) %s", r.ID, toolURI, r.ID, markdownText(r.Name))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// codeSpanIf is codeSpan(s) followed by a space, or nothing for "".
func codeSpanIf(s string) string {
	if s == "" {
		return ""
	}
	return codeSpan(s) + " "
}

// codeSpan renders s verbatim as inline code in a table cell: the fence is
// one backtick longer than the longest run of backticks in s, padded with
// spaces when s starts or ends with one, and pipes are escaped (GFM splits
// table cells before it parses code spans).
func codeSpan(s string) string {
	s = escapePipes(oneLine(s))
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// markdownText renders a message for a table cell. Messages mark code with
// backticks (policy `x` allows `iam:*`): balanced code spans are kept and
// only their pipes escaped; everywhere else Markdown's punctuation is
// backslash-escaped, so text from the input cannot start emphasis, a link or
// an HTML tag, and a lone backtick stays a backtick.
func markdownText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '`' {
			n := backtickRun(s, i)
			if end := closingRun(s, i+n, n); end >= 0 {
				b.WriteString(escapePipes(s[i : end+n]))
				i = end + n
				continue
			}
			b.WriteString(strings.Repeat("\\`", n))
			i += n
			continue
		}
		if strings.IndexByte(markdownSpecial, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// markdownSpecial is the punctuation markdownText escapes outside code.
const markdownSpecial = "\\*_[]<>|~&!#"

// escapePipes escapes the pipes in code for a table cell. GFM reads a cell
// up to the first pipe not preceded by an odd number of backslashes (each
// backslash escapes the next character), so a pipe that follows an odd run of
// backslashes in the input gets two more, an even run one more.
func escapePipes(s string) string {
	var b strings.Builder
	backslashes := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '|' {
			b.WriteString(strings.Repeat(`\`, 1+backslashes%2))
		}
		if s[i] == '\\' {
			backslashes++
		} else {
			backslashes = 0
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func backtickRun(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	return n
}

// closingRun finds the next run of exactly n backticks at or after i, -1 if
// there is none.
func closingRun(s string, i, n int) int {
	for i < len(s) {
		if s[i] != '`' {
			i++
			continue
		}
		m := backtickRun(s, i)
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// oneLine joins the lines of s, and escapes the control characters left.
func oneLine(s string) string {
	return printable.String(strings.Join(strings.Fields(s), " "))
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
