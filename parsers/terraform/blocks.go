package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
)

// Block is where a top-level block (resource, data, output, provider) and
// its parts are written in a .tf file: what the plan reader maps a plan's
// addresses and attributes through.
type Block struct {
	Range   model.Location
	Attrs   map[string]model.Location
	Refs    map[string]string         // attributes that are one reference, as written
	Blocks  map[string][]*Block       // static nested blocks by type, in order
	Dynamic map[string]model.Location // dynamic "type" blocks: their order is not the plan's
}

// Sets reports whether the block sets an attribute or nested block.
func (b *Block) Sets(name string) bool {
	_, attr := b.Attrs[name]
	_, dyn := b.Dynamic[name]
	return attr || dyn || len(b.Blocks[name]) > 0
}

// Member returns where attribute or nested block type name is written, and
// the static blocks of that type (nil for an attribute, or when dynamic
// blocks make the order unknowable). A nil b places everything at loc.
func (b *Block) Member(name string, loc model.Location) (model.Location, []*Block) {
	if b == nil {
		return loc, nil
	}
	if l, ok := b.Attrs[name]; ok {
		return l, nil
	}
	if l, ok := b.Dynamic[name]; ok {
		return l, nil
	}
	if bs := b.Blocks[name]; len(bs) > 0 {
		first, last := bs[0].Range, bs[len(bs)-1].Range
		first.EndLine, first.EndColumn = last.EndLine, last.EndColumn
		return first, bs
	}
	return b.Range, nil
}

// Modules parses module directories once, for whoever asks first: a plan
// reader looking up block ranges (Blocks) and the HCL scan of the same
// configuration (Options.Modules) share the parse, so that a plan's .tf
// files are read once.
type Modules struct {
	mu     sync.Mutex
	parsed map[string]*parsedModule // by cleanDir
	files  safefile.Root            // what reading the files may touch
}

type parsedModule struct {
	once   sync.Once // parses: concurrent askers wait for the first
	m      *module
	diags  hcl.Diagnostics
	err    error             // the directory could not be read
	blocks map[string]*Block // built on first use

	checkOnce sync.Once
	checks    hcl.Diagnostics // what validate found
}

// NewModules returns an empty cache whose files are read as files reads
// them (the scan root, the size limit, an editor's overlay). It is safe for
// concurrent use by parse.
func NewModules(files safefile.Root) *Modules {
	return &Modules{parsed: make(map[string]*parsedModule), files: files}
}

// parse returns the module in dir, parsed on first use; directories are
// parsed in parallel, each once.
func (ms *Modules) parse(dir string) *parsedModule {
	key := cleanDir(dir)
	ms.mu.Lock()
	p, ok := ms.parsed[key]
	if !ok {
		p = &parsedModule{}
		ms.parsed[key] = p
	}
	ms.mu.Unlock()
	p.once.Do(func() { p.read(dir, ms.files, nil) })
	return p
}

// newParsedModule parses the module in dir; texts are files already read,
// by path.
func newParsedModule(dir string, files safefile.Root, texts map[string][]byte) *parsedModule {
	p := &parsedModule{}
	p.once.Do(func() { p.read(dir, files, texts) })
	return p
}

func (p *parsedModule) read(dir string, files safefile.Root, texts map[string][]byte) {
	p.m, p.diags = parseModule(dir, files, texts)
	if p.m == nil {
		_, p.err = os.ReadDir(dir)
	}
}

// validation is what validate finds in the module, computed once.
func (p *parsedModule) validation() hcl.Diagnostics {
	p.checkOnce.Do(func() { p.checks = p.m.validate() })
	return p.checks
}

// Blocks returns the resource, data, output and provider blocks of the .tf
// and .tf.json files in dir, by module-relative address
// (aws_iam_role.app, data.aws_iam_policy_document.d, output.NAME,
// provider.NAME[.ALIAS]); the first definition wins, and override files
// count only for blocks defined nowhere else (the definition a person edits
// is in the other files). Files that do not parse are read as far as they
// go (their errors are the HCL scan's to report); files that cannot be read
// are reported to warn.
func (ms *Modules) Blocks(dir string, warn func(error)) (map[string]*Block, error) {
	p := ms.parse(dir)
	if p.err != nil {
		return nil, p.err
	}
	if p.blocks == nil {
		p.blocks = p.m.blockIndex(warn)
	}
	return p.blocks, nil
}

