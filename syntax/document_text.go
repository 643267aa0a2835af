package syntax

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// DecodeDocumentText decodes a policy document written as JSON text inside
// another input: a Terraform or CloudFormation string, a plan attribute at
// loc. position places the decoded tree in the file (Shift it for a heredoc
// or block whose lines are the text's); nil places it all at loc. Text that
// is not JSON gives a document with that problem, not an error: it is the
// policy that is invalid, not the input file.
func DecodeDocumentText(text string, loc model.Location, position func(*Node)) *model.Document {
	if strings.TrimSpace(text) == "" {
		return &model.Document{Loc: loc, Problems: []model.Problem{{Loc: loc, Message: "the policy document is empty"}}}
	}
	tree, err := ParseJSON(loc.File, []byte(text))
	if err != nil {
		msg := err.Error()
		if ie, ok := err.(*model.InputError); ok {
			msg = ie.Message
		}
		return &model.Document{Loc: loc, Problems: []model.Problem{{Loc: loc, Message: "the policy document is not valid JSON: " + strings.TrimPrefix(msg, "invalid JSON: ")}}}
	}
	if position == nil {
		tree.Place(loc)
	} else {
		position(tree)
	}
	return DecodeDocument(tree)
}

// compactSize is the length of a tree written as compact JSON without
// whitespace (IAM does not count whitespace, even inside strings). Unknown
// values count as empty.
func compactSize(n *Node) int {
	switch n.Kind {
	case KindUnknown:
		return 0
	case KindNull:
		return len("null")
	case KindString:
		if n.Unknown {
			return 2
		}
		return jsonStringSize(n.Value)
	case KindList:
		size := 2 + max(len(n.Items)-1, 0)
		for _, item := range n.Items {
			size += compactSize(item)
		}
		return size
	case KindMap:
		size := 2 + max(len(n.Entries)-1, 0)
		for _, e := range n.Entries {
			size += jsonStringSize(e.Key) + 1 + compactSize(e.Value)
		}
		return size
	}
	return len(n.Value) // numbers and booleans as written
}

func jsonStringSize(s string) int {
	n := 2
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r':
		case '"', '\\':
			n += 2
		default:
			n++
		}
	}
	return n
}
