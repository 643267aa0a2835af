// Package mdterm renders Markdown for a terminal: headings, paragraphs and
// list items wrapped to the width, code blocks indented, inline code,
// emphasis and links styled with ANSI escapes (or plain without colours).
//
// It reads the Markdown iacscan's rule documentation is written in (ATX
// headings, fenced code, lists, block quotes, inline code, emphasis, links
// and autolinks); anything else is shown as text. It exists so that
// `iacscan explain` needs no Markdown engine with syntax highlighters, whose
// package initialisation every other command would pay for.
//
// It is not a Markdown engine for other uses: only `iacscan explain`
// (cmd/iacscan) renders with it.
package mdterm
