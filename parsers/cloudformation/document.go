package cloudformation

import (
	"github.com/iacscan/iacscan/model"
)

// document decodes a policy document property: a map, or a string holding
// the JSON text of one (positions inside a YAML literal block map back to
// the file). It returns nil when the property is absent.
func (m *mapper) document(n *model.Node) *model.Document {
	switch {
	case n == nil || n.Kind == model.KindNull:
		return nil
	case n.Kind == model.KindString && n.Unknown:
		return model.DecodeDocument(model.UnknownNode(n.Expr, n.Loc))
	case n.Kind == model.KindString:
		return m.jsonDocument(n)
	}
	return model.DecodeDocument(n)
}

func (m *mapper) jsonDocument(n *model.Node) *model.Document {
	var position func(*model.Node)
	if block, ok := m.t.raw.blocks[n]; ok {
		// The block's lines are the JSON's lines, indented.
		position = func(tree *model.Node) { tree.Shift(block.line-1, block.col-1) }
	}
	return model.DecodeDocumentText(n.Value, n.Loc, position)
}
