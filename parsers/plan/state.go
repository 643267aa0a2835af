package plan

import (
	"encoding/json"
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
	_, err := memberValues(r.data, s.start, func(k string, start int) (int, error) {
		i := slices.Index(keys, k)
		if i < 0 {
			end, err := valueEnd(r.data, start)
			if err != nil {
				return 0, err
			}
			return end, validate(r.data, span{start, end})
		}
		end, err := r.skip(start, 3)
		out[i] = span{start, end}
		return end, err
	})
	return out, err
}

// skip returns the end of the value at start, as valueEnd, releasing the
// pages behind it (releaseBehind) after each item of its containers down to
// depth levels: the values of a state tree (prior_state, its root module,
// their child modules) can be most of a plan, and are scanned before they
// are read.
func (r *reader) skip(start, depth int) (int, error) {
	if depth == 0 || start >= len(r.data) || (r.data[start] != '{' && r.data[start] != '[') {
		return valueEnd(r.data, start)
	}
	item := func(j int) (int, error) {
		end, err := r.skip(j, depth-1)
		if err == nil {
			r.releaseBehind(end)
		}
		return end, err
	}
	if r.data[start] == '[' {
		return walk(r.data, start, '[', ']', item)
	}
	return memberValues(r.data, start, func(_ string, j int) (int, error) { return item(j) })
}

// stateModule reads the resources of one module of a state tree and of its
// child modules.
func (r *reader) stateModule(s span, want func(resourceHeader) bool) error {
	// The module is scanned whole first (its address can come after its
	// resources), then read again resource by resource. The root module
	// of a plan can be most of the file: its lists are scanned element by
	// element, releasing the pages behind (releaseBehind).
	var resources, children []span
	var address string
	_, err := memberValues(r.data, s.start, func(k string, start int) (int, error) {
		list := &resources
		switch k {
		case "resources":
		case "child_modules":
			list = &children
		default:
			end, err := valueEnd(r.data, start)
			if err != nil {
				return 0, err
			}
			if k == "address" {
				return end, decode(r.data, span{start, end}, &address)
			}
			return end, validate(r.data, span{start, end})
		}
		return elements(r.data, start, func(v span) error {
			*list = append(*list, v)
			r.releaseBehind(v.end)
			return nil
		})
	})
	if err != nil {
		return err
	}
	r.releaseSpan(s)
	for _, v := range resources {
		if err := r.stateResource(v, address, want); err != nil {
			return err
		}
	}
	for _, v := range children {
		if err := r.stateModule(v, want); err != nil {
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
	var res stateResource
	if err := decode(r.data, s, &res); err != nil {
		return err
	}
	if v := res.AttributeValues; len(v) > 0 && v[0] != '{' && v[0] != 'n' {
		return r.rejected(s, &tfjson.StateResource{}) // not an object
	}
	return r.add(module, res.Address, res.Mode, res.Type, res.Name, res.AttributeValues, nil, res.SensitiveValues, s, &tfjson.StateResource{})
}

// stateResource is tfjson.StateResource with its values kept as JSON text,
// for attrs to convert.
type stateResource struct {
	tfjson.StateResource
	AttributeValues json.RawMessage `json:"values,omitempty"`
}
