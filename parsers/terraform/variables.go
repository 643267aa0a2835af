package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/iacscan/iacscan/internal/safefile"
)

// rootVariables assigns the variables of a root module as Terraform does,
// later sources winning: defaults, TF_VAR_ environment entries,
// terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in name
// order, then Options.VarFiles and Options.Vars.
func (r *run) rootVariables(m *module) cty.Value {
	given := make(map[string]cty.Value)
	types := variableTypes(m)
	for _, e := range r.opts.Env {
		name, val, ok := strings.Cut(e, "=")
		if name, found := strings.CutPrefix(name, "TF_VAR_"); ok && found {
			given[name] = r.rawValue(val, types[name])
		}
	}
	for _, f := range autoVarFiles(m.dir) {
		r.readVarFile(r.files, f, given)
	}
	for _, f := range r.opts.VarFiles {
		// Named on the command line: anywhere, within the size limit.
		r.readVarFile(safefile.Limit(r.opts.MaxFileSize), f, given)
	}
	for name, val := range r.opts.Vars {
		given[name] = r.rawValue(val, types[name])
	}
	vals := make(map[string]cty.Value, len(m.variables))
	for _, v := range m.variables {
		val, ok := given[v.name]
		if !ok {
			val = r.defaultValue(v)
		}
		vals[v.name] = typed(v, val)
	}
	return cty.ObjectVal(vals)
}

func variableTypes(m *module) map[string]cty.Type {
	out := make(map[string]cty.Type, len(m.variables))
	for _, v := range m.variables {
		out[v.name] = v.ty
	}
	return out
}

// typeConstraint reads a variable's type argument (nil: none).
func typeConstraint(typ hcl.Expression) (cty.Type, *typeexpr.Defaults) {
	if typ == nil {
		return cty.DynamicPseudoType, nil
	}
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(typ)
	if diags.HasErrors() {
		return cty.DynamicPseudoType, nil
	}
	return ty, defaults
}

// rawValue reads a -var or TF_VAR_ value: a string for string variables, an
// HCL expression otherwise.
func (r *run) rawValue(s string, ty cty.Type) cty.Value {
	if ty == cty.String || ty == cty.NilType || ty == cty.DynamicPseudoType && !looksStructured(s) {
		return cty.StringVal(s)
	}
	if CheckNesting([]byte(s), "<value>", false).HasErrors() {
		return cty.StringVal(s) // hcl cannot parse it safely
	}
	expr, diags := hclsyntax.ParseExpression([]byte(s), "<value>", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.StringVal(s)
	}
	v, diags := r.bounded(expr, nil)
	if diags.HasErrors() {
		return cty.StringVal(s)
	}
	return v
}

func looksStructured(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "[") || strings.HasPrefix(s, "{")
}

func autoVarFiles(dir string) []string {
	var out []string
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			out = append(out, filepath.Join(dir, name))
		}
	}
	entries, _ := os.ReadDir(dir)
	var auto []string
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".auto.tfvars") || strings.HasSuffix(e.Name(), ".auto.tfvars.json")) {
			auto = append(auto, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(auto)
	return append(out, auto...)
}

// readVarFile reads the literal values of a variables file into given.
func (r *run) readVarFile(files safefile.Root, path string, given map[string]cty.Value) {
	src, err := readFile(files, path)
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	if diags := CheckNesting(src, path, strings.HasSuffix(path, ".json")); diags.HasErrors() {
		r.diagnostics(diags)
		return
	}
	p := hclparse.NewParser()
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = p.ParseJSON(src, path)
	} else {
		f, diags = p.ParseHCL(src, path)
	}
	r.diagnostics(diags)
	if f == nil {
		return
	}
	attrs, diags := f.Body.JustAttributes()
	r.diagnostics(diags)
	for name, a := range attrs {
		v, d := r.bounded(a.Expr, nil)
		if d.HasErrors() {
			r.diagnostics(d)
			continue
		}
		given[name] = v
	}
}

// defaultValue is a variable's default, or an unknown standing for the
// value that is given at plan time.
func (r *run) defaultValue(v *variable) cty.Value {
	if v.hasDefault {
		if d, diags := r.bounded(v.def, nil); !diags.HasErrors() {
			return d
		}
	}
	return unknownVariable(v)
}

func unknownVariable(v *variable) cty.Value {
	if v.ty == cty.String || v.ty == cty.DynamicPseudoType {
		return placeholder("var." + v.name)
	}
	return cty.UnknownVal(v.ty)
}

// typed converts a value to the variable's type constraint, applying
// optional-attribute defaults. A value that does not convert is unknown.
func typed(v *variable, val cty.Value) cty.Value {
	ty, defaults := v.ty, v.defaults
	if val.IsNull() && v.hasDefault {
		return val
	}
	if defaults != nil {
		val = defaults.Apply(val)
	}
	out, err := convert.Convert(val, ty)
	if err != nil {
		return unknownVariable(v)
	}
	return out
}
