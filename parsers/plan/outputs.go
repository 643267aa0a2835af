package plan

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/tfaws"
	"github.com/iacscan/iacscan/syntax"
)

// plannedOutput is one root module output as the plan has it after the
// change: its value, where it is unknown and where it is sensitive (the
// parallel trees of a resource's values). Sensitive values are in the plan
// in clear; they never leave this file.
type plannedOutput struct {
	after, unknown, sensitive any
}

// readOutputs maps the root module's outputs, as parsers/terraform does:
// each one an exposure of its value, made of the attributes its expression
// refers to. The references come from the plan's configuration (through
// module outputs down to resources), so a secret output is found whether
// or not the .tf files are at hand; applyHCL adds what only they show.
func (r *reader) readOutputs(isPlan bool) error {
	outputs, err := r.outputValues(isPlan)
	if err != nil {
		return err
	}
	var config map[string]*tfjson.ConfigOutput
	if root := r.cfg.modules[""]; root != nil {
		config = root.Outputs
	}
	for _, name := range slices.Sorted(maps.Keys(outputs)) {
		out := outputs[name]
		id := "output." + name
		meta := model.Meta{ID: id, Type: "output", Source: model.SourcePlan}
		if b := r.src.block(nil, id); b != nil {
			meta.Loc = b.Range
		} else {
			meta.Loc = r.pos.at(r.outputSpans[name].start)
		}
		a := attrs{addr: id, at: meta.Loc}
		n := a.anyValue(out.after, out.unknown, out.sensitive, meta.Loc)
		var refs []string
		if c := config[name]; c != nil && c.Expression != nil && c.Expression.ExpressionData != nil {
			refs = r.outputRefs(nil, "", c.Expression.References)
		}
		if n.Kind == syntax.KindUnknown && len(refs) == 1 {
			n.Expr = refs[0]
		}
		e := tfaws.AddOutput(r.inv, meta, "", name, n)
		e.Refs = appendRefs(e.Refs, tfaws.AttrRefs(unknowns(refs), "")...)
	}
	return nil
}

// outputValues returns the root module outputs the plan keeps, by name:
// from output_changes (not those being removed), or the outputs of
// planned_values in plans that lack it, or of a state's values.
func (r *reader) outputValues(isPlan bool) (map[string]plannedOutput, error) {
	r.outputSpans = make(map[string]span)
	out := make(map[string]plannedOutput)
	if s, ok := r.sections["output_changes"]; ok && isPlan && !r.opts.Prior {
		// Validated whole first: an error inside one value is better
		// placed by the whole section (values are cut at their first
		// delimiter).
		if err := validate(r.data, s); err != nil {
			return nil, err
		}
		_, err := members(r.data, s.start, func(name string, v span) error {
			var c struct {
				Actions        tfjson.Actions `json:"actions"`
				After          any            `json:"after"`
				AfterUnknown   any            `json:"after_unknown"`
				AfterSensitive any            `json:"after_sensitive"`
			}
			if err := decode(r.data, v, &c); err != nil {
				return err
			}
			r.outputSpans[name] = v
			if c.Actions.Delete() || r.opts.ChangedOnly && !(c.Actions.Create() || c.Actions.Update()) {
				return nil
			}
			out[name] = plannedOutput{after: c.After, unknown: c.AfterUnknown, sensitive: c.AfterSensitive}
			return nil
		})
		return out, err
	}
	section := "values"
	switch {
	case isPlan && r.opts.Prior:
		section = "prior_state"
	case isPlan:
		section = "planned_values"
	}
	s := r.stateOutputs[section]
	if s.end == 0 || r.data[s.start] == 'n' {
		return out, nil
	}
	_, err := members(r.data, s.start, func(name string, v span) error {
		var o struct {
			Sensitive bool            `json:"sensitive"`
			Value     json.RawMessage `json:"value"`
		}
		if err := decode(r.data, v, &o); err != nil {
			return err
		}
		r.outputSpans[name] = v
		// A planned value that is not known yet is left out.
		p := plannedOutput{unknown: o.Value == nil, sensitive: o.Sensitive}
		if o.Value != nil && !o.Sensitive {
			if err := json.Unmarshal(o.Value, &p.after); err != nil {
				return decodeError(v, err)
			}
		}
		out[name] = p
		return nil
	})
	return out, err
}

