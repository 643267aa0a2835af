package terraform

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
)

// module is the configuration of one module directory, as written.
type module struct {
	dir       string
	files     []string
	variables []*variable
	locals    []*attribute
	outputs   []*output
	resources []*resource // managed resources and data sources
	calls     []*call
	providers []*resource // provider blocks, Type "provider.<name>"
	ignores   []model.Ignore
	sources   map[string][]byte // file → text, for the source text of expressions
	// For the block index (Modules.Blocks): every configuration file,
	// overrides last, as parsed, or why it could not be read.
	allFiles   []string
	parsed     map[string]*hcl.File
	unreadable map[string]error
	reader     safefile.Root // where the module's files may be read
}

type variable struct {
	name       string
	def        hcl.Expression // nil when there is no default
	defRange   hcl.Range
	hasDefault bool
	// ty and defaults are what the type argument says, read once
	// (DynamicPseudoType when there is none or it is not understood).
	ty       cty.Type
	defaults *typeexpr.Defaults
}

type output struct {
	name      string
	value     hcl.Expression
	sensitive hcl.Expression
	defRange  hcl.Range
	rng       hcl.Range
}

// resource is a resource or data block.
type resource struct {
	data    bool
	typ     string
	name    string
	count   hcl.Expression
	forEach hcl.Expression
	body    *body
	// provider is the provider configuration the resource names, as its
	// module writes it ("aws.prod"); "" for its default one.
	provider string
	defRange hcl.Range
	rng      hcl.Range
}

// call is a module block.
type call struct {
	name    string
	source  string
	version string
	count   hcl.Expression
	forEach hcl.Expression
	inputs  []*attribute
	// providers maps the called module's provider configurations to the
	// caller's, as providers = { aws = aws.prod } writes them.
	providers map[string]string
	defRange  hcl.Range
	rng       hcl.Range
}

// body is a block body walked without a schema: resource schemas belong to
// providers, which iacscan does not load.
type body struct {
	attrs  []*attribute
	blocks []*nested
	rng    hcl.Range
}

type attribute struct {
	name string
	expr hcl.Expression
	rng  hcl.Range // the whole name = value
}

type nested struct {
	typ      string
	labels   []string
	body     *body
	defRange hcl.Range
	rng      hcl.Range
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "locals"},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
}}

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "default"}, {Name: "type"}, {Name: "sensitive"}, {Name: "description"}, {Name: "nullable"}, {Name: "ephemeral"},
}}

var outputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "value"}, {Name: "sensitive"}, {Name: "description"}, {Name: "depends_on"}, {Name: "ephemeral"},
}}

// IsConfigFile reports whether a file name is Terraform configuration.
func IsConfigFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// parseModule reads every configuration file of a directory, but those in
// texts (by path), read before. Syntax errors are returned as diagnostics;
// whatever parsed is kept.
func parseModule(dir string, files safefile.Root, texts map[string][]byte) (*module, hcl.Diagnostics) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "cannot read module directory", Detail: err.Error(),
			Subject: &hcl.Range{Filename: dir}}}
	}
	m := &module{dir: dir, sources: make(map[string][]byte), allFiles: allFilesOf(dir, entries),
		parsed: make(map[string]*hcl.File), unreadable: make(map[string]error), reader: files}
	parser := hclparse.NewParser()
	reader := files.DirReader(dir)
	var diags hcl.Diagnostics
	for _, e := range entries {
		if e.IsDir() || !IsConfigFile(e.Name()) || isOverride(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		m.files = append(m.files, path)
		src, ok := texts[path]
		var err error
		if !ok {
			src, err = reader.ReadFile(e.Name())
		}
		diags = append(diags, m.parseFile(parser, path, src, err)...)
	}
	return m, diags
}

// isOverride reports Terraform override files, which merge into other
// blocks; iacscan reads the blocks they override and skips them.
func isOverride(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// parseFile parses the file at path, read as src (or err).
func (m *module) parseFile(parser *hclparse.Parser, path string, src []byte, err error) hcl.Diagnostics {
	if err != nil {
		m.unreadable[path] = err
		if safefile.Skipped(err) {
			return nil // a warning (see run.module), not a syntax error
		}
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "cannot read file", Detail: err.Error(), Subject: &hcl.Range{Filename: path}}}
	}
	m.sources[path] = src
	if diags := CheckNesting(src, path, strings.HasSuffix(path, ".json")); diags.HasErrors() {
		return diags
	}
	var (
		f     *hcl.File
		diags hcl.Diagnostics
	)
	if strings.HasSuffix(path, ".json") {
		f, diags = parser.ParseJSON(src, path)
	} else {
		f, diags = parser.ParseHCL(src, path)
		m.ignores = append(m.ignores, findIgnores(src, path, f)...)
	}
	if f == nil || f.Body == nil {
		return diags
	}
	m.parsed[path] = f
	content, _, more := f.Body.PartialContent(fileSchema)
	diags = append(diags, more...)
	for _, b := range content.Blocks {
		diags = append(diags, m.addBlock(b)...)
	}
	return diags
}

