package main

import (
	"bytes"
	"io"
	"strings"

	"github.com/urfave/cli/v3"
)

// helpWidth is the width help is wrapped to: an 80-column terminal shows
// every line whole.
const helpWidth = 80

// The CLI library prints flag lists one flag a line, however long its
// usage; its help printer is its hook for changing how help is written.
func init() {
	write := cli.HelpPrinter
	cli.HelpPrinter = func(w io.Writer, templ string, data any) {
		var buf bytes.Buffer
		write(&buf, templ, data)
		io.WriteString(w, wrapHelp(buf.String(), helpWidth))
	}
}

// wrapHelp wraps each line wider than width at spaces. A line of two
// columns ("   --flag VALUE   usage") continues under its second column,
// or eight spaces in when that column is too far right to hold much. Lines
// of prose (one column, the same indent) that run over are reflowed as one
// paragraph, so that text broken for a wider screen does not come out
// ragged.
func wrapHelp(text string, width int) string {
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); {
		j, wide := i+1, len(lines[i]) > width
		if isProse(lines[i]) {
			for j < len(lines) && isProse(lines[j]) && indentOf(lines[j]) == indentOf(lines[i]) {
				wide = wide || len(lines[j]) > width
				j++
			}
		}
		switch {
		case !wide:
			out = append(out, lines[i:j]...)
		case j > i+1:
			words := make([]string, 0, j-i)
			for _, l := range lines[i:j] {
				words = append(words, strings.TrimSpace(l))
			}
			out = append(out, wrapLine(lines[i][:indentOf(lines[i])]+strings.Join(words, " "), width))
		default:
			out = append(out, wrapLine(lines[i], width))
		}
		i = j
	}
	return strings.Join(out, "\n")
}

// isProse: a line of one column of words.
func isProse(line string) bool {
	text := strings.TrimSpace(line)
	return text != "" && !strings.Contains(text, "  ") && !strings.HasSuffix(text, ":")
}

func indentOf(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

func wrapLine(line string, width int) string {
	lead := len(line) - len(strings.TrimLeft(line, " "))
	head, text := "", line[lead:]
	if i := strings.Index(text, "  "); i > 0 {
		head, text = line[:lead+i], strings.TrimLeft(text[i:], " ")
	}
	var b strings.Builder
	indent := lead
	switch col := len(line) - len(text); {
	case head == "":
		b.WriteString(line[:lead])
	case col < width/2:
		b.WriteString(line[:col]) // the first column and its padding
		indent = col
	default:
		b.WriteString(head + "\n")
		indent = lead + 8
		b.WriteString(strings.Repeat(" ", indent))
	}
	cur := indent
	for i, word := range strings.Fields(text) {
		if i > 0 && cur+1+len(word) > width {
			b.WriteString("\n" + strings.Repeat(" ", indent))
			cur = indent
		} else if i > 0 {
			b.WriteString(" ")
			cur++
		}
		b.WriteString(word)
		cur += len(word)
	}
	return b.String()
}
