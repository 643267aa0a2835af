package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// validate reports what Terraform itself rejects in a module, so that a
// configuration that cannot be deployed is an input error at its line and
// not a silently partial scan: a block declared twice, a reference to a
// variable, local, module, data source or AWS resource the module does not
// declare, and arguments of aws_iam_policy_document that do not exist or
// are missing. The rest of the module is still scanned.
func (m *module) validate() hcl.Diagnostics {
	var diags hcl.Diagnostics
	declared := make(map[string]hcl.Range)
	declare := func(kind, key string, rng hcl.Range) {
		if first, ok := declared[key]; ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("Duplicate %s", kind),
				Detail:   fmt.Sprintf("%s was already declared at %s:%d; Terraform rejects the configuration", key, first.Filename, first.Start.Line),
				Subject:  rng.Ptr(),
			})
			return
		}
		declared[key] = rng
	}
	for _, v := range m.variables {
		declare("variable", "var."+v.name, v.defRange)
	}
	for _, l := range m.locals {
		declare("local value", "local."+l.name, l.rng)
	}
	for _, c := range m.calls {
		declare("module call", "module."+c.name, c.defRange)
	}
	for _, o := range m.outputs {
		declare("output", "output."+o.name, o.defRange)
	}
	for _, r := range m.resources {
		if r.data {
			declare("data source", "data."+r.typ+"."+r.name, r.defRange)
		} else {
			declare("resource", r.typ+"."+r.name, r.defRange)
		}
	}
	reported := make(map[string]bool)
	check := func(expr hcl.Expression) {
		if expr == nil {
			return
		}
		for _, tr := range expr.Variables() {
			key, what := referenced(tr)
			if key == "" || reported[key] {
				continue
			}
			if _, ok := declared[key]; ok {
				continue
			}
			reported[key] = true
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Reference to undeclared " + what,
				Detail:   fmt.Sprintf("%s is not declared in this module; Terraform rejects the configuration", key),
				Subject:  tr.SourceRange().Ptr(),
			})
		}
	}
	for _, l := range m.locals {
		check(l.expr)
	}
	for _, o := range m.outputs {
		check(o.value)
	}
	for _, c := range m.calls {
		check(c.count)
		check(c.forEach)
		for _, in := range c.inputs {
			check(in.expr)
		}
	}
	for _, r := range m.resources {
		check(r.count)
		check(r.forEach)
		r.body.walk(check)
		if r.data && r.typ == "aws_iam_policy_document" {
			diags = append(diags, checkSchema(r.body, policyDocumentSchema)...)
		}
	}
	return diags
}

// referenced returns the declaration a reference needs ("var.x",
// "aws_iam_role.r", "data.aws_iam_policy.p") and what it is, or "" for
// references iacscan does not check (count, each, path, iterators, other
// providers' resources).
func referenced(tr hcl.Traversal) (key, what string) {
	root := tr.RootName()
	attr := func(i int) string {
		if i < len(tr) {
			if a, ok := tr[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	switch {
	case root == "var" && attr(1) != "":
		return "var." + attr(1), "input variable"
	case root == "local" && attr(1) != "":
		return "local." + attr(1), "local value"
	case root == "module" && attr(1) != "":
		return "module." + attr(1), "module"
	case root == "data" && attr(1) != "" && attr(2) != "":
		return "data." + attr(1) + "." + attr(2), "data source"
	case strings.HasPrefix(root, "aws_") && attr(1) != "":
		return root + "." + attr(1), "resource"
	}
	return "", ""
}

// walk calls f on every expression of the body, nested blocks included.
func (b *body) walk(f func(hcl.Expression)) {
	if b == nil {
		return
	}
	for _, a := range b.attrs {
		f(a.expr)
	}
	for _, n := range b.blocks {
		n.body.walk(f)
	}
}

// blockSchema is the arguments and nested blocks a block accepts.
type blockSchema struct {
	attrs    map[string]bool // name → required
	blocks   map[string]*blockSchema
	resource bool // a resource or data block: meta-arguments are allowed
}

var policyDocumentSchema = &blockSchema{
	resource: true,
	attrs: map[string]bool{
		"version": false, "policy_id": false, "source_policy_documents": false, "override_policy_documents": false,
		"source_json": false, "override_json": false,
	},
	blocks: map[string]*blockSchema{
		"statement": {
			attrs: map[string]bool{"sid": false, "effect": false, "actions": false, "not_actions": false, "resources": false, "not_resources": false},
			blocks: map[string]*blockSchema{
				"principals":     {attrs: map[string]bool{"type": true, "identifiers": true}},
				"not_principals": {attrs: map[string]bool{"type": true, "identifiers": true}},
				"condition":      {attrs: map[string]bool{"test": true, "variable": true, "values": true}},
			},
		},
	},
}

var metaArguments = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}

// checkSchema reports arguments a block does not accept and required ones
// it lacks. Blocks written with dynamic are checked through their content.
// JSON bodies (no nested blocks here) are not checked.
func checkSchema(b *body, s *blockSchema) hcl.Diagnostics {
	if b == nil || len(b.blocks) == 0 && len(b.attrs) == 0 {
		return nil
	}
	var diags hcl.Diagnostics
	has := make(map[string]bool)
	for _, a := range b.attrs {
		has[a.name] = true
		if _, ok := s.attrs[a.name]; !ok && !(s.resource && metaArguments[a.name]) {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unsupported argument",
				Detail:   fmt.Sprintf("an argument named %q is not expected here; Terraform rejects the configuration", a.name),
				Subject:  a.rng.Ptr(),
			})
		}
	}
	for _, n := range b.blocks {
		typ, content := n.typ, n.body
		if typ == "dynamic" && len(n.labels) == 1 {
			typ, content = n.labels[0], dynamicContent(n.body)
			if content == nil {
				continue
			}
		}
		if s.resource && (typ == "lifecycle" || typ == "timeouts") {
			continue
		}
		inner, ok := s.blocks[typ]
		if !ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unsupported block type",
				Detail:   fmt.Sprintf("blocks of type %q are not expected here; Terraform rejects the configuration", typ),
				Subject:  n.defRange.Ptr(),
			})
			continue
		}
		diags = append(diags, checkSchema(content, inner)...)
		if n.typ == "dynamic" {
			continue // required arguments may come from the iterator's value
		}
		for name, required := range inner.attrs {
			if required && !content.hasAttr(name) {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Missing required argument",
					Detail:   fmt.Sprintf("the argument %q is required in a %s block; Terraform rejects the configuration", name, typ),
					Subject:  n.defRange.Ptr(),
				})
			}
		}
	}
	_ = has
	return diags
}

func (b *body) hasAttr(name string) bool {
	for _, a := range b.attrs {
		if a.name == name {
			return true
		}
	}
	return false
}

// dynamicContent is the content block of a dynamic block.
func dynamicContent(b *body) *body {
	for _, n := range b.blocks {
		if n.typ == "content" {
			return n.body
		}
	}
	return nil
}
