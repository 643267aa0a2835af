package terraform

import (
	"encoding/json"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// jsonText writes a tree as compact JSON, unknown parts as their
// placeholders, and reports whether any part is unknown.
func jsonText(n *model.Node) (string, bool) {
	var b strings.Builder
	unknown := writeJSON(&b, n)
	return b.String(), unknown
}

func writeJSON(b *strings.Builder, n *model.Node) bool {
	switch n.Kind {
	case model.KindNull:
		b.WriteString("null")
	case model.KindNumber, model.KindBool:
		b.WriteString(n.Value)
	case model.KindString:
		writeString(b, n.Value)
		return n.Unknown
	case model.KindUnknown:
		writeString(b, "${"+n.Expr+"}")
		return true
	case model.KindList:
		unknown := false
		b.WriteByte('[')
		for i, item := range n.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			unknown = writeJSON(b, item) || unknown
		}
		b.WriteByte(']')
		return unknown
	case model.KindMap:
		unknown := false
		b.WriteByte('{')
		for i, e := range n.Entries {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, e.Key)
			b.WriteByte(':')
			unknown = writeJSON(b, e.Value) || unknown
		}
		b.WriteByte('}')
		return unknown
	}
	return false
}

func writeString(b *strings.Builder, s string) {
	data, _ := json.Marshal(s)
	b.Write(data)
}
