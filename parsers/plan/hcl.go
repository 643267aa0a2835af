package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/terraform"
)

// configRoot is the directory the configuration in dir may read files and
// modules from: the working directory when dir is below it (modules beside
// the configuration, ../modules/x, are in reach), else dir.
func (r *reader) configRoot(dir string) string {
	if wd := r.opts.WorkDir; wd != "" && within(dir, wd) {
		return wd
	}
	return dir
}

// applyHCL reads the configuration the way a directory scan does, with the
// plan's variable values, and uses it twice. Its suppression comments
// apply to the plan's findings, which point at the same lines. And where
// the plan has a policy only as "known after apply" (it is built from
// resources not yet created), the HCL analysis of the same element takes
// its place: HCL keeps the parts it does know, which is what the rules
// need. Elements have the same IDs on both sides: Terraform addresses.
func (r *reader) applyHCL(dir string) {
	root := r.configRoot(dir)
	vars, err := r.planVariables()
	if err != nil {
		r.errs = append(r.errs, r.inputError(err))
	}
	hcl, errs := terraform.Scan([]string{dir}, terraform.Options{Root: root, Vars: vars, Modules: r.parsed, MaxFileSize: r.opts.MaxFileSize, Overlay: r.opts.Overlay})
	for _, err := range errs {
		// The plan is complete without the HCL: its problems are the
		// configuration's, reported without failing the plan's scan.
		var ie *model.InputError
		if errors.As(err, &ie) {
			w := *ie
			w.Warning = true
			err = &w
		}
		r.errs = append(r.errs, err)
	}
	r.inv.Ignores = append(r.inv.Ignores, hcl.Ignores...)
	r.exposuresFromHCL(hcl)
	known := make(map[string]*model.Policy)
	for _, p := range hcl.Policies {
		if p.Document != nil && !p.Document.Unknown {
			known[policyKey(p)] = p
		}
	}
	for _, p := range r.inv.Policies {
		if p.Document != nil && !p.Document.Unknown {
			continue
		}
		if h := known[policyKey(p)]; h != nil {
			p.Document = h.Document
		}
	}
	collectionsFromHCL(r.inv, hcl)
}

// collectionsFromHCL takes the rules of OpenSearch Serverless policies the
// plan has only as known after apply from the HCL analysis of the same
// policy, which keeps the parts it knows, as for IAM policies.
func collectionsFromHCL(inv, hcl *model.Inventory) {
	known := make(map[string]*model.CollectionPolicy)
	for _, p := range hcl.CollectionPolicies {
		if p.Unknown == "" {
			known[p.ID+"\x00"+strconv.FormatBool(p.Network)] = p
		}
	}
	for _, p := range inv.CollectionPolicies {
		if h := known[p.ID+"\x00"+strconv.FormatBool(p.Network)]; p.Unknown != "" && h != nil {
			p.Rules, p.Unknown = h.Rules, ""
		}
	}
}

// exposuresFromHCL completes the plan's outputs and provider credentials
// with the HCL analysis of the same ones: the references it follows
// through locals (the plan's configuration has none), and the value as
// written where the plan has it only as unknown or sensitive. What is
// taken is values and references, never elements: the HCL elements' scope
// is the directory, the plan's is the plan file, and references resolve
// in the scope of the element that holds them (Link stamps them).
func (r *reader) exposuresFromHCL(hcl *model.Inventory) {
	key := func(e *model.Exposure) string {
		k := string(e.Kind) + "\x00" + e.ID + "\x00" + e.Path
		if e.Kind == model.ExposureProvider {
			// provider "aws" blocks with aliases share their ID: the line
			// of the argument tells them apart.
			k += fmt.Sprintf("\x00%s:%d", e.Loc.File, e.Loc.StartLine)
		}
		return k
	}
	written := make(map[string]*model.Exposure)
	for _, e := range hcl.Exposures {
		if e.Kind == model.ExposureOutput || e.Kind == model.ExposureProvider {
			written[key(e)] = e
		}
	}
	for _, e := range r.inv.Exposures {
		h := written[key(e)]
		if h == nil || e.Kind != model.ExposureOutput && e.Kind != model.ExposureProvider {
			continue
		}
		e.Refs = appendRefs(e.Refs, h.Refs...)
		if e.Value.Unknown && h.Value.Set {
			e.Value = h.Value
		}
	}
	r.containersFromHCL(hcl)
}

// containersFromHCL takes the container environments of ECS task
// definitions whose container_definitions the plan holds only as sensitive
// or unknown (one sensitive variable in it makes the whole attribute so)
// from the configuration, as written.
func (r *reader) containersFromHCL(hcl *model.Inventory) {
	hidden := make(map[string]bool)
	for _, in := range r.hiddenContainers {
		hidden[in] = true
	}
	if len(hidden) == 0 {
		return
	}
	for _, e := range hcl.Exposures {
		if e.Kind == model.ExposureEnvironment && hidden[e.ID] && strings.HasPrefix(e.Path, "container_definitions[") {
			taken := *e
			taken.Source = model.SourcePlan
			taken.Scope = "" // the plan file's, as its other elements'; Link stamps the references
			r.inv.Exposures = append(r.inv.Exposures, &taken)
		}
	}
}

func policyKey(p *model.Policy) string { return p.ID + "\x00" + p.Path + "\x00" + string(p.Kind) }

// within reports whether dir is root or below it.
func within(dir, root string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(root, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// planVariables returns the values the plan was made with, as -var values:
// strings as they are, other values as HCL literals. Sensitive variables
// are left out, so that their values never reach a message.
func (r *reader) planVariables() (map[string]string, error) {
	s, ok := r.sections["variables"]
	if !ok {
		return nil, nil
	}
	var vars map[string]*tfjson.PlanVariable
	if err := decode(r.data, s, &vars); err != nil {
		return nil, err
	}
	var sensitive map[string]bool
	if root := r.cfg.modules[""]; root != nil {
		sensitive = make(map[string]bool)
		for name, v := range root.Variables {
			sensitive[name] = v != nil && v.Sensitive
		}
	}
	out := make(map[string]string, len(vars))
	for name, v := range vars {
		if v == nil || sensitive[name] {
			continue
		}
		if s, ok := v.Value.(string); ok {
			out[name] = s
		} else {
			out[name] = hclLiteral(v.Value)
		}
	}
	return out, nil
}

// hclLiteral writes a decoded JSON value as an HCL expression.
func hclLiteral(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case string:
		return hclString(v)
	case []any:
		items := make([]string, len(v))
		for i, item := range v {
			items[i] = hclLiteral(item)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case map[string]any:
		var entries []string
		for _, k := range slices.Sorted(maps.Keys(v)) {
			entries = append(entries, hclString(k)+" = "+hclLiteral(v[k]))
		}
		return "{" + strings.Join(entries, ", ") + "}"
	}
	return fmt.Sprintf("%q", fmt.Sprint(v))
}

// hclString quotes a string for HCL, where "${" and "%{" start templates.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < ' ':
			fmt.Fprintf(&b, `\u%04x`, r)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
