package cloudformation

import (
	"bytes"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// Suppression directives, kept on the model with their positions for the
// suppression stage to apply:
//
//	# iacscan:ignore IAM201 IAM203 exp:2026-12-31 -- reason
//
// on the line of a resource or property (covering it) or on the line above
// it, and in the Metadata of a resource (covering the resource) or of the
// template (covering the file):
//
//	Metadata:
//	  iacscan:
//	    ignore:
//	      - {id: IAM201, reason: "…", expires: 2026-12-31}
//
// checkov's skips in a resource's Metadata are read as its comments are
// (suppress maps its checks to rules):
//
//	Metadata:
//	  checkov:
//	    skip:
//	      - id: CKV_AWS_111
//	        comment: "…"
const directive = syntax.IgnoreDirective

// metadataIgnores reads the iacscan ignores and checkov's skips in a
// resource's Metadata.
func (m *mapper) metadataIgnores(r *resource) {
	metadata := r.body.Get("Metadata")
	m.inv.Ignores = append(m.inv.Ignores, ignoresIn(metadata, r.loc)...)
	m.inv.Ignores = append(m.inv.Ignores, checkovSkipsIn(metadata, r.loc)...)
}

// checkovSkipsIn reads checkov's skip list in a resource's Metadata. An
// entry without an id skips nothing, as in checkov.
func checkovSkipsIn(metadata *syntax.Node, scope model.Location) []model.Ignore {
	list := metadata.Get("checkov").Get("skip")
	if list == nil {
		return nil
	}
	items := list.Items
	if list.Kind == syntax.KindMap {
		items = []*syntax.Node{list}
	}
	var out []model.Ignore
	for _, item := range items {
		id := item.Get("id")
		if id == nil || !id.IsScalar() || strings.TrimSpace(id.Value) == "" {
			continue
		}
		ig := model.Ignore{Origin: "checkov", Loc: item.Loc, Scope: scope, Rules: []string{strings.ToUpper(strings.TrimSpace(id.Value))}}
		if v := item.Get("comment"); v != nil && v.IsScalar() {
			ig.Reason = strings.TrimSpace(v.Value)
		}
		out = append(out, ig)
	}
	return out
}

func ignoresIn(metadata *syntax.Node, scope model.Location) []model.Ignore {
	list := metadata.Get("iacscan").Get("ignore")
	if list == nil {
		return nil
	}
	items := list.Items
	if list.Kind == syntax.KindMap {
		items = []*syntax.Node{list}
	}
	var out []model.Ignore
	for _, item := range items {
		ig := model.Ignore{Loc: item.Loc, Scope: scope}
		switch id := item.Get("id"); {
		case id == nil:
		case id.IsScalar():
			ig.Rules = []string{id.Value}
		default:
			for _, r := range id.Items {
				ig.Rules = append(ig.Rules, r.Value)
			}
		}
		if v := item.Get("reason"); v != nil {
			ig.Reason = v.Value
		}
		if v := item.Get("expires"); v != nil {
			ig.Expires = v.Value
		}
		out = append(out, ig)
	}
	return out
}

// commentIgnores reads the suppression comments of a YAML template and the
// ignores in the template's own Metadata.
func (t *template) commentIgnores() []model.Ignore {
	out := ignoresIn(t.raw.root.Get("Metadata"), t.raw.root.Loc)
	src := t.raw.src
	if src == nil {
		return out
	}
	for n := t.raw.first; n <= t.raw.last; n++ {
		line := src.line(n)
		var found []model.Ignore
		kind := syntax.PeerBlock
		i := bytes.Index(line, []byte(directive))
		hash := -1
		if i >= 0 {
			hash = bytes.LastIndexByte(line[:i], '#')
			if hash < 0 || len(bytes.TrimSpace(line[hash+1:i])) > 0 || hash > 0 && line[hash-1] != ' ' && line[hash-1] != '\t' {
				continue
			}
			found = []model.Ignore{syntax.ParseIgnoreDirective(string(line[i+len(directive):]))}
		} else if hash = commentStart(line); hash >= 0 {
			found, kind = syntax.ParsePeerDirectives(string(line[hash+1:]))
		}
		if len(found) == 0 {
			continue
		}
		loc := model.Location{File: t.file, StartLine: n, StartColumn: column(line, hash), EndLine: n, EndColumn: column(line, len(line))}
		target := n
		if len(bytes.TrimSpace(line[:hash])) == 0 {
			// A comment on its own line covers what follows it.
			target = n + 1
			for target <= len(src.lines) && isBlankOrComment(src.line(target)) {
				target++
			}
		}
		scope := outermostOn(t.raw.root, target)
		if scope.IsZero() {
			scope = loc
		}
		next := target
		if target > len(src.lines) {
			next = 0
		}
		for _, ig := range found {
			ig.Loc, ig.Scope = loc, scope
			if ig.Origin != "" {
				ig.Scope, ig.Line = syntax.PeerScope(kind, scope, loc, next)
			}
			out = append(out, ig)
		}
	}
	return out
}

// commentStart is the index of the # that starts a YAML comment holding a
// peer scanner's directive on the line, or -1. A # inside a word or a
// quoted string is not a comment.
func commentStart(line []byte) int {
	for _, m := range syntax.PeerMarkers {
		i := bytes.Index(line, []byte(m))
		if i < 0 {
			continue
		}
		hash := bytes.LastIndexByte(line[:i], '#')
		if hash < 0 || hash > 0 && line[hash-1] != ' ' && line[hash-1] != '\t' {
			return -1
		}
		if bytes.Count(line[:hash], []byte(`"`))%2 == 1 || bytes.Count(line[:hash], []byte(`'`))%2 == 1 {
			return -1
		}
		return hash
	}
	return -1
}

// outermostOn returns the range of the largest map entry or list item that
// starts on a line: the resource, property or statement a comment is about.
func outermostOn(root *syntax.Node, line int) model.Location {
	var best model.Location
	consider := func(l model.Location) {
		if l.StartLine != line {
			return
		}
		if best.IsZero() || l.StartColumn < best.StartColumn ||
			l.StartColumn == best.StartColumn && (l.EndLine > best.EndLine || l.EndLine == best.EndLine && l.EndColumn > best.EndColumn) {
			best = l
		}
	}
	var walk func(n *syntax.Node)
	walk = func(n *syntax.Node) {
		if n.Loc.StartLine > line || n.Loc.EndLine < line && n.Loc.EndLine != 0 {
			return
		}
		for _, item := range n.Items {
			consider(item.Loc)
			walk(item)
		}
		for _, e := range n.Entries {
			consider(span(e.KeyLoc, e.Value.Loc))
			walk(e.Value)
		}
	}
	walk(root)
	return best
}
