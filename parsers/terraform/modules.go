package terraform

import (
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/iacscan/iacscan/model"
)

// maxDepth bounds module nesting and maxScopes the module instances of one
// root: configuration that exceeds them is not real Terraform (a module
// that calls itself), and must not hang the scan.
const (
	maxDepth  = 16
	maxScopes = 5000
)

// call returns the value of module.NAME: the outputs of the one instance, a
// tuple of them (count), an object of them by key (for_each), or unknown
// (an unknown count or for_each). The first use evaluates the call.
func (s *scope) call(name string) cty.Value {
	l := s.calls[name]
	if l == nil {
		return cty.DynamicVal
	}
	return l.get(s, "module."+name, func() cty.Value { return s.instantiate(name) })
}

func (s *scope) instantiate(name string) cty.Value {
	var c *call
	for _, x := range s.mod.calls {
		if x.name == name {
			c = x
		}
	}
	key := name
	if s.key != "" {
		key = s.key + "." + name
	}
	dir, ok := s.sourceDir(c, key)
	if !ok {
		s.emitArguments(c)
		return cty.DynamicVal
	}
	if s.depth >= maxDepth || s.inChain(cleanDir(dir)) {
		s.run.warnOnce(c.defRange, "module %q calls a module that is already being evaluated (a cycle); it is not scanned again", c.name)
		return cty.DynamicVal
	}
	child := s.run.module(dir)
	if child == nil {
		return cty.DynamicVal
	}
	its := s.expand(c.count, c.forEach)
	outputs := make([]cty.Value, 0, len(its))
	byKey := make(map[string]cty.Value, len(its))
	for _, it := range its {
		rel := "module." + name + it.suffix
		addr := rel
		if s.addr != "" {
			addr = s.addr + "." + rel
		}
		if s.run.scopes >= maxScopes {
			s.run.warnOnce(c.defRange, "module %q: more than %d module instances; the rest are not scanned", c.name, maxScopes)
			break
		}
		s.run.scopes++
		cs := s.run.newScope(child, addr, key, s.depth+1)
		cs.parent = s
		cs.callSite = &model.ModuleCall{Address: addr, Loc: location(c.defRange), Root: s.run.rootDir, Caller: s.callSite}
		cs.mayApply = s.mayApply || it.symbolic
		cs.providers = s.passedProviders(c)
		cs.vars = s.inputs(c, child, it)
		s.children = append(s.children, cs)
		out := cs.outputs(rel)
		outputs = append(outputs, out)
		if k, ok := strings.CutPrefix(it.suffix, `["`); ok {
			byKey[strings.TrimSuffix(k, `"]`)] = out
		}
	}
	switch {
	case len(its) == 1 && its[0].symbolic && c.forEach != nil:
		return cty.DynamicVal
	case c.count != nil:
		return cty.TupleVal(outputs)
	case c.forEach != nil:
		return cty.ObjectVal(byKey)
	case len(outputs) == 1:
		return outputs[0]
	}
	return cty.DynamicVal
}

// inChain reports whether the module in dir is s or one of the modules that
// called it.
func (s *scope) inChain(dir string) bool {
	for x := s; x != nil; x = x.parent {
		if cleanDir(x.mod.dir) == dir {
			return true
		}
	}
	return false
}

// sourceDir finds the directory of a module call: a local path, or what
// terraform init recorded in .terraform/modules/modules.json.
func (s *scope) sourceDir(c *call, key string) (string, bool) {
	if isLocalSource(c.source) {
		dir := filepath.Join(s.mod.dir, c.source)
		if s.run.sandbox.resolveDir(dir) != nil {
			s.run.warnOnce(c.defRange, "module %q: source %q is outside the scan root %s or missing; its resources are not scanned (scan from the repository or set --root)", c.name, c.source, s.run.sandbox.root)
			return "", false
		}
		return dir, true
	}
	if dir, ok := s.run.installed(key); ok {
		return dir, true
	}
	s.run.warnOnce(c.defRange, "module %q: source %q is not installed (run terraform init to scan it); its resources are not scanned", c.name, c.source)
	return "", false
}

