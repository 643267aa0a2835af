package main

import (
	"io"

	"github.com/iacscan/iacscan/internal/mdterm"
)

// writeExplanation writes a rule's Markdown documentation: rendered for the
// terminal (headings, emphasis, code blocks, wrapped to its width) when w
// is one, and as Markdown otherwise, so that `iacscan explain IAM201 > x.md`
// and pipes get the source. color is false under NO_COLOR or --no-color:
// then the rendering keeps its layout without colours.
func writeExplanation(w io.Writer, markdown string, color bool) error {
	width := terminalWidth(w)
	if width == 0 {
		_, err := io.WriteString(w, markdown)
		return err
	}
	out, err := renderMarkdown(markdown, width, color)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, out)
	return err
}

// renderMarkdown renders Markdown for a terminal of the given width (at
// most 100 columns are used). The style is fixed rather than adapted to the
// terminal's background: asking the terminal for its colour writes to it
// and waits for an answer, which not every terminal gives.
func renderMarkdown(markdown string, width int, color bool) (string, error) {
	return mdterm.Render(markdown, min(width, 100), color), nil
}
