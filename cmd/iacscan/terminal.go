package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// terminalWidth returns the width of the terminal w writes to, or 0 when w
// is no terminal (a file, a pipe, a test's buffer): reports are then not
// wrapped, so what tools and goldens read stays one line per message.
func terminalWidth(w io.Writer) int {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// hyperlinks reports whether a terminal shows OSC 8 hyperlinks: those that
// do not (the Linux console, "dumb") would print the escape sequence.
func hyperlinks() bool {
	switch os.Getenv("TERM") {
	case "", "dumb", "linux":
		return false
	}
	return true
}
