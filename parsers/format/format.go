package format

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// Format is one kind of input. Claim is asked in the loader's order, and
// the first format that claims a file reads it. A Format is a Reader, which
// reads each file it claimed on its own, or a GroupReader.
type Format interface {
	// Name is the format's name in the model (Meta.Source), the fixtures
	// and the rule docs.
	Name() model.Source
	// Walks reports whether a file of this name, found in a directory walk,
	// may be an input of this format. Files named on the command line are
	// offered to every format whatever their name.
	Walks(name string) bool
	// Claim reports whether the input is this format's. It looks at as
	// little as it can: the name, the head, the content, the JSON tree.
	Claim(in *Input) bool
}

// Reader is a Format that reads each file it claimed on its own. The loader
// scopes the IDs of the inventory to the file.
type Reader interface {
	Format
	// Read reads a claimed input. Errors name the file and line.
	Read(in *Input) (*model.Inventory, []error)
}

// GroupReader is a Format that reads the files it claimed under one scan
// path together, as one unit (the modules of a Terraform configuration,
// which call each other). The unit scopes its IDs itself.
type GroupReader interface {
	Format
	ReadGroup(root string, ins []*Input) (*model.Inventory, []error)
}

// DirClaimer is a Format that claims a whole directory in a walk (a CDK
// cloud assembly). The inputs it returns are offered to the formats as if
// named on the command line; the directory is not walked further.
type DirClaimer interface {
	ClaimDir(dir string) ([]*Input, bool)
}

// JSONExpecter is a Format of JSON files that says what it looks for, for
// the error on a JSON file named on the command line that no format claims:
// "an IAM policy document (no Statement)".
type JSONExpecter interface {
	ExpectsJSON() string
}

// StdinPath is the path of standard input on the command line, and
// StdinName the file name its findings are reported under.
const (
	StdinPath = "-"
	StdinName = "<stdin>"
)

// HeadSize is how much of a file Head reads.
const HeadSize = 64 << 10

// Input is one file offered to the formats. Its content is read lazily and
// once, whichever format asks first; a read error is kept for the loader to
// report (Err), and the content then reads as empty.
type Input struct {
	// Path is the file's path, or StdinPath.
	Path string
	// Root is the directory walked to find it; empty when the file was
	// named on the command line.
	Root string
	// Explicit inputs were named on the command line (or listed by a
	// manifest): one that no format claims is an error, where a file found
	// in a walk is quietly skipped.
	Explicit bool
	// Attached is what a DirClaimer learned about the file (the CDK
	// construct paths of a stack template), for the format that reads it.
	Attached any
	// Files bounds what reading the input may touch: the scan root it must
	// resolve inside, and the size limit (standard input too).
	Files safefile.Root

	stdin    io.Reader
	head     []byte
	data     []byte
	headRead bool
	dataRead bool
	tree     *syntax.Node
	treeErr  error
	treeRead bool
	err      error
}

// NewInput returns the input for a path; stdin is read for StdinPath.
func NewInput(path, root string, explicit bool, stdin io.Reader) *Input {
	return &Input{Path: path, Root: root, Explicit: explicit, stdin: stdin}
}

// Name is the file name findings are reported under.
func (in *Input) Name() string {
	if in.IsStdin() {
		return StdinName
	}
	return in.Path
}

// IsStdin reports whether the input is standard input.
func (in *Input) IsStdin() bool { return in.Path == StdinPath }

// Err is the error reading the input, if any.
func (in *Input) Err() error { return in.err }

// Head returns up to HeadSize bytes from the start of the file (all of
// standard input), without reading a large file whole.
func (in *Input) Head() []byte {
	if in.dataRead || in.IsStdin() {
		return in.Data()
	}
	if !in.headRead {
		in.headRead = true
		if data, ok := in.Files.Overlaid(in.Path); ok {
			in.head = data[:min(len(data), HeadSize)]
			return in.head
		}
		f, err := in.Files.Open(in.Path)
		if err != nil {
			return nil // Data reports it, if a format gets that far
		}
		defer f.Close()
		in.head = make([]byte, HeadSize)
		n, _ := io.ReadFull(f, in.head)
		in.head = in.head[:n]
	}
	return in.head
}

// Data returns the whole content.
func (in *Input) Data() []byte {
	if in.dataRead {
		return in.data
	}
	in.dataRead = true
	if in.IsStdin() {
		if in.stdin == nil {
			in.err = model.Errorf(model.Location{File: StdinName}, "no standard input")
			return nil
		}
		data, err := safefile.ReadAll(in.stdin, in.Files.MaxSize())
		if err != nil {
			in.err = ReadError(StdinName, err)
		}
		in.data = UTF8Text(data)
		return in.data
	}
	data, err := in.Files.ReadFile(in.Path)
	if err != nil {
		in.err = ReadError(in.Path, err)
	}
	in.data = UTF8Text(data)
	return in.data
}

// LooksJSON reports whether the content is a JSON object, by its first
// character. A .yaml or .yml file is JSON only when it parses as JSON: a
// flow mapping ({Resources: …}) is YAML.
func (in *Input) LooksJSON() bool {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(in.Data(), []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	switch strings.ToLower(filepath.Ext(in.Path)) {
	case ".yaml", ".yml":
		_, err := in.JSON()
		return err == nil
	}
	return true
}

// JSON returns the content decoded as JSON, parsed once for all formats.
// It is nil with the syntax error for malformed JSON.
func (in *Input) JSON() (*syntax.Node, error) {
	if !in.treeRead {
		in.treeRead = true
		in.tree, in.treeErr = syntax.ParseJSON(in.Name(), in.Data())
	}
	return in.tree, in.treeErr
}
