package plan

import (
	"errors"

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
// accepts.
func (r *reader) stateSection(name string, want func(resourceHeader) bool) error {
	s, ok := r.sections[name]
	if !ok || r.data[s.start] == 'n' { // absent or null
		return nil
	}
	if name == "prior_state" {
		values, found, err := r.member(s, "values")
		if err != nil || !found {
			return err
		}
		s = values
	}
	root, found, err := r.member(s, "root_module")
	if err != nil || !found {
		return err
	}
	return r.stateModule(root, want)
}

// member returns the value of key in the object at s and validates the
// others.
func (r *reader) member(s span, key string) (value span, found bool, err error) {
	if r.data[s.start] == 'n' {
		return span{}, false, nil
	}
	_, err = members(r.data, s.start, func(k string, v span) error {
		if k == key {
			value, found = v, true
			return nil
		}
		return validate(r.data, v)
	})
	return value, found, err
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
