// Package report writes scan results: text for people, JSON (the canonical,
// complete form), SARIF for GitHub code scanning, JUnit and Markdown. Every
// format implements Writer over the same Result.
package report

import (
	"fmt"
	"io"
	"sort"

	"github.com/iacscan/iacscan/rules"
)

// Result is what one scan produced.
type Result struct {
	Version  string           // iacscan version
	Rules    []*rules.Rule    // the rules that ran, sorted by ID
	Findings []*rules.Finding // sorted (rules.SortFindings); file paths relative, forward slashes
	Errors   []error          // input errors and warnings (*model.InputError where the file is known)
}

// Options tune writers; each writer reads the fields that concern it.
type Options struct {
	Color bool // text: ANSI colours (only on a terminal)
	// Category is SARIF's runAutomationDetails.id prefix ("iacscan/" by default).
	Category string
	// SRCRoot is the path, relative to the working directory, of the root
	// SARIF URIs are relative to (the repository root). Empty means the
	// working directory.
	SRCRoot string
}

// Writer writes a Result in one format.
type Writer interface {
	Write(w io.Writer, r *Result) error
}

// writers maps format names to constructors.
var writers = map[string]func(Options) Writer{}

// Formats lists the format names, sorted.
func Formats() []string {
	names := make([]string, 0, len(writers))
	for n := range writers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the writer for a format name.
func New(format string, opts Options) (Writer, error) {
	mk, ok := writers[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %v)", format, Formats())
	}
	return mk(opts), nil
}
