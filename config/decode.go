package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iacscan/iacscan/internal/levenshtein"
)

// decode fills v (a pointer to a struct) from a YAML mapping, checking each
// key against the struct's yaml tags. Errors name the file, the line and the
// key, and say what was expected in YAML terms ("a list of strings"), never
// in Go's; they are all collected, one per line.
func decode(path string, node *yaml.Node, v any) error {
	var errs []string
	decodeValue(path, "", node, reflect.ValueOf(v).Elem(), &errs)
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

func decodeValue(path, key string, node *yaml.Node, v reflect.Value, errs *[]string) {
	fail := func(n *yaml.Node, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if key != "" {
			msg = key + ": " + msg
		}
		*errs = append(*errs, fmt.Sprintf("%s:%d: %s", path, n.Line, msg))
	}
	if node.Kind == yaml.AliasNode {
		node = node.Alias
	}
	if node.Kind == yaml.ScalarNode && node.Tag == "!!null" {
		return // an empty key: the default
	}
	if v.Kind() == reflect.Map && v.Type().Elem().Kind() == reflect.Struct {
		decodeStructMap(path, key, node, v, errs)
		return
	}
	if v.Kind() != reflect.Struct {
		if err := node.Decode(v.Addr().Interface()); err != nil {
			fail(node, "want %s, got %s", describe(v.Type()), got(node))
		}
		return
	}
	if node.Kind != yaml.MappingNode {
		fail(node, "want %s, got %s", describe(v.Type()), got(node))
		return
	}
	fields := yamlFields(v.Type())
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := node.Content[i], node.Content[i+1]
		name := k.Value
		full := name
		if key != "" {
			full = key + "." + name
		}
		idx, ok := fields[name]
		if !ok {
			msg := fmt.Sprintf("%s:%d: unknown key %s", path, k.Line, full)
			if near := nearest(name, fields); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", near)
			}
			*errs = append(*errs, msg)
			continue
		}
		decodeValue(path, full, val, v.FieldByIndex(idx), errs)
	}
}

// decodeStructMap decodes a mapping of names to mappings (accounts), each
// as strictly as the top level, and sets a Line field to the line of the
// name where the struct has one.
func decodeStructMap(path, key string, node *yaml.Node, v reflect.Value, errs *[]string) {
	if node.Kind != yaml.MappingNode {
		*errs = append(*errs, fmt.Sprintf("%s:%d: %s: want %s, got %s", path, node.Line, key, describe(v.Type()), got(node)))
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := node.Content[i], node.Content[i+1]
		elem := reflect.New(v.Type().Elem()).Elem()
		decodeValue(path, key+"."+k.Value, val, elem, errs)
		if f := elem.FieldByName("Line"); f.IsValid() && f.Kind() == reflect.Int {
			f.SetInt(int64(k.Line))
		}
		v.SetMapIndex(reflect.ValueOf(k.Value), elem)
	}
}

// yamlFields maps a struct's yaml keys to field index paths; the keys of
// an embedded struct tagged ",inline" are the struct's own.
func yamlFields(t reflect.Type) map[string][]int {
	fields := map[string][]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.Anonymous && tag == "" && opts == "inline" && f.Type.Kind() == reflect.Struct {
			for k, idx := range yamlFields(f.Type) {
				fields[k] = append([]int{i}, idx...)
			}
			continue
		}
		if tag != "" && tag != "-" {
			fields[tag] = []int{i}
		}
	}
	return fields
}

// describe says what a Go type looks like in YAML.
func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(describe(t.Elem()), "a ") + "s"
	case reflect.Map:
		return "a mapping of keys to " + strings.TrimPrefix(describe(t.Elem()), "a ") + "s"
	case reflect.Struct:
		return "a mapping"
	}
	return t.Kind().String()
}

// got says what a YAML node is, in the words of describe.
func got(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

// nearest returns the known key closest to name when it looks like a typo.
func nearest(name string, fields map[string][]int) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	best, bestDist := "", 3
	for _, k := range keys {
		if d := levenshtein.Distance(name, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}
