package cloudformation

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// Options configure how templates are read.
type Options struct {
	// Params are parameter values for this scan (--cfn-param Key=Value);
	// they win over ParamFiles, which win over template defaults.
	Params map[string]string
	// ParamFiles are parameter files (--cfn-params-file) in the
	// CloudFormation CLI or CodePipeline format; later files win. Only
	// Params is read when a template is: ReadParams merges the files into
	// it once per scan.
	ParamFiles []string
	// Constructs gives CDK construct paths by logical ID (from the cloud
	// assembly manifest) for resources without aws:cdk:path metadata.
	Constructs map[string]string
}

// ErrNotTemplate is wrapped by the error Parse returns for a well-formed
// YAML or JSON file that is not a CloudFormation template.
var ErrNotTemplate = errors.New("not a CloudFormation template")

// Looks reports cheaply whether data may be a template, before it is
// parsed: templates name AWSTemplateFormatVersion or an AWS:: resource type.
func Looks(data []byte) bool {
	return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(data, []byte("AWS::")) && bytes.Contains(data, []byte("Resources"))
}

// Parse reads a YAML or JSON template. A file that is not a template gives
// one error wrapping ErrNotTemplate; other errors name the line and column,
// and a template with errors still yields what could be read.
//
// Each document of a YAML stream that is a template is read, the first in
// the file's scope, each next one in a scope of its own (file#2 for the
// second template), so that their logical IDs stay apart; another
// non-empty document is reported, not scanned. Empty documents are
// skipped: a stream that starts with one is read as any other.
func Parse(file string, data []byte, opts Options) (*model.Inventory, []error) {
	docs, errs := readDocuments(file, data)
	var templates, others []int
	for i, d := range docs {
		if IsTemplate(d.raw.root) {
			templates = append(templates, i)
		} else {
			others = append(others, i)
		}
	}
	if len(templates) == 0 {
		if len(docs) == 0 {
			return nil, errs
		}
		return nil, []error{notTemplate(docs[0].raw.root)}
	}
	inv := &model.Inventory{}
	var out []error
	for n, i := range templates {
		ti, more := load(file, docs[i].raw, opts)
		if n > 0 {
			ti.Files = nil // the file is listed once
			ti.SetScope(fmt.Sprintf("%s#%d", file, n+1))
		}
		inv.Merge(ti)
		out = append(append(out, docs[i].errs...), more...)
	}
	for _, i := range others {
		out = append(out, model.Errorf(model.Location{File: file, StartLine: docs[i].raw.first},
			"a YAML document that is not a CloudFormation template (no AWSTemplateFormatVersion, no Resources of Type AWS::…) beside one that is: not scanned"))
	}
	return inv, append(out, errs...)
}

// FromJSON reads a template already decoded by syntax.ParseJSON, as the
// loader does for every JSON input before deciding what it is. Call it only
// when IsTemplate(root).
func FromJSON(file string, root *syntax.Node, opts Options) (*model.Inventory, []error) {
	r := &raw{root: root, tags: map[*syntax.Node]string{}, blocks: map[*syntax.Node]pos{}}
	return load(file, r, opts)
}

func notTemplate(root *syntax.Node) error {
	return &model.InputError{
		Loc:     model.Location{File: root.Loc.File, StartLine: root.Loc.StartLine, StartColumn: root.Loc.StartColumn},
		Message: "not a CloudFormation template: it has neither AWSTemplateFormatVersion nor Resources with a Type of AWS::…",
		Err:     ErrNotTemplate,
	}
}

// IsTemplate reports whether a decoded file is a template: a map with
// AWSTemplateFormatVersion, or with Resources holding a resource whose Type
// is AWS::… (or a Fn::ForEach that makes resources).
func IsTemplate(root *syntax.Node) bool {
	if root == nil || root.Kind != syntax.KindMap {
		return false
	}
	if root.Get("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := root.Get("Resources")
	if res == nil || res.Kind != syntax.KindMap {
		return false
	}
	for _, e := range res.Entries {
		if len(e.Key) > len(forEachPrefix) && e.Key[:len(forEachPrefix)] == forEachPrefix {
			return true
		}
		if t := e.Value.Get("Type"); t != nil && t.Kind == syntax.KindString && len(t.Value) > 5 && t.Value[:5] == "AWS::" {
			return true
		}
	}
	return false
}

// load maps a decoded template into an inventory.
func load(file string, r *raw, opts Options) (*model.Inventory, []error) {
	t := &template{file: file, raw: r, constructs: opts.Constructs}
	t.errs = append(t.errs, checkDuplicates(r.root)...)
	t.readSections(opts)
	inv := &model.Inventory{Files: []string{file}}
	for name := range t.params {
		inv.Declared = append(inv.Declared, "param."+name)
	}
	if account, ok := opts.Params[AccountIDParam]; ok {
		t.account = account
		inv.Declared = append(inv.Declared, "param."+AccountIDParam)
		v := model.Value{Text: account, Set: true}
		inv.OwnAccounts = append(inv.OwnAccounts, v)
		inv.Accounts = append(inv.Accounts, &model.AccountBinding{
			Meta:    model.Meta{ID: AccountIDParam, Type: "parameter", Source: model.SourceCloudFormation, Loc: model.Location{File: file}},
			Account: v, Via: "--cfn-param " + AccountIDParam,
		})
	}
	m := &mapper{t: t, inv: inv}
	m.mapAll()
	inv.Ignores = append(inv.Ignores, t.commentIgnores()...)
	return inv, t.errs
}

// checkDuplicates reports keys that appear twice in one map, with both
// positions: CloudFormation rejects such templates, and readers disagree on
// which value wins.
func checkDuplicates(n *syntax.Node) []error {
	var errs []error
	var walk func(n *syntax.Node)
	walk = func(n *syntax.Node) {
		for _, item := range n.Items {
			walk(item)
		}
		var seen map[string]*syntax.Entry // for large maps; small ones are scanned
		if len(n.Entries) > 16 {
			seen = make(map[string]*syntax.Entry, len(n.Entries))
		}
		for i, e := range n.Entries {
			if prev := firstEntry(n.Entries[:i], e.Key, seen); prev != nil {
				errs = append(errs, model.Errorf(e.KeyLoc, "duplicate key %q (first at line %d, column %d)",
					e.Key, prev.KeyLoc.StartLine, prev.KeyLoc.StartColumn))
			} else if seen != nil {
				seen[e.Key] = e
			}
			walk(e.Value)
		}
	}
	walk(n)
	return errs
}

func firstEntry(entries []*syntax.Entry, key string, seen map[string]*syntax.Entry) *syntax.Entry {
	if seen != nil {
		return seen[key]
	}
	for _, e := range entries {
		if e.Key == key {
			return e
		}
	}
	return nil
}
