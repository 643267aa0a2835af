package policy

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/format"
)

// Format is the input format of standalone policy document files.
func Format() format.Format { return documentFormat{} }

type documentFormat struct{}

func (documentFormat) Name() model.Source { return model.SourcePolicy }

func (documentFormat) Walks(name string) bool { return strings.EqualFold(filepath.Ext(name), ".json") }

// Claim takes a JSON object with a Statement, and malformed JSON that names
// one: a policy with a typo is reported, not skipped.
func (documentFormat) Claim(in *format.Input) bool {
	if !in.LooksJSON() {
		return false
	}
	n, err := in.JSON()
	if err != nil {
		return bytes.Contains(in.Data(), []byte(`"Statement"`))
	}
	return Looks(n)
}

func (documentFormat) Read(in *format.Input) (*model.Inventory, []error) {
	n, err := in.JSON()
	if err != nil {
		return nil, []error{err}
	}
	return FromNode(in.Name(), n), nil
}

// ExpectsJSON says what a JSON file needs to be a policy document, for the
// error on one that no format claims.
func (documentFormat) ExpectsJSON() string { return "an IAM policy document (no Statement)" }
