package cloudformation

import (
	"strings"

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
	tree, err := model.ParseJSON(m.t.file, []byte(n.Value))
	if err != nil {
		msg := err.Error()
		if ie, ok := err.(*model.InputError); ok {
			msg = ie.Message
		}
		return &model.Document{Loc: n.Loc, Node: n, Problems: []model.Problem{{
			Loc: n.Loc, Message: "the policy document is a string that is not valid JSON: " + strings.TrimPrefix(msg, "invalid JSON: "),
		}}}
	}
	block, isBlock := m.t.raw.blocks[n]
	moveNodes(tree, func(l *model.Location) {
		if !isBlock {
			*l = n.Loc
			return
		}
		// The block's lines are the JSON's lines, indented.
		l.StartLine += block.line - 1
		l.EndLine += block.line - 1
		l.StartColumn += block.col - 1
		l.EndColumn += block.col - 1
	})
	return model.DecodeDocument(tree)
}

// moveNodes applies f to the location of every node and key of a tree.
func moveNodes(n *model.Node, f func(*model.Location)) {
	f(&n.Loc)
	for _, item := range n.Items {
		moveNodes(item, f)
	}
	for _, e := range n.Entries {
		f(&e.KeyLoc)
		moveNodes(e.Value, f)
	}
}
