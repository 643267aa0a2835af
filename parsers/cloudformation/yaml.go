package cloudformation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// shortForms maps CloudFormation's YAML tags to the long form of the
// function they stand for.
var shortForms = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!Sub":          "Fn::Sub",
	"!GetAtt":       "Fn::GetAtt",
	"!Join":         "Fn::Join",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!If":           "Fn::If",
	"!Equals":       "Fn::Equals",
	"!And":          "Fn::And",
	"!Or":           "Fn::Or",
	"!Not":          "Fn::Not",
	"!FindInMap":    "Fn::FindInMap",
	"!ImportValue":  "Fn::ImportValue",
	"!Base64":       "Fn::Base64",
	"!Cidr":         "Fn::Cidr",
	"!GetAZs":       "Fn::GetAZs",
	"!Transform":    "Fn::Transform",
	"!ToJsonString": "Fn::ToJsonString",
	"!Length":       "Fn::Length",
	"!ForEach":      "Fn::ForEach",
	// Rule functions, in the Rules section.
	"!Contains":         "Fn::Contains",
	"!EachMemberEquals": "Fn::EachMemberEquals",
	"!EachMemberIn":     "Fn::EachMemberIn",
	"!RefAll":           "Fn::RefAll",
	"!ValueOf":          "Fn::ValueOf",
	"!ValueOfAll":       "Fn::ValueOfAll",
}

// raw is a template as written, decoded into syntax.Node trees: YAML short
// forms are rewritten to their long form, one-key maps such as
// {"Fn::Sub": …}, and the tag is remembered for messages.
type raw struct {
	root *syntax.Node
	// tags holds the tag of the maps rewritten from a short form.
	tags map[*syntax.Node]string
	// blocks holds the first content line and indentation of literal block
	// scalars (|), so that a JSON policy written in one maps back to lines.
	blocks map[*syntax.Node]pos
	// comments are the lines holding a comment, for suppression directives.
	src *source
	// first and last are the lines of src the template's YAML document
	// spans (its suppression comments are there).
	first, last int
}

// document is one non-empty document of a YAML stream: its tree and the
// problems with single nodes in it.
type document struct {
	raw  *raw
	errs []error
}

// readDocuments decodes the documents of a YAML (or JSON) stream, leaving
// out empty ones (a "---" alone, "..."). A syntax error is returned as an
// *model.InputError after the documents before it; problems with single
// nodes (an alias, an unknown tag) are in each document's errs, and the
// node becomes unknown. No document at all is an "empty file" error.
func readDocuments(file string, data []byte) ([]document, []error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	src := newSource(data)
	var docs []document
	for {
		var y yaml.Node
		err := dec.Decode(&y)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if loc, msg, ok := encodingProblem(file, data); ok {
				// yaml.v3 says what, not where.
				return docs, []error{&model.InputError{Loc: loc, Message: "invalid YAML: " + msg, Err: err}}
			}
			return docs, []error{yamlError(file, err)}
		}
		if len(y.Content) == 0 || y.Content[0].Kind == yaml.ScalarNode && y.Content[0].Tag == "!!null" {
			continue
		}
		if len(docs) > 0 {
			docs[len(docs)-1].raw.last = y.Line - 1
		}
		r := &yamlReader{file: file, src: src, raw: &raw{src: src, first: y.Line, last: len(src.lines),
			tags: map[*syntax.Node]string{}, blocks: map[*syntax.Node]pos{}}}
		r.raw.root = r.node(y.Content[0])
		docs = append(docs, document{raw: r.raw, errs: r.errs})
	}
	if len(docs) == 0 {
		return nil, []error{model.Errorf(model.Location{File: file}, "empty file")}
	}
	return docs, nil
}

// encodingProblem locates the first byte YAML does not allow: invalid
// UTF-8, or a control character other than tab, newline and carriage
// return (a NUL, or UTF-16 that was not recognised as such).
func encodingProblem(file string, data []byte) (model.Location, string, bool) {
	line, col := 1, 1
	for off := 0; off < len(data); {
		r, size := utf8.DecodeRune(data[off:])
		var msg string
		switch {
		case r == utf8.RuneError && size == 1:
			msg = fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", data[off])
		case r == 0:
			msg = "a NUL character (a UTF-16 file without byte order mark, or binary data?)"
		case r == '\n':
			line, col = line+1, 0
		case r != '\t' && r != '\r' && r != 0xfeff && (r < 0x20 || r >= 0x7f && r < 0xa0 && r != 0x85):
			msg = fmt.Sprintf("control character %U (escape it in a quoted string)", r)
		}
		if msg != "" {
			return model.Location{File: file, StartLine: line, StartColumn: col, EndLine: line, EndColumn: col + 1}, msg, true
		}
		off += size
		col++
	}
	return model.Location{}, "", false
}

