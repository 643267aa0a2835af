package cloudformation

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// document decodes a policy document property: a map, or a string holding
// the JSON text of one (positions inside a YAML literal block map back to
// the file). It returns nil when the property is absent.
func (m *mapper) document(n *syntax.Node) *model.Document {
	switch {
	case n == nil || n.Kind == syntax.KindNull:
		return nil
	case n.Kind == syntax.KindString && n.Unknown:
		return syntax.DecodeDocument(syntax.UnknownNode(n.Expr, n.Loc))
	case n.Kind == syntax.KindString:
		return m.jsonDocument(n)
	}
	return syntax.DecodeDocument(n)
}

func (m *mapper) jsonDocument(n *syntax.Node) *model.Document {
	var position func(*syntax.Node)
	if block, ok := m.t.raw.blocks[n]; ok {
		// The block's lines are the JSON's lines, indented.
		position = func(tree *syntax.Node) { tree.Shift(block.line-1, block.col-1) }
	}
	return syntax.DecodeDocumentText(n.Value, n.Loc, position)
}