// blockIndex builds the blocks of the module's files, overrides last.
func (m *module) blockIndex(warn func(error)) map[string]*Block {
	out := make(map[string]*Block)
	add := func(path string, f *hcl.File) {
		for key, b := range fileBlocks(path, f) {
			if _, dup := out[key]; !dup {
				out[key] = b
			}
		}
	}
	for _, path := range m.allFiles {
		if err := m.unreadable[path]; err != nil {
			warn(&model.InputError{Loc: model.Location{File: path}, Message: "cannot read: " + err.Error(), Err: err, Warning: true})
			continue
		}
		if f := m.parsed[path]; f != nil {
			add(path, f)
			continue
		}
		// An override file: the scan skips it, the index reads it.
		src, err := m.reader.ReadFile(path)
		if err != nil {
			warn(&model.InputError{Loc: model.Location{File: path}, Message: "cannot read: " + err.Error(), Err: err, Warning: true})
			continue
		}
		add(path, parseForIndex(path, src))
	}
	return out
}

func parseForIndex(path string, src []byte) *hcl.File {
	if CheckNesting(src, path, strings.HasSuffix(path, ".json")).HasErrors() {
		return nil // hcl cannot parse it safely
	}
	parser := hclparse.NewParser()
	if strings.HasSuffix(path, ".json") {
		f, _ := parser.ParseJSON(src, path)
		return f
	}
	f, _ := parser.ParseHCL(src, path)
	return f
}

// fileBlocks returns the resource, data, output and provider blocks of one
// parsed file by address.
func fileBlocks(path string, f *hcl.File) map[string]*Block {
	out := make(map[string]*Block)
	if f == nil || f.Body == nil {
		return out
	}
	if strings.HasSuffix(path, ".json") {
		content, _, _ := f.Body.PartialContent(topSchema)
		for _, b := range content.Blocks {
			attrs, _ := b.Body.JustAttributes()
			bs := &Block{Range: location(b.DefRange), Attrs: make(map[string]model.Location, len(attrs))}
			for name, a := range attrs {
				bs.Attrs[name] = location(a.Range)
			}
			if key := blockKey(b.Type, b.Labels, staticString(attrs["alias"])); key != "" {
				out[key] = bs
			}
		}
		return out
	}
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
			out[key] = newBlock(b)
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
		if typ == "data" {
			return "data." + labels[0] + "." + labels[1]
		}
		return labels[0] + "." + labels[1]
	case typ == "output" && len(labels) == 1:
		return "output." + labels[0]
	case typ == "provider" && len(labels) == 1 && alias != "":
		return "provider." + labels[0] + "." + alias
	case typ == "provider" && len(labels) == 1:
		return "provider." + labels[0]
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

func newBlock(b *hclsyntax.Block) *Block {
	bs := &Block{
		Range:   location(b.Range()),
		Attrs:   make(map[string]model.Location, len(b.Body.Attributes)),
		Refs:    make(map[string]string),
		Blocks:  make(map[string][]*Block),
		Dynamic: make(map[string]model.Location),
	}
	for name, a := range b.Body.Attributes {
		bs.Attrs[name] = location(a.SrcRange)
		if ref := reference(a.Expr); ref != "" {
			bs.Refs[name] = ref
		}
	}
	for _, nested := range b.Body.Blocks {
		switch {
		case nested.Type == "dynamic" && len(nested.Labels) == 1:
			if _, ok := bs.Dynamic[nested.Labels[0]]; !ok {
				bs.Dynamic[nested.Labels[0]] = location(nested.Range())
			}
		case nested.Type != "lifecycle" && nested.Type != "provisioner" && nested.Type != "connection":
			bs.Blocks[nested.Type] = append(bs.Blocks[nested.Type], newBlock(nested))
		}
	}
	return bs
}

// reference returns the reference an expression consists of
// (aws_iam_role.app.id, "${aws_iam_role.app.name}"), or "".
func reference(e hclsyntax.Expression) string {
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

// allFilesOf lists a module directory's configuration files in name order,
// override files last.
func allFilesOf(dir string, entries []os.DirEntry) []string {
	var files, overrides []string
	for _, e := range entries {
		if e.IsDir() || !IsConfigFile(e.Name()) {
			continue
		}
		if isOverride(e.Name()) {
			overrides = append(overrides, filepath.Join(dir, e.Name()))
			continue
		}
		files = append(files, filepath.Join(dir, e.Name()))
	}
	return append(files, overrides...)
}