// yamlError turns a yaml.v3 error ("yaml: line 3: mapping values are not
// allowed in this context") into an InputError at that line.
func yamlError(file string, err error) error {
	msg := err.Error()
	line := 0
	rest := strings.TrimPrefix(msg, "yaml: ")
	if _, e := fmt.Sscanf(rest, "line %d:", &line); e == nil {
		rest = strings.TrimSpace(rest[strings.Index(rest, ":")+1:])
	}
	return &model.InputError{Loc: model.Location{File: file, StartLine: line}, Message: "invalid YAML: " + rest, Err: err}
}

type yamlReader struct {
	file string
	src  *source
	raw  *raw
	errs []error
	// Nodes and entries are allocated in blocks: a template has hundreds of
	// thousands of them, and one allocation each dominates the load time.
	nodes   []syntax.Node
	entries []syntax.Entry
}

const allocBlock = 512

func (r *yamlReader) newNode() *syntax.Node {
	if len(r.nodes) == 0 {
		r.nodes = make([]syntax.Node, allocBlock)
	}
	n := &r.nodes[0]
	r.nodes = r.nodes[1:]
	return n
}

func (r *yamlReader) newEntry() *syntax.Entry {
	if len(r.entries) == 0 {
		r.entries = make([]syntax.Entry, allocBlock)
	}
	e := &r.entries[0]
	r.entries = r.entries[1:]
	return e
}

func (r *yamlReader) loc(start, end pos) model.Location {
	return model.Location{File: r.file, StartLine: start.line, StartColumn: start.col, EndLine: end.line, EndColumn: end.col}
}

func (r *yamlReader) node(y *yaml.Node) *syntax.Node {
	start := pos{y.Line, y.Column}
	var n *syntax.Node
	switch y.Kind {
	case yaml.ScalarNode:
		n = r.scalar(y)
	case yaml.SequenceNode:
		n = r.sequence(y)
	case yaml.MappingNode:
		n = r.mapping(y)
	case yaml.AliasNode:
		loc := r.loc(start, r.src.endOfLine(start))
		r.errs = append(r.errs, model.Errorf(loc, "YAML aliases (*%s) are not supported in CloudFormation templates", y.Value))
		return syntax.UnknownNode("*"+y.Value, loc)
	default:
		return syntax.UnknownNode("", r.loc(start, start))
	}
	if y.Tag == "" || strings.HasPrefix(y.Tag, "!!") {
		return n
	}
	return r.shortForm(y, n)
}

// shortForm wraps the node of a tagged value (!Sub "…") into the long form
// ({"Fn::Sub": "…"}).
func (r *yamlReader) shortForm(y *yaml.Node, n *syntax.Node) *syntax.Node {
	start := pos{y.Line, y.Column}
	name, ok := shortForms[y.Tag]
	tagLoc := r.loc(start, pos{start.line, start.col + len([]rune(y.Tag))})
	if !ok {
		e := model.Errorf(tagLoc, "unknown tag %s: CloudFormation only knows the short forms of its intrinsic functions", y.Tag)
		if strings.HasPrefix(y.Tag, "!Rain::") {
			// Directives of the rain tool, replaced by "rain pkg" before deploy.
			e = model.Errorf(tagLoc, "%s is a directive of the rain tool, resolved when the template is packaged; what it makes is not analysed", y.Tag)
			e.Warning = true
		}
		r.errs = append(r.errs, e)
		return syntax.UnknownNode(y.Tag+" "+y.Value, n.Loc)
	}
	whole := n.Loc
	whole.StartLine, whole.StartColumn = start.line, start.col
	if y.Kind == yaml.ScalarNode {
		// The scalar's own text starts after the tag.
		n.Loc.StartLine, n.Loc.StartColumn = r.contentStart(y)
	}
	w := &syntax.Node{Kind: syntax.KindMap, Loc: whole, Entries: []*syntax.Entry{{Key: name, KeyLoc: tagLoc, Value: n}}}
	r.raw.tags[w] = y.Tag
	return w
}

