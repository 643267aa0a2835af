package export

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// schemaNode is the part of a JSON Schema the reference page reads.
type schemaNode struct {
	Title       string                 `json:"title"`
	Description string                 `json:"description"`
	Type        any                    `json:"type"`
	Ref         string                 `json:"$ref"`
	Const       any                    `json:"const"`
	Enum        []any                  `json:"enum"`
	Items       *schemaNode            `json:"items"`
	OneOf       []*schemaNode          `json:"oneOf"`
	AllOf       []*schemaNode          `json:"allOf"`
	Properties  map[string]*schemaNode `json:"properties"`
	Required    []string               `json:"required"`
	Additional  *schemaNode            `json:"additionalProperties"`
	Defs        map[string]*schemaNode `json:"$defs"`
}

// UnmarshalJSON accepts the boolean schemas (true) the element
// definitions use for inherited properties.
func (n *schemaNode) UnmarshalJSON(b []byte) error {
	if string(b) == "true" || string(b) == "false" {
		return nil
	}
	type plain schemaNode
	return json.Unmarshal(b, (*plain)(n))
}

// Markdown renders the reference page of the export (docs/export.md) from
// the schema, so the two cannot disagree.
func Markdown() (string, error) {
	var root schemaNode
	if err := json.Unmarshal(Schema, &root); err != nil {
		return "", fmt.Errorf("schema/v1.json: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- generated from export/schema/v1.json by go run ./internal/gendocs; do not edit -->\n\n")
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", root.Title, root.Description)
	b.WriteString("`iacscan export PATH...` writes this document; custom Rego rules read it as `input`. " +
		"The schema is `export/schema/v1.json` (JSON Schema 2020-12). Within version 1 fields are only added.\n\n")
	b.WriteString("Values that are not known before deploy are objects `{\"unknown\": true, \"text\": …, \"expr\": …}`, " +
		"never an empty string or `*`; absent values are omitted.\n\n")
	b.WriteString("## Document\n\n")
	writeTable(&b, &root, root.Defs)
	names := make([]string, 0, len(root.Defs))
	for name := range root.Defs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		def := root.Defs[name]
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", name, def.Description)
		if len(def.Properties) > 0 {
			writeTable(&b, def, root.Defs)
		} else if t := typeOf(def); t != "" {
			fmt.Fprintf(&b, "Type: %s\n\n", t)
		}
	}
	return b.String(), nil
}

func writeTable(b *strings.Builder, n *schemaNode, defs map[string]*schemaNode) {
	inherited := false
	for _, a := range n.AllOf {
		if a.Ref == "#/$defs/element" {
			inherited = true
		}
	}
	if inherited {
		b.WriteString("Also every field of [element](#element).\n\n")
	}
	b.WriteString("| field | type | required | description |\n|---|---|---|---|\n")
	names := make([]string, 0, len(n.Properties))
	for name, p := range n.Properties {
		if p.Type == nil && p.Ref == "" && p.Enum == nil && p.Const == nil && p.OneOf == nil && p.Description == "" {
			continue // inherited from element
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := n.Properties[name]
		req := ""
		if slices.Contains(n.Required, name) {
			req = "yes"
		}
		desc := p.Description
		if desc == "" && p.Ref != "" {
			desc = defs[strings.TrimPrefix(p.Ref, "#/$defs/")].Description
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", name, typeOf(p), req, strings.ReplaceAll(desc, "|", `\|`))
	}
	b.WriteString("\n")
}

// typeOf describes a schema's type in a table cell.
func typeOf(n *schemaNode) string {
	switch {
	case n.Ref != "":
		name := strings.TrimPrefix(n.Ref, "#/$defs/")
		return fmt.Sprintf("[%s](#%s)", name, name)
	case n.Const != nil:
		return fmt.Sprintf("`%v`", n.Const)
	case n.Enum != nil:
		var vs []string
		for _, v := range n.Enum {
			vs = append(vs, fmt.Sprintf("`%v`", v))
		}
		return strings.Join(vs, ", ")
	case len(n.OneOf) > 0:
		var ts []string
		for _, o := range n.OneOf {
			ts = append(ts, typeOf(o))
		}
		return strings.Join(ts, " or ")
	}
	switch t := n.Type.(type) {
	case string:
		if t == "array" && n.Items != nil {
			return "array of " + typeOf(n.Items)
		}
		if t == "object" && n.Additional != nil {
			return "object of " + typeOf(n.Additional)
		}
		return t
	case []any:
		var ts []string
		for _, x := range t {
			ts = append(ts, fmt.Sprint(x))
		}
		return strings.Join(ts, " or ")
	}
	return ""
}
