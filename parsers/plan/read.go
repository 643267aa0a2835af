package plan

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/terraform"
	"github.com/iacscan/iacscan/parsers/tfaws"
	"github.com/iacscan/iacscan/syntax"
)

// reader reads one plan or state file.
type reader struct {
	file  string
	opts  Options
	sink  sink
	known func(resourceType string) bool
	data  []byte
	text  text
	pos   *positions

	sections  map[string]span
	cfg       *configuration
	src       *sources // nil when the configuration is not found
	configDir string
	parsed    *terraform.Modules // the configuration's modules, parsed once
	inv       *model.Inventory
	errs      []error
	seen      map[string]bool // instances already read, by address
	// hiddenContainers are the ECS task definitions whose
	// container_definitions the plan holds as sensitive or unknown.
	hiddenContainers []string
	unmapped         []string // instances whose block was not found
	// modules are the module instances of the instances read, with
	// their ancestors: module.a["x"], module.a["x"].module.b.
	modules map[string]bool
	// stateOutputs are the outputs of the state trees read, by section;
	// outputSpans each output read, by name.
	stateOutputs map[string]span
	outputSpans  map[string]span
	// release hands the pages of a mapped file back after a pass over it
	// (see Options.Release); nil when there is nothing to hand back.
	release func()
	// releaseRange hands back the pages of a range of r.data (nil like
	// release); released is where the last release behind the reading
	// position ended, -1 at the start of a pass.
	releaseRange func(start, end int)
	released     int
}

func newReader(file string, t text, opts Options, add sink, known func(string) bool) *reader {
	return &reader{
		file:     file,
		opts:     opts,
		sink:     add,
		known:    known,
		data:     t.data,
		text:     t,
		pos:      newPositions(file, t.data),
		sections: make(map[string]span),
		inv:      &model.Inventory{Files: []string{file}},
		seen:     make(map[string]bool),
		modules:  make(map[string]bool),

		stateOutputs: make(map[string]span),
		released:     -1,
	}
}

// endPass is called after each pass over the file: the top-level scan, the
// validation of skipped sections, each section read. A plan is read in a
// few passes, each over part of it; between them, the pages of the file
// need not stay in memory.
func (r *reader) endPass() {
	if r.release != nil {
		r.release()
	}
	r.released = -1
}

// releaseStep is how far the reader gets past the last release behind it
// before releasing again: a few megabytes, so a section hundreds of
// megabytes long is never resident whole while the inventory grows, and the
// calls stay few.
const releaseStep = 8 << 20

// releaseBehind is told that the reader is done, for this pass, with the
// file up to off (the end of a resource read in order).
func (r *reader) releaseBehind(off int) {
	switch {
	case r.releaseRange == nil:
	case r.released < 0 || off < r.released:
		r.released = off // a new pass
	case off-r.released >= releaseStep:
		r.releaseRange(r.released, off)
		r.released = off
	}
}

// releaseSpan is told that the reader has scanned s, and comes back to it
// part by part (releaseBehind): a large span need not stay resident whole.
func (r *reader) releaseSpan(s span) {
	if r.releaseRange != nil && s.end-s.start >= releaseStep {
		r.releaseRange(s.start, s.end)
		r.released = -1
	}
}

// The sections of a plan that are read; the others are only validated.
var readSections = map[string]bool{
	"format_version": true, "configuration": true, "resource_changes": true,
	"planned_values": true, "prior_state": true, "values": true, "variables": true,
	"output_changes": true,
}

func (r *reader) read() error {
	end, err := members(r.data, r.text.start, func(key string, s span) error {
		if _, dup := r.sections[key]; dup {
			return errAt(s.start, "duplicate key %q", key)
		}
		r.sections[key] = s
		return nil
	})
	if err != nil {
		return err
	}
	if rest := skipSpace(r.data, end); rest < len(r.data) && !r.text.wrapped {
		return errAt(rest, "unexpected text after the JSON object")
	}
	r.endPass()
	isPlan, err := r.checkVersion()
	if err != nil {
		return err
	}
	for _, key := range slices.Sorted(maps.Keys(r.sections)) {
		if !readSections[key] {
			if err := validate(r.data, r.sections[key]); err != nil {
				return err
			}
		}
	}
	r.endPass()
	if isPlan {
		err = r.readPlan()
	} else {
		err = r.readState()
	}
	if err == nil {
		err = r.readOutputs(isPlan)
		r.endPass()
		r.readProviders()
	}
	if err == nil && r.src != nil && !(isPlan && r.opts.Prior) {
		r.applyHCL(r.configDir)
	}
	return err
}

