package terraform

import (
	"encoding/json"
	"strings"

	"github.com/iacscan/iacscan/syntax"
)

// jsonText writes a tree as compact JSON, unknown parts as their
// placeholders, and reports whether any part is unknown.
func jsonText(n *syntax.Node) (string, bool) {
	var b strings.Builder
	unknown := writeJSON(&b, n)
	return b.String(), unknown
}

func writeJSON(b *strings.Builder, n *syntax.Node) bool {
	switch n.Kind {
	case syntax.KindNull:
		b.WriteString("null")
	case syntax.KindNumber, syntax.KindBool:
		b.WriteString(n.Value)
	case syntax.KindString:
		writeString(b, n.Value)
		return n.Unknown
	case syntax.KindUnknown:
		writeString(b, "${"+n.Expr+"}")
		return true
	case syntax.KindList:
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
	case syntax.KindMap:
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
