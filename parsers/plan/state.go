package plan

import (
	"errors"
	"slices"

	tfjson "github.com/hashicorp/terraform-json"
)

// resourceHeader is what is read of a resource (in resource_changes or a
// state tree) before deciding whether to decode the rest: most resources of
// a plan are of types that hold nothing IAM, and are never decoded.
type resourceHeader struct {
	Address, Type string
	Mode          tfjson.ResourceMode
}

func readHeader(data []byte, s span) (resourceHeader, error) {
	var h resourceHeader
	_, err := members(data, s.start, func(key string, v span) error {
		if h.Address != "" && h.Type != "" && h.Mode != "" {
			return errHeaderRead // Terraform writes them first
		}
		var err error
		switch key {
		case "address":
			h.Address, err = str(data, v)
		case "type":
			h.Type, err = str(data, v)
		case "mode":
			var mode string
			mode, err = str(data, v)
			h.Mode = tfjson.ResourceMode(mode)
		}
		if err != nil {
			return errAt(v.start, "%q is not a string", key)
		}
		return nil
	})
	if err == errHeaderRead {
		err = nil
	}
	return h, err
}

var errHeaderRead = errors.New("header read")

// stateSection reads the resources of a state tree: planned_values, the
// values of a state, or prior_state (a state around its values) that want
// accepts. The tree's outputs are kept for readOutputs.
func (r *reader) stateSection(name string, want func(resourceHeader) bool) error {
	s, ok := r.sections[name]
	if !ok || r.data[s.start] == 'n' { // absent or null
		return nil
	}
	if name == "prior_state" {
		values, err := r.fields(s, "values")
		if err != nil || values[0] == (span{}) {
			return err
		}
		s = values[0]
	}
	parts, err := r.fields(s, "root_module", "outputs")
	if err != nil {
		return err
	}
	r.stateOutputs[name] = parts[1]
	defer r.endPass()
	if parts[0] == (span{}) {
		return nil
	}
	return r.stateModule(parts[0], want)
}

// fields returns the values of keys in the object at s (the zero span for
// a key that is absent) and validates the other members.
func (r *reader) fields(s span, keys ...string) ([]span, error) {
	out := make([]span, len(keys))
	if r.data[s.start] == 'n' {
		return out, nil
	}
	_, err := members(r.data, s.start, func(k string, v span) error {
		if i := slices.Index(keys, k); i >= 0 {
			out[i] = v
			return nil
		}
		return validate(r.data, v)
	})
	return out, err
}

// stateModule reads the resources of one module of a state tree and of its
// child modules.
func (r *reader) stateModule(s span, want func(resourceHeader) bool) error {
	var resources, children []span
	var address string
	_, err := members(r.data, s.start, func(k string, v span) error {
		switch k {
		case "resources":
			resources = append(resources, v)
		case "child_modules":
			children = append(children, v)
		case "address":
			return decode(r.data, v, &address)
		default:
			return validate(r.data, v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.releaseSpan(s) // scanned whole; read again resource by resource
	for _, list := range resources {
		if _, err := elements(r.data, list.start, func(v span) error {
			return r.stateResource(v, address, want)
		}); err != nil {
			return err
		}
	}
	for _, list := range children {
		if _, err := elements(r.data, list.start, func(v span) error {
			return r.stateModule(v, want)
		}); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) stateResource(s span, module string, want func(resourceHeader) bool) error {
	defer r.releaseBehind(s.end)
	h, err := readHeader(r.data, s)
	if err != nil {
		return err
	}
	if !want(h) || !r.wants(h) {
		return nil
	}
	var res tfjson.StateResource
	if err := decode(r.data, s, &res); err != nil {
		return err
	}
	r.add(module, res.Address, res.Mode, res.Type, res.Name, res.AttributeValues, nil, res.SensitiveValues, s.start)
	return nil
}