// checkVersion checks format_version as terraform-json does, and tells a
// plan (planned values, changes) from a state (values).
func (r *reader) checkVersion() (isPlan bool, err error) {
	_, hasValues := r.sections["values"]
	_, hasPlanned := r.sections["planned_values"]
	_, hasChanges := r.sections["resource_changes"]
	isPlan = hasPlanned || hasChanges || !hasValues
	s, ok := r.sections["format_version"]
	if !ok && (hasPlanned || hasChanges) {
		return true, nil // trimmed by hand: read as the plan it is
	}
	if !ok {
		return false, errAt(r.text.start, "not a Terraform plan or state: no format_version")
	}
	var version string
	if err := decode(r.data, s, &version); err != nil {
		return false, err
	}
	if isPlan {
		err = (&tfjson.Plan{FormatVersion: version}).Validate()
	} else {
		err = (&tfjson.State{FormatVersion: version}).Validate()
	}
	if err != nil {
		return false, errAt(s.start, "%v", err)
	}
	return isPlan, nil
}

func (r *reader) readPlan() error {
	config := &tfjson.Config{}
	if s, ok := r.sections["configuration"]; ok {
		if err := decode(r.data, s, config); err != nil {
			return err
		}
	}
	r.cfg = newConfiguration(config)
	r.findSources()
	if r.opts.Prior {
		return r.stateSection("prior_state", func(resourceHeader) bool { return true })
	}
	if s, ok := r.sections["resource_changes"]; ok {
		if _, err := walk(r.data, s.start, '[', ']', r.change); err != nil {
			return err
		}
		r.endPass()
	}
	// Resources the plan leaves alone are in resource_changes as no-ops
	// since Terraform 0.12; planned_values is read for any it lacks, and
	// prior_state for the data sources read while planning.
	notSeen := func(h resourceHeader) bool { return !r.seen[h.Address] }
	if r.opts.ChangedOnly {
		// Unchanged resources are not scanned, but the caller identity
		// still says which account is the deployer's own.
		if err := r.validateSkipped("planned_values"); err != nil {
			return err
		}
		return r.stateSection("prior_state", func(h resourceHeader) bool {
			return h.Mode == tfjson.DataResourceMode && h.Type == "aws_caller_identity" && notSeen(h)
		})
	}
	if err := r.stateSection("planned_values", notSeen); err != nil {
		return err
	}
	return r.stateSection("prior_state", func(h resourceHeader) bool {
		return h.Mode == tfjson.DataResourceMode && notSeen(h)
	})
}

func (r *reader) readState() error {
	if r.opts.ChangedOnly {
		r.errs = append(r.errs, warningf(r.file, "this is a state, not a plan: it has no changes, so every resource is scanned"))
	}
	r.cfg = newConfiguration(nil)
	r.findSources()
	return r.stateSection("values", func(resourceHeader) bool { return true })
}

// findSources looks for the configuration beside the plan (or in TFDir).
func (r *reader) findSources() {
	dir := ConfigDir(r.file, r.opts.TFDir)
	if !HasConfiguration(dir) {
		r.errs = append(r.errs, warningf(r.file,
			"no Terraform configuration (.tf files) in %s: findings point into the plan; name the directory the plan was made from with --tf-dir", dir))
		return
	}
	r.parsed = terraform.NewModules(safefile.NewRoot(r.configRoot(dir), r.opts.MaxFileSize).WithOverlay(r.opts.Overlay))
	r.src = newSources(dir, r.cfg, r.parsed, func(err error) { r.errs = append(r.errs, err) })
	r.configDir = dir
}