func (r *yamlReader) contentStart(y *yaml.Node) (int, int) {
	p := r.src.skipProperties(pos{y.Line, y.Column})
	return p.line, p.col
}

func (r *yamlReader) scalar(y *yaml.Node) *syntax.Node {
	start := pos{y.Line, y.Column}
	content := start
	if y.Tag != "" && !strings.HasPrefix(y.Tag, "!!") || y.Anchor != "" || strings.HasPrefix(y.Tag, "!!") && y.Style&yaml.TaggedStyle != 0 {
		content = r.src.skipProperties(start)
	}
	var end pos
	switch {
	case y.Style&yaml.DoubleQuotedStyle != 0:
		end = r.src.quotedEnd(content, '"')
	case y.Style&yaml.SingleQuotedStyle != 0:
		end = r.src.quotedEnd(content, '\'')
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		end = r.src.blockEnd(content)
	case y.Value == "":
		end = content
	default:
		end = r.src.plainEnd(content, y.Value)
	}
	n := r.newNode()
	*n = syntax.Node{Kind: syntax.KindString, Value: y.Value, Loc: r.loc(start, end)}
	switch y.ShortTag() {
	case "!!null":
		n.Kind = syntax.KindNull
	case "!!bool":
		n.Kind = syntax.KindBool
	}
	if y.Style&yaml.LiteralStyle != 0 {
		first := content.line + 1
		for first <= len(r.src.lines) && len(bytes.TrimSpace(r.src.line(first))) == 0 {
			first++
		}
		r.raw.blocks[n] = pos{first, 1 + indentOf(r.src.line(first))}
	}
	return n
}

func (r *yamlReader) sequence(y *yaml.Node) *syntax.Node {
	n := r.newNode()
	*n = syntax.Node{Kind: syntax.KindList, Items: make([]*syntax.Node, 0, len(y.Content))}
	for _, c := range y.Content {
		n.Items = append(n.Items, r.node(c))
	}
	var last *model.Location
	if len(n.Items) > 0 {
		last = &n.Items[len(n.Items)-1].Loc
	}
	n.Loc = r.collectionLoc(y, last, ']')
	return n
}

func (r *yamlReader) mapping(y *yaml.Node) *syntax.Node {
	n := r.newNode()
	*n = syntax.Node{Kind: syntax.KindMap, Entries: make([]*syntax.Entry, 0, len(y.Content)/2)}
	var last *model.Location
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		keyLoc := r.keyLoc(k)
		e := r.newEntry()
		*e = syntax.Entry{Key: k.Value, KeyLoc: keyLoc, Value: r.node(v)}
		n.Entries = append(n.Entries, e)
		last = &e.Value.Loc
		if last.EndLine == 0 {
			last = &e.KeyLoc
		}
	}
	n.Loc = r.collectionLoc(y, last, '}')
	return n
}

// keyLoc locates a map key. Keys are plain values; a list or map as a key
// is an error.
func (r *yamlReader) keyLoc(k *yaml.Node) model.Location {
	if k.Kind == yaml.ScalarNode && k.Tag == "!!str" && k.Style == 0 && k.Anchor == "" {
		start := pos{k.Line, k.Column}
		return r.loc(start, r.src.plainEnd(start, k.Value))
	}
	key := r.node(k)
	if k.Kind != yaml.ScalarNode {
		r.errs = append(r.errs, model.Errorf(key.Loc, "a key must be a plain value, not a list or map"))
	}
	return key.Loc
}

// collectionLoc computes the range of a list or map: from its start to the
// end of its last item (nil when empty), or to its closing bracket in flow
// style.
func (r *yamlReader) collectionLoc(y *yaml.Node, last *model.Location, closer byte) model.Location {
	start := pos{y.Line, y.Column}
	end := start
	if last != nil {
		end = pos{last.EndLine, last.EndColumn}
	}
	if y.Style&yaml.FlowStyle != 0 {
		from := end
		if last == nil {
			p := r.src.skipProperties(start)
			from = pos{p.line, p.col + 1}
		}
		end = r.src.flowEnd(from, closer)
	}
	return r.loc(start, end)
}
