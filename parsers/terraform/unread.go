package terraform

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/tfaws"
)

// emitArguments records the arguments of a module call whose code cannot be
// read (not installed, out of reach): tfaws keeps what their meaning makes
// clear (policy documents, user data, written credentials).
func (s *scope) emitArguments(c *call) {
	for _, it := range s.expand(c.count, c.forEach) {
		addr := "module." + c.name + it.suffix
		if s.addr != "" {
			addr = s.addr + "." + addr
		}
		for _, in := range c.inputs {
			meta := model.Meta{
				ID:       addr + "." + in.name,
				Type:     "module argument",
				Source:   model.SourceTerraform,
				Loc:      location(in.rng),
				MayApply: it.symbolic || s.mayApply,
				Call:     s.callSite,
			}
			n := s.node(in.expr, it, tfaws.IsPolicyArgument(in.name))
			tfaws.AddModuleArgument(s.run.inv, meta, in.name, n)
		}
	}
}