// ConfigDir returns the directory of the configuration a plan file was made
// from: tfDir when set, else the plan's own directory.
func ConfigDir(file, tfDir string) string {
	if tfDir != "" {
		return tfDir
	}
	return filepath.Dir(file)
}

// HasConfiguration reports whether dir holds Terraform files.
func HasConfiguration(dir string) bool {
	for _, pattern := range []string{"*.tf", "*.tf.json"} {
		if m, _ := filepath.Glob(filepath.Join(dir, pattern)); len(m) > 0 {
			return true
		}
	}
	return false
}

// wants reports whether an instance can matter: a type tfaws maps (or any
// type, for a test's sink), or a data source.
func (r *reader) wants(h resourceHeader) bool {
	return r.known(h.Type) || h.Mode == tfjson.DataResourceMode
}

// change reads the entry of resource_changes at start and returns the offset
// past it.
func (r *reader) change(start int) (int, error) {
	h, err := readHeader(r.data, span{start: start})
	if err != nil {
		if _, endErr := valueEnd(r.data, start); endErr != nil {
			return 0, endErr // as when the entry was cut out first
		}
		return 0, err
	}
	if !r.wants(h) {
		r.seen[h.Address] = true
		end, err := valueEnd(r.data, start)
		r.releaseBehind(end)
		return end, err
	}
	rc, s, err := readChange(r.data, start)
	if err != nil {
		return 0, err
	}
	defer r.releaseBehind(s.end)
	return s.end, r.addChange(rc, s)
}

// addChange adds the instance an entry of resource_changes, read from s,
// plans.
func (r *reader) addChange(rc changeEntry, s span) error {
	if !rc.HasChange || rc.DeposedKey != "" {
		return nil // a deposed object is on its way out
	}
	r.seen[rc.Address] = true
	acts := rc.Actions
	if acts.Delete() || acts.Forget() {
		return nil
	}
	if r.opts.ChangedOnly && !(acts.Create() || acts.Update() || acts.Replace()) {
		return nil
	}
	return r.add(rc.ModuleAddress, rc.Address, rc.Mode, rc.Type, rc.Name,
		rc.After, rc.AfterUnknown, rc.AfterSensitive, s, &decodedChange{})
}

// add maps one instance, read from s, and hands it to tfaws. after is the
// JSON text of its values. decoded is what s decodes into with those values
// decoded by encoding/json, for the error when attrs cannot convert them.
func (r *reader) add(module, addr string, mode tfjson.ResourceMode, typ, name string, after []byte, unknown, sensitive any, s span, decoded any) error {
	r.seen[addr] = true
	off := s.start
	if isNull(after) && unknown != true {
		// Not an object with every attribute absent: nothing is known of
		// it, and scanning it would judge an empty policy.
		r.errs = append(r.errs, &model.InputError{Loc: r.pos.at(off), Warning: true,
			Message: fmt.Sprintf("`%s` has no values in the plan (null); not scanned", addr)})
		return nil
	}
	data := mode == tfjson.DataResourceMode
	key := resourceKey(data, typ, name)
	calls, err := moduleCalls(module)
	if err != nil {
		r.errs = append(r.errs, &model.InputError{Loc: r.pos.at(off), Message: err.Error(), Warning: true})
	}
	r.addModule(module)
	a := attrs{addr: addr, typ: typ, cfg: r.cfg.resource(calls, key)}
	if r.src != nil && err == nil {
		a.src = r.src.block(calls, key)
		if a.src == nil && r.src.module(calls) != nil {
			r.unmapped = append(r.unmapped, addr)
		}
	}
	meta := model.Meta{ID: addr, Type: typ, Source: model.SourcePlan, Provider: r.cfg.elementProvider(a.cfg)}
	if a.src != nil {
		meta.Loc = a.src.Range
		for attr := range a.src.Attrs {
			loc, _ := a.src.Member(attr, meta.Loc)
			meta.SetField(attr, loc)
		}
		for attr := range a.src.Blocks {
			loc, _ := a.src.Member(attr, meta.Loc)
			meta.SetField(attr, loc)
		}
	} else {
		// Only now: finding a line means reading the file up to it.
		meta.Loc = r.pos.at(off)
	}
	a.at = meta.Loc
	if sens, ok := sensitive.(json.RawMessage); ok {
		sensitive = nil
		_ = json.Unmarshal(sens, &sensitive)
	}
	values, ok := a.build(after, unknown, sensitive)
	if !ok {
		return r.rejected(s, decoded)
	}
	in := tfaws.Instance{Meta: meta, Module: module, Data: data, Attrs: values}
	if data && typ == "aws_caller_identity" {
		r.ownAccount(meta, module, in.Attrs)
	}
	if typ == "aws_ecs_task_definition" {
		if c := values.Get("container_definitions"); c != nil && c.Kind == syntax.KindUnknown {
			r.hiddenContainers = append(r.hiddenContainers, addr)
		}
	}
	r.sink(r.inv, in)
	return nil
}

