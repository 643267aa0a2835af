package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/terraform"
)

// blockSource is where a resource block and its parts are in a .tf file.
type blockSource struct {
	rng     model.Location
	attrs   map[string]model.Location
	refs    map[string]string         // attributes that are one reference, as written
	blocks  map[string][]*blockSource // static nested blocks by type, in order
	dynamic map[string]model.Location // dynamic "type" blocks: their order is not the plan's
}

// sets reports whether the block sets an attribute or nested block.
func (b *blockSource) sets(name string) bool {
	_, attr := b.attrs[name]
	_, dyn := b.dynamic[name]
	return attr || dyn || len(b.blocks[name]) > 0
}

// member returns where attribute or nested block type name is written, and
// the static blocks of that type (nil for an attribute, or when dynamic
// blocks make the order unknowable). A nil b places everything at loc.
func (b *blockSource) member(name string, loc model.Location) (model.Location, []*blockSource) {
	if b == nil {
		return loc, nil
	}
	if l, ok := b.attrs[name]; ok {
		return l, nil
	}
	if l, ok := b.dynamic[name]; ok {
		return l, nil
	}
	if bs := b.blocks[name]; len(bs) > 0 {
		first, last := bs[0].rng, bs[len(bs)-1].rng
		first.EndLine, first.EndColumn = last.EndLine, last.EndColumn
		return first, bs
	}
	return b.rng, nil
}

// moduleFiles is what the .tf files of one module directory hold.
type moduleFiles struct {
	blocks map[string]*blockSource // by module-relative address
	files  []string                // the files read, in name order
}

// readModule finds the resource and data blocks of the .tf and .tf.json
// files in dir. Files that do not parse are read as far as they go (their
// errors are the HCL scan's to report).
func readModule(dir string, warn func(error)) (*moduleFiles, error) {
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return nil, err
	}
	m := &moduleFiles{blocks: make(map[string]*blockSource)}
	var overrides []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")) {
			continue
		}
		// Override files only amend blocks defined elsewhere: the
		// definition a person edits is in the other files.
		base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
		if base == "override" || strings.HasSuffix(base, "_override") {
			overrides = append(overrides, name)
			continue
		}
		m.files = append(m.files, filepath.Join(dir, name))
	}
	for _, name := range overrides {
		m.files = append(m.files, filepath.Join(dir, name))
	}
	for _, path := range m.files {
		src, err := os.ReadFile(path)
		if err != nil {
			warn(&model.InputError{Loc: model.Location{File: path}, Message: "cannot read: " + err.Error(), Err: err, Warning: true})
			continue
		}
		for key, b := range fileBlocks(path, src) {
			if _, dup := m.blocks[key]; !dup {
				m.blocks[key] = b
			}
		}
	}
	return m, nil
}

// fileBlocks returns the resource, data, output and provider blocks of one
// file by address (output.NAME, provider.NAME[.ALIAS]).
func fileBlocks(path string, src []byte) map[string]*blockSource {
	out := make(map[string]*blockSource)
	if terraform.CheckNesting(src, path, strings.HasSuffix(path, ".json")).HasErrors() {
		return out // the HCL scan of the same files reports it
	}
	if strings.HasSuffix(path, ".json") {
		f, _ := hcljson.Parse(src, path)
		if f == nil {
			return out
		}
		content, _, _ := f.Body.PartialContent(topSchema)
		for _, b := range content.Blocks {
			attrs, _ := b.Body.JustAttributes()
			bs := &blockSource{rng: location(b.DefRange), attrs: make(map[string]model.Location, len(attrs))}
			for name, a := range attrs {
				bs.attrs[name] = location(a.Range)
			}
			if key := blockKey(b.Type, b.Labels, staticString(attrs["alias"])); key != "" {
				out[key] = bs
			}
		}
		return out
	}
	f, _ := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return out
	}
	for _, b := range body.Blocks {
		var alias *hcl.Attribute
		if a := b.Body.Attributes["alias"]; a != nil {
			alias = a.AsHCLAttribute()
		}
		if key := blockKey(b.Type, b.Labels, staticString(alias)); key != "" {
			out[key] = newBlockSource(b)
		}
	}
	return out
}

var topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
}}

// blockKey is the address of a top-level block, or "" for blocks that are
// not read. alias is a provider block's.
func blockKey(typ string, labels []string, alias string) string {
	switch {
	case (typ == "resource" || typ == "data") && len(labels) == 2:
		return resourceKey(typ == "data", labels[0], labels[1])
	case typ == "output" && len(labels) == 1:
		return "output." + labels[0]
	case typ == "provider" && len(labels) == 1:
		return providerKey(labels[0], alias)
	}
	return ""
}

// staticString returns the value of an attribute written as a literal
// string, or "".
func staticString(a *hcl.Attribute) string {
	if a == nil {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

func newBlockSource(b *hclsyntax.Block) *blockSource {
	bs := &blockSource{
		rng:     location(b.Range()),
		attrs:   make(map[string]model.Location, len(b.Body.Attributes)),
		refs:    make(map[string]string),
		blocks:  make(map[string][]*blockSource),
		dynamic: make(map[string]model.Location),
	}
	for name, a := range b.Body.Attributes {
		bs.attrs[name] = location(a.SrcRange)
		if ref := traversal(a.Expr); ref != "" {
			bs.refs[name] = ref
		}
	}
	for _, nested := range b.Body.Blocks {
		switch {
		case nested.Type == "dynamic" && len(nested.Labels) == 1:
			if _, ok := bs.dynamic[nested.Labels[0]]; !ok {
				bs.dynamic[nested.Labels[0]] = location(nested.Range())
			}
		case nested.Type != "lifecycle" && nested.Type != "provisioner" && nested.Type != "connection":
			bs.blocks[nested.Type] = append(bs.blocks[nested.Type], newBlockSource(nested))
		}
	}
	return bs
}

// traversal returns the reference an expression consists of
// (aws_iam_role.app.id, "${aws_iam_role.app.name}"), or "".
func traversal(e hclsyntax.Expression) string {
	if w, ok := e.(*hclsyntax.TemplateWrapExpr); ok {
		e = w.Wrapped
	}
	t, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, step := range t.Traversal {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			switch {
			case s.Key.Type() == cty.String:
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			case s.Key.Type() == cty.Number:
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			default:
				return ""
			}
		default:
			return ""
		}
	}
	return b.String()
}

func location(r hcl.Range) model.Location {
	return model.Location{
		File:        r.Filename,
		StartLine:   r.Start.Line,
		StartColumn: r.Start.Column,
		EndLine:     r.End.Line,
		EndColumn:   r.End.Column,
	}
}
