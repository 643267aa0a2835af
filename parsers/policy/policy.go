package policy

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// Looks reports whether a decoded JSON file is meant as a policy document:
// an object with a Statement element.
func Looks(n *syntax.Node) bool {
	return n != nil && n.Kind == syntax.KindMap && n.Get("Statement") != nil
}

// Parse reads a policy document file. Malformed JSON is an *model.InputError
// at the offending line and column.
func Parse(file string, data []byte) (*model.Inventory, error) {
	n, err := syntax.ParseJSON(file, data)
	if err != nil {
		return nil, err
	}
	return FromNode(file, n), nil
}

// FromNode turns the decoded JSON of a policy file into an inventory holding
// one standalone policy.
func FromNode(file string, n *syntax.Node) *model.Inventory {
	p := &model.Policy{
		Meta: model.Meta{
			ID:     file,
			Type:   "policy-document",
			Source: model.SourcePolicy,
			Loc:    n.Loc,
		},
		Kind:     model.Standalone,
		Document: syntax.DecodeDocument(n),
	}
	return &model.Inventory{Files: []string{file}, Policies: []*model.Policy{p}, Coverage: model.Coverage{Resources: 1}}
}