// outputRefs resolves the references of an output's expression, in the
// module instance at prefix (calls are its module call names), to
// attributes of resources with their full addresses. A module output
// (module.app.secret) is followed to the references of its own expression,
// for each instance of the call the reference may mean.
func (r *reader) outputRefs(calls []string, prefix string, refs []string) []string {
	var out []string
	for _, ref := range longest(refs) {
		if tfaws.ResourceAddress(ref) != "" {
			out = append(out, join(prefix, ref))
			continue
		}
		name, key, output, ok := moduleRef(ref)
		if !ok {
			continue // var., local., each.: values, not resources
		}
		var call *tfjson.ModuleCall
		if m := r.cfg.modules[callKey(calls)]; m != nil {
			call = m.ModuleCalls[name]
		}
		if call == nil || call.Module == nil {
			continue
		}
		sub := append(calls[:len(calls):len(calls)], name)
		for _, inst := range r.instances(join(prefix, "module."+name), key, call) {
			for oname, o := range call.Module.Outputs {
				if (output == "" || oname == output) && o != nil && o.Expression != nil && o.Expression.ExpressionData != nil {
					out = append(out, r.outputRefs(sub, inst, o.Expression.References)...)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// instances returns the addresses of the instances of a module call a
// reference means: the one it names by key, or all the plan has of a
// call with count or for_each.
func (r *reader) instances(addr, key string, call *tfjson.ModuleCall) []string {
	if key != "" || call.CountExpression == nil && call.ForEachExpression == nil {
		return []string{addr + key}
	}
	var out []string
	for inst := range r.modules {
		if k, ok := strings.CutPrefix(inst, addr); ok && strings.HasPrefix(k, "[") {
			if n, err := keyLen(k); err == nil && n == len(k) {
				out = append(out, inst)
			}
		}
	}
	slices.Sort(out)
	return out
}

// moduleRef splits a reference to a module call: module.app["k"].secret is
// app, ["k"], secret. The key and output may be empty.
func moduleRef(ref string) (name, key, output string, ok bool) {
	rest, ok := strings.CutPrefix(ref, "module.")
	if !ok {
		return "", "", "", false
	}
	end := strings.IndexAny(rest, ".[")
	if end < 0 {
		end = len(rest)
	}
	name, rest = rest[:end], rest[end:]
	if strings.HasPrefix(rest, "[") {
		n, err := keyLen(rest)
		if err != nil {
			return "", "", "", false
		}
		key, rest = rest[:n], rest[n:]
	}
	if rest, ok = strings.CutPrefix(rest, "."); ok {
		output, _, _ = strings.Cut(rest, ".")
		output, _, _ = strings.Cut(output, "[")
	}
	return name, key, output, name != ""
}

// longest drops the references that only lead to another in the list:
// Terraform lists aws_iam_access_key.k.secret with aws_iam_access_key.k.
func longest(refs []string) []string {
	var out []string
	for _, ref := range refs {
		leads := false
		for _, other := range refs {
			if rest, ok := strings.CutPrefix(other, ref); ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "[")) {
				leads = true
				break
			}
		}
		if !leads {
			out = append(out, ref)
		}
	}
	return out
}

func join(prefix, ref string) string {
	if prefix == "" {
		return ref
	}
	return prefix + "." + ref
}

// unknowns is a list of values not known before deploy, one per
// expression, for tfaws.AttrRefs to read as references.
func unknowns(exprs []string) *syntax.Node {
	n := &syntax.Node{Kind: syntax.KindList}
	for _, e := range exprs {
		n.Items = append(n.Items, syntax.UnknownNode(e, model.Location{}))
	}
	return n
}

// appendRefs adds the references that are not in refs yet.
func appendRefs(refs []model.AttrRef, more ...model.AttrRef) []model.AttrRef {
	for _, m := range more {
		if !slices.ContainsFunc(refs, func(x model.AttrRef) bool { return x.Ref.ID == m.Ref.ID && x.Attr == m.Attr }) {
			refs = append(refs, m)
		}
	}
	return refs
}
