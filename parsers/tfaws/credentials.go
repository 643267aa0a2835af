package tfaws

import (
	"fmt"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// addProvisioners records what a resource's provisioners run or write:
// remote-exec commands and file provisioner content and destination on the
// instance, local-exec commands and environment on the deployer's machine.
// Any resource type may have provisioners (null_resource, terraform_data).
func addProvisioners(inv *model.Inventory, in Instance) {
	x := &instance{Instance: in, inv: inv}
	for i, p := range x.blocks("provisioner") {
		typ := p.Get("type")
		if typ == nil {
			continue
		}
		prefix := fmt.Sprintf("provisioner[%d].", i)
		add := func(path, name string, n *syntax.Node) {
			if n == nil || n.Kind == syntax.KindNull {
				return
			}
			m := x.meta(prefix + path)
			m.Loc = n.Loc
			if m.Loc.IsZero() {
				m.Loc = p.Loc
			}
			inv.Exposures = append(inv.Exposures, &model.Exposure{
				Meta: m, Kind: model.ExposureProvisioner, Name: name, Value: value(n), Refs: AttrRefs(n, in.Module),
			})
		}
		add("command", typ.Value, p.Get("command"))
		if inline := p.Get("inline"); inline != nil && inline.Kind == syntax.KindList {
			for j, cmd := range inline.Items {
				add(indexed("inline", j), typ.Value, cmd)
			}
		} else {
			add("inline", typ.Value, inline)
		}
		if dest := p.Get("destination"); dest != nil {
			// A file provisioner is named by where it writes; its value is
			// what it writes (content, or the source path), at the
			// destination.
			name := typ.Value
			if dest.Kind == syntax.KindString && !dest.Unknown {
				name = dest.Value
			}
			body := p.Get("content")
			if body == nil {
				body = p.Get("source")
			}
			if body == nil {
				body = syntax.StringNode("", dest.Loc)
			}
			at := *body
			at.Loc = dest.Loc
			add("destination", name, &at)
		}
		if env := p.Get("environment"); env != nil && env.Kind == syntax.KindMap {
			for _, e := range env.Entries {
				add("environment."+e.Key, e.Key, e.Value)
			}
		}
	}
}

// addContainerEnvironment records the environment variables and secrets of
// an ECS task definition's containers (container_definitions, JSON text or
// a jsonencode structure).
func addContainerEnvironment(in *instance) {
	n := in.attr("container_definitions")
	if n == nil {
		return
	}
	if n.Kind == syntax.KindString && !n.Unknown {
		parsed, err := syntax.ParseJSON(n.Loc.File, []byte(n.Value))
		if err != nil {
			return
		}
		placeAll(parsed, n.Loc) // positions inside a string mean nothing to the editor
		n = parsed
	}
	if n.Kind != syntax.KindList {
		return
	}
	for i, def := range n.Items {
		for _, list := range []string{"environment", "secrets"} {
			vars := def.Get(list)
			if vars == nil || vars.Kind != syntax.KindList {
				continue
			}
			for j, v := range vars.Items {
				name, val := v.Get("name"), v.Get("value")
				if val == nil {
					val = v.Get("valueFrom")
				}
				if name == nil || name.Kind != syntax.KindString || val == nil {
					continue
				}
				m := in.meta(fmt.Sprintf("container_definitions[%d].%s[%d]", i, list, j))
				m.Loc = v.Loc
				in.inv.Exposures = append(in.inv.Exposures, &model.Exposure{
					Meta: m, Kind: model.ExposureEnvironment, Name: name.Value, Value: value(val), Refs: AttrRefs(val, in.Module),
				})
			}
		}
	}
}

// placeAll gives every node of a tree the location loc.
func placeAll(n *syntax.Node, loc model.Location) {
	n.Loc = loc
	for _, it := range n.Items {
		placeAll(it, loc)
	}
	for _, e := range n.Entries {
		e.KeyLoc = loc
		placeAll(e.Value, loc)
	}
}
