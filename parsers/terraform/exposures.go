package terraform

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/tfaws"
)

// emitProvider records where a provider block writes credentials.
func (s *scope) emitProvider(p *resource) {
	meta := model.Meta{ID: p.typ, Type: p.typ, Source: model.SourceTerraform, Loc: location(p.rng), MayApply: s.mayApply}
	if s.addr != "" {
		meta.ID = s.addr + "." + p.typ
	}
	attrs := s.bodyNode(p.body, noIteration, p.typ, &meta)
	tfaws.AddProvider(s.run.inv, meta, s.addr, attrs)
}

// emitOutput records a root module output.
func (s *scope) emitOutput(o *output) {
	if o.value == nil {
		return
	}
	meta := model.Meta{ID: "output." + o.name, Type: "output", Source: model.SourceTerraform, Loc: location(o.rng)}
	tfaws.AddOutput(s.run.inv, meta, s.addr, o.name, s.node(o.value, noIteration, false))
}