func (m *module) addBlock(b *hcl.Block) hcl.Diagnostics {
	rng := blockRange(b)
	switch b.Type {
	case "locals":
		attrs, diags := b.Body.JustAttributes()
		m.locals = append(m.locals, sortedAttributes(attrs)...)
		return diags
	case "variable":
		c, _, diags := b.Body.PartialContent(variableSchema)
		v := &variable{name: b.Labels[0], defRange: b.DefRange}
		if a := c.Attributes["default"]; a != nil {
			v.def, v.hasDefault = a.Expr, true
		}
		var typ hcl.Expression
		if a := c.Attributes["type"]; a != nil {
			typ = a.Expr
		}
		v.ty, v.defaults = typeConstraint(typ)
		m.variables = append(m.variables, v)
		return diags
	case "output":
		c, _, diags := b.Body.PartialContent(outputSchema)
		o := &output{name: b.Labels[0], defRange: b.DefRange, rng: rng}
		if a := c.Attributes["value"]; a != nil {
			o.value = a.Expr
		}
		if a := c.Attributes["sensitive"]; a != nil {
			o.sensitive = a.Expr
		}
		m.outputs = append(m.outputs, o)
		return diags
	case "provider":
		bd, diags := readBody(b.Body)
		m.providers = append(m.providers, &resource{typ: "provider." + b.Labels[0], name: b.Labels[0], body: bd, defRange: b.DefRange, rng: rng})
		return diags
	case "module":
		return m.addCall(b, rng)
	default: // resource, data
		bd, diags := readBody(b.Body)
		r := &resource{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], defRange: b.DefRange, rng: rng}
		r.count, r.forEach, r.body = bd.take("count"), bd.take("for_each"), bd
		r.provider = providerAddress(bd.take("provider"))
		m.resources = append(m.resources, r)
		return diags
	}
}

func (m *module) addCall(b *hcl.Block, rng hcl.Range) hcl.Diagnostics {
	bd, diags := readBody(b.Body)
	c := &call{name: b.Labels[0], defRange: b.DefRange, rng: rng}
	c.count, c.forEach = bd.take("count"), bd.take("for_each")
	c.providers = providerMap(bd.take("providers"))
	bd.take("depends_on")
	if src := bd.take("source"); src != nil {
		v, d := newBudget((*workLimits)(nil).orDefault()).guard(src).Value(nil) // a literal: guarded in case it is not
		if !d.HasErrors() && v.Type().FriendlyName() == "string" && v.IsKnown() && !v.IsNull() {
			c.source = v.AsString()
		}
	}
	if ver := bd.take("version"); ver != nil {
		if v, d := newBudget((*workLimits)(nil).orDefault()).guard(ver).Value(nil); !d.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type().FriendlyName() == "string" {
			c.version = v.AsString()
		}
	}
	c.inputs = bd.attrs
	m.calls = append(m.calls, c)
	return diags
}

// readBody reads a block body without a schema. Native bodies keep their
// nested blocks; JSON bodies have only attributes (nested blocks arrive as
// objects, which the evaluator treats the same way).
func readBody(b hcl.Body) (*body, hcl.Diagnostics) {
	if sb, ok := b.(*hclsyntax.Body); ok {
		return syntaxBody(sb), nil
	}
	attrs, diags := b.JustAttributes()
	return &body{attrs: sortedAttributes(attrs), rng: b.MissingItemRange()}, diags
}

func syntaxBody(sb *hclsyntax.Body) *body {
	out := &body{rng: sb.SrcRange}
	for _, a := range sb.Attributes {
		out.attrs = append(out.attrs, &attribute{name: a.Name, expr: a.Expr, rng: a.SrcRange})
	}
	sortAttributes(out.attrs)
	for _, b := range sb.Blocks {
		out.blocks = append(out.blocks, &nested{
			typ: b.Type, labels: b.Labels, body: syntaxBody(b.Body),
			defRange: b.DefRange(), rng: b.Range(),
		})
	}
	return out
}

func sortedAttributes(attrs hcl.Attributes) []*attribute {
	out := make([]*attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, &attribute{name: a.Name, expr: a.Expr, rng: a.Range})
	}
	sortAttributes(out)
	return out
}

func sortAttributes(attrs []*attribute) {
	slices.SortFunc(attrs, func(a, b *attribute) int {
		return cmp.Or(cmp.Compare(a.rng.Filename, b.rng.Filename), cmp.Compare(a.rng.Start.Byte, b.rng.Start.Byte))
	})
}

// take removes an attribute from the body and returns its expression.
func (b *body) take(name string) hcl.Expression {
	for i, a := range b.attrs {
		if a.name == name {
			b.attrs = slices.Delete(b.attrs, i, i+1)
			return a.expr
		}
	}
	return nil
}

// blockRange is the whole block for native syntax, its header otherwise.
func blockRange(b *hcl.Block) hcl.Range {
	if sb, ok := b.Body.(*hclsyntax.Body); ok {
		return hcl.RangeBetween(b.DefRange, sb.SrcRange)
	}
	return b.DefRange
}

// providerAddress is the provider configuration an expression names
// (aws, aws.prod), or "" when it names none.
func providerAddress(e hcl.Expression) string {
	if e == nil {
		return ""
	}
	t, diags := hcl.AbsTraversalForExpr(e)
	if diags.HasErrors() || len(t) == 0 || len(t) > 2 {
		return ""
	}
	addr := t.RootName()
	if len(t) == 2 {
		a, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			return ""
		}
		addr += "." + a.Name
	}
	return addr
}

// providerMap reads a module call's providers = { aws = aws.prod }.
func providerMap(e hcl.Expression) map[string]string {
	if e == nil {
		return nil
	}
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return nil
	}
	m := make(map[string]string, len(pairs))
	for _, p := range pairs {
		if k, v := providerAddress(p.Key), providerAddress(p.Value); k != "" && v != "" {
			m[k] = v
		}
	}
	return m
}