// rejected returns the error of decoding the resource at s into v, the
// types that encoding/json finds its values do not fit.
func (r *reader) rejected(s span, v any) error {
	if err := decode(r.data, s, v); err != nil {
		return err
	}
	return errAt(s.start, "values not understood") // encoding/json decodes them; the reader should too
}

// isNull reports whether the JSON text of a resource's values is null or
// absent.
func isNull(values []byte) bool {
	return len(values) == 0 || string(values) == "null"
}

// ownAccount records the account a data.aws_caller_identity resolved to:
// the account the plan deploys to, whose ID the plan has in place of
// every reference to it. It is also the account the plan's elements are
// deployed to.
func (r *reader) ownAccount(meta model.Meta, module string, attrs *syntax.Node) {
	if id := attrs.Get("account_id"); id != nil && id.Kind == syntax.KindString && !id.Unknown && id.Value != "" {
		r.inv.OwnAccounts = append(r.inv.OwnAccounts, id.Scalar())
		if module == "" && model.IsAccountID(id.Value) {
			meta.Fields = nil
			r.inv.Accounts = append(r.inv.Accounts, &model.AccountBinding{Meta: meta, Account: id.Scalar(), Via: meta.ID,
				Provider: cmp.Or(meta.Provider, "aws")})
		}
	}
}

// addModule records a module instance and its ancestors.
func (r *reader) addModule(addr string) {
	for addr != "" && !r.modules[addr] {
		r.modules[addr] = true
		i := strings.LastIndex(addr, ".module.")
		if i < 0 {
			break
		}
		addr = addr[:i]
	}
}

// reportUnmapped says once which instances did not find their block, and
// which modules were not found.
func (r *reader) reportUnmapped() {
	if r.src == nil {
		return
	}
	for _, key := range slices.Sorted(maps.Keys(r.src.problems)) {
		var calls []string
		if key != "" {
			calls = strings.Split(key, ".")
		}
		r.errs = append(r.errs, warningf(r.file, "%s: %v; findings in it point into the plan", moduleName(calls), r.src.problems[key]))
	}
	if n := len(r.unmapped); n > 0 {
		r.errs = append(r.errs, warningf(r.file,
			"%d resources of the plan (%s first) have no block in the configuration in %s: is it the one the plan was made from? Their findings point into the plan",
			n, r.unmapped[0], r.src.root))
	}
}

// inputError turns a reading error into an InputError at its line.
func (r *reader) inputError(err error) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return &model.InputError{Loc: r.pos.at(se.off), Message: "invalid plan: " + se.msg}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return &model.InputError{Loc: model.Location{File: pe.Path}, Message: "cannot read: " + pe.Err.Error(), Err: err}
	}
	return &model.InputError{Loc: model.Location{File: r.file}, Message: "invalid plan: " + err.Error(), Err: err}
}

// validateSkipped validates sections that are not read.
func (r *reader) validateSkipped(names ...string) error {
	for _, name := range names {
		if s, ok := r.sections[name]; ok {
			if err := validate(r.data, s); err != nil {
				return err
			}
		}
	}
	return nil
}
