package cloudformation

import (
	"strings"

	"github.com/iacscan/iacscan/syntax"
)

// maxExpr bounds the length of a rendered expression in messages.
const maxExpr = 300

// render writes a raw value back as a short expression for messages and
// Expr: "!GetAtt Bucket.Arn", "Fn::Sub arn:aws:s3:::${Bucket}/*",
// "!Join [”, [arn:aws:s3:::, !Ref Bucket]]".
func (r *raw) render(n *syntax.Node) string {
	var b strings.Builder
	r.write(&b, n, true)
	s := b.String()
	if len(s) > maxExpr {
		s = s[:maxExpr] + "…"
	}
	return s
}

func (r *raw) write(b *strings.Builder, n *syntax.Node, top bool) {
	if b.Len() > maxExpr {
		return
	}
	if tag, ok := r.tags[n]; ok {
		b.WriteString(tag + " ")
		r.write(b, n.Entries[0].Value, false)
		return
	}
	switch n.Kind {
	case syntax.KindList:
		b.WriteString("[")
		for i, item := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			r.write(b, item, false)
		}
		b.WriteString("]")
	case syntax.KindMap:
		if name, arg, ok := intrinsic(n, true); ok && top {
			b.WriteString(name + " ")
			r.write(b, arg, false)
			return
		}
		b.WriteString("{")
		for i, e := range n.Entries {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(e.Key + ": ")
			r.write(b, e.Value, false)
		}
		b.WriteString("}")
	case syntax.KindUnknown:
		b.WriteString(n.Expr)
	default:
		if n.Value == "" {
			b.WriteString("''")
			return
		}
		b.WriteString(n.Value)
	}
}