// installed looks a module up in the root module's modules.json.
func (r *run) installed(key string) (string, bool) {
	data, err := r.files.ReadFile(filepath.Join(r.rootDir, ".terraform", "modules", "modules.json"))
	if err != nil {
		return "", false
	}
	var manifest struct {
		Modules []struct{ Key, Source, Dir string }
	}
	if json.Unmarshal(data, &manifest) != nil {
		return "", false
	}
	for _, m := range manifest.Modules {
		if m.Key != key || m.Dir == "" {
			continue
		}
		dir := filepath.Join(r.rootDir, filepath.FromSlash(m.Dir))
		if filepath.IsAbs(m.Dir) {
			dir = m.Dir
		}
		if _, err := r.sandbox.resolve(".", dir); err != nil {
			return "", false
		}
		return dir, true
	}
	return "", false
}

// inputs evaluates the arguments of a module call (in the calling module)
// into the child's variables.
func (s *scope) inputs(c *call, child *module, it *iteration) cty.Value {
	vals := make(map[string]cty.Value, len(child.variables))
	for _, v := range child.variables {
		val := s.run.defaultValue(v)
		for _, in := range c.inputs {
			if in.name == v.name {
				val = s.eval(in.expr, it)
			}
		}
		vals[v.name] = typed(v, val)
	}
	return cty.ObjectVal(vals)
}

// outputs evaluates the outputs of a module instance for its caller.
// Placeholders of the child's resources are renamed with the call's address
// (module.app.aws_iam_role.r.arn), so that references stay resolvable from
// the caller.
func (s *scope) outputs(rel string) cty.Value {
	vals := make(map[string]cty.Value, len(s.mod.outputs))
	for _, o := range s.mod.outputs {
		o := o
		vals[o.name] = prefixPlaceholders(s.eval(o.value, noIteration), rel)
	}
	return cty.ObjectVal(vals)
}

func prefixPlaceholders(v cty.Value, rel string) cty.Value {
	if !v.ContainsMarked() {
		return v
	}
	plain, marked := v.UnmarkDeepWithPaths()
	out, err := cty.Transform(plain, func(path cty.Path, x cty.Value) (cty.Value, error) {
		if !x.IsKnown() || x.IsNull() || x.Type() != cty.String {
			return x, nil
		}
		for _, pm := range marked {
			if pm.Path.Equals(path) {
				return cty.StringVal(prefixRefs(x.AsString(), rel)), nil
			}
		}
		return x, nil
	})
	if err != nil {
		return v
	}
	return out.MarkWithPaths(marked)
}

// prefixRefs puts rel before every placeholder that refers to a resource,
// data source or module output.
func prefixRefs(s, rel string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			b.WriteString(s)
			return b.String()
		}
		inner := s[i+2 : i+end]
		b.WriteString(s[:i+2])
		root, _, _ := strings.Cut(inner, ".")
		if root == "data" || root == "module" || isResourceRoot(root) && !isPolicyVariable(inner) {
			b.WriteString(rel + ".")
		}
		b.WriteString(inner + "}")
		s = s[i+end+1:]
	}
}

// passedProviders maps the provider configurations a call passes to the
// root module's they stand for.
func (s *scope) passedProviders(c *call) map[string]string {
	if len(c.providers) == 0 {
		return nil
	}
	m := make(map[string]string, len(c.providers))
	for child, parent := range c.providers {
		m[child] = s.rootProvider(parent)
	}
	return m
}

// rootProvider is the root module's provider configuration that a
// configuration of this module (aws, aws.prod) stands for: the one its
// call passes, else, for a default configuration, the caller's default
// one, which modules inherit. An alias the call does not pass is named
// as this module writes it.
func (s *scope) rootProvider(local string) string {
	if s.parent == nil {
		return local
	}
	if root, ok := s.providers[local]; ok {
		return root
	}
	if !strings.Contains(local, ".") {
		return s.parent.rootProvider(local)
	}
	return s.addr + ": " + local
}
