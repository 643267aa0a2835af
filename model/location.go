package model

import "fmt"

// Location is a range in an input file. Lines and columns are 1-based; the end
// is inclusive of its line and exclusive of its column (the column after the
// last character), as SARIF regions are. A zero Location means "unknown".
type Location struct {
	File        string
	StartLine   int
	StartColumn int
	EndLine     int
	EndColumn   int
}

// IsZero reports whether the location is unset.
func (l Location) IsZero() bool { return l.File == "" && l.StartLine == 0 }

// String formats the start of the location as file:line:col, the form editors
// and terminals turn into links.
func (l Location) String() string {
	switch {
	case l.StartLine == 0:
		return l.File
	case l.StartColumn == 0:
		return fmt.Sprintf("%s:%d", l.File, l.StartLine)
	default:
		return fmt.Sprintf("%s:%d:%d", l.File, l.StartLine, l.StartColumn)
	}
}

// Contains reports whether o lies within l (same file, by line and column).
func (l Location) Contains(o Location) bool {
	if l.File != o.File {
		return false
	}
	return !before(o.StartLine, o.StartColumn, l.StartLine, l.StartColumn) &&
		!before(l.EndLine, l.EndColumn, o.EndLine, o.EndColumn)
}

func before(line1, col1, line2, col2 int) bool {
	return line1 < line2 || (line1 == line2 && col1 < col2)
}

// InputError is a problem with an input that stopped part of it from being
// scanned: unreadable file, malformed JSON/HCL/YAML, a template that is not
// CloudFormation. It always names the file and, where known, line and column.
type InputError struct {
	Loc     Location
	Message string
	Err     error // underlying cause, if any
	// Warning marks a valid input that iacscan does not understand yet (a
	// module it cannot resolve, an unknown SAM policy template): reported,
	// but the scan is complete enough not to fail for it.
	Warning bool
}

func (e *InputError) Error() string {
	if e.Loc.File == "" {
		return e.Message
	}
	return e.Loc.String() + ": " + e.Message
}

func (e *InputError) Unwrap() error { return e.Err }

// Errorf returns an InputError at loc.
func Errorf(loc Location, format string, args ...any) *InputError {
	return &InputError{Loc: loc, Message: fmt.Sprintf(format, args...)}
}
