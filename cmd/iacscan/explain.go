package main

import (
	"fmt"
	"io"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
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

// renderMarkdown renders Markdown for a terminal of the given width. The
// style is fixed (dark, or plain without colours) rather than detected:
// asking the terminal for its background colour writes to it and waits
// for an answer, which not every terminal gives.
func renderMarkdown(markdown string, width int, color bool) (string, error) {
	style, profile := styles.DarkStyle, termenv.ANSI256
	if !color {
		style, profile = styles.NoTTYStyle, termenv.Ascii
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithColorProfile(profile),
		glamour.WithWordWrap(min(width, 100)))
	if err != nil {
		return "", fmt.Errorf("rendering Markdown: %w", err)
	}
	out, err := r.Render(markdown)
	if err != nil {
		return "", fmt.Errorf("rendering Markdown: %w", err)
	}
	return out, nil
}
