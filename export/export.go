package export

import (
	_ "embed"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// SchemaVersion is the version of the export's shape. Fields are only ever
// added within a version; anything else makes a new schema file.
const SchemaVersion = 1

// Schema is the JSON Schema (draft 2020-12) every export validates against.
//
//go:embed schema/v1.json
var Schema []byte

// Options tune an export.
type Options struct {
	// Version is the iacscan version written into the document.
	Version string
	// Path rewrites file paths (to make them relative to the working
	// directory); nil keeps them as they are.
	Path func(string) string
	// Errors are the input errors of the scan, exported so that a
	// consumer knows what was not analysed.
	Errors []error
}

// Document is the export. Keys never change meaning within a schema version.
type Document struct {
	SchemaVersion int      `json:"schema_version"`
	Version       string   `json:"iacscan_version"`
	IAMData       string   `json:"iam_data"`
	Files         []string `json:"files"`
	// OwnAccounts are account IDs the inputs state to be the deployer's.
	OwnAccounts      []any                 `json:"own_accounts"`
	Principals       []*Principal          `json:"principals"`
	Policies         []*Policy             `json:"policies"`
	Attachments      []*Attachment         `json:"attachments"`
	Boundaries       []*BoundaryAttachment `json:"boundaries"`
	Memberships      []*Membership         `json:"memberships"`
	AccessKeys       []*AccessKey          `json:"access_keys"`
	LoginProfiles    []*LoginProfile       `json:"login_profiles"`
	PasswordPolicies []*PasswordPolicy     `json:"password_policies"`
	Trails           []*Trail              `json:"trails"`
	OIDCProviders    []*OIDCProvider       `json:"oidc_providers"`
	InstanceProfiles []*InstanceProfile    `json:"instance_profiles"`
	Exposures        []*Exposure           `json:"exposures"`
	// ActionSets are the sets of actions effective permissions refer to
	// (EffectivePermissions.Actions), each once.
	ActionSets []*ActionSet `json:"action_sets"`
	Errors     []Error      `json:"errors"`
}

// Element is what every exported element has. Key is unique in the
// document (a custom rule's result names the element by it); ID is the
// inventory ID, unique within Scope.
type Element struct {
	Key       string    `json:"key"`
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Source    string    `json:"source"`
	Scope     string    `json:"scope"`
	Path      string    `json:"path,omitempty"`
	Construct string    `json:"construct,omitempty"`
	MayApply  bool      `json:"may_apply"`
	Location  *Location `json:"location"`
}

// Location is a range in an input file (1-based, end column exclusive).
type Location struct {
	File        string `json:"file"`
	StartLine   int    `json:"start_line"`
	StartColumn int    `json:"start_column"`
	EndLine     int    `json:"end_line"`
	EndColumn   int    `json:"end_column"`
}

// Unknown is a value not known before deploy: its known shape (unresolved
// parts written as ${expression}) and the expression it came from.
type Unknown struct {
	Unknown bool   `json:"unknown"`
	Text    string `json:"text"`
	Expr    string `json:"expr,omitempty"`
}

// Ref is a reference to another element: the ID the input names, or the
// name or ARN as written; Key is the element it resolves to in this export,
// when it does.
type Ref struct {
	ID    string `json:"id,omitempty"`
	Value any    `json:"value,omitempty"`
	Key   string `json:"key,omitempty"`
}

// Error is an input error or warning of the scan.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
	Warning bool   `json:"warning"`
}

// Build exports an inventory. It links the inventory if nobody has (Rego
// rules build their input while the other rules read the inventory) and
// computes the effective permissions of its principals.
func Build(inv *model.Inventory, opts Options) *Document {
	inv.EnsureLinked()
	b := &builder{
		inv:        inv,
		an:         iam.Analyze(inv, iam.Default()),
		opts:       opts,
		identities: map[*model.Identity]string{},
		policies:   map[*model.Policy]string{},
		attach:     map[*model.Attachment]string{},
		sets:       map[string]int{},
	}
	return b.document()
}

type builder struct {
	inv  *model.Inventory
	an   *iam.Analysis
	opts Options

	identities map[*model.Identity]string
	policies   map[*model.Policy]string
	attach     map[*model.Attachment]string
	sets       map[string]int // ActionSet.Key → index in doc.ActionSets
	out        *Document
}

func (b *builder) path(p string) string {
	if b.opts.Path != nil && p != "" {
		return b.opts.Path(p)
	}
	return filepath.ToSlash(p)
}

func (b *builder) loc(l model.Location) *Location {
	if l.IsZero() {
		return nil
	}
	return &Location{File: b.path(l.File), StartLine: l.StartLine, StartColumn: l.StartColumn, EndLine: l.EndLine, EndColumn: l.EndColumn}
}

func (b *builder) element(key string, m *model.Meta) Element {
	return Element{
		Key: key, ID: m.ID, Type: m.Type, Source: string(m.Source), Scope: b.path(m.Scope),
		Path: m.Path, Construct: m.Construct, MayApply: m.MayApply, Location: b.loc(m.Loc),
	}
}

// value exports a scalar: its text when known, an Unknown when not, nil
// (omitted) when absent.
func value(v model.Value) any {
	switch {
	case !v.Set:
		return nil
	case v.Unknown:
		return Unknown{Unknown: true, Text: v.Text, Expr: v.Expr}
	}
	return v.Text
}

// values exports a list element's items; nil (omitted) when absent. Whether
// the list may hold more is said by the holder (Statement.Unknown).
func values(vs model.Values) []any {
	if !vs.Set {
		return nil
	}
	out := make([]any, 0, len(vs.Items))
	for _, v := range vs.Items {
		out = append(out, value(v))
	}
	return out
}

func (b *builder) ref(r model.Ref, key string) *Ref {
	if !r.IsSet() {
		return nil
	}
	return &Ref{ID: r.ID, Value: value(r.Value), Key: key}
}

func (b *builder) document() *Document {
	inv := b.inv
	d := &Document{
		SchemaVersion: SchemaVersion, Version: b.opts.Version, IAMData: iam.DataVersion(),
		Files: []string{}, OwnAccounts: []any{}, ActionSets: []*ActionSet{},
	}
	b.out = d
	for _, f := range inv.Files {
		d.Files = append(d.Files, b.path(f))
	}
	for _, v := range inv.OwnAccounts {
		d.OwnAccounts = append(d.OwnAccounts, value(v))
	}
	// Keys first: elements refer to each other.
	for i, id := range inv.Identities {
		b.identities[id] = key("principals", i)
	}
	for i, p := range inv.Policies {
		b.policies[p] = key("policies", i)
	}
	for i, at := range inv.Attachments {
		b.attach[at] = key("attachments", i)
	}
	d.Principals = make([]*Principal, 0, len(inv.Identities))
	for _, id := range inv.Identities {
		d.Principals = append(d.Principals, b.principal(id))
	}
	d.Policies = make([]*Policy, 0, len(inv.Policies))
	for _, p := range inv.Policies {
		d.Policies = append(d.Policies, b.policy(p))
	}
	b.resources(d)
	d.Errors = []Error{}
	for _, err := range b.opts.Errors {
		d.Errors = append(d.Errors, b.error(err))
	}
	return d
}

func (b *builder) error(err error) Error {
	if ie, ok := err.(*model.InputError); ok {
		return Error{File: b.path(ie.Loc.File), Line: ie.Loc.StartLine, Column: ie.Loc.StartColumn, Message: ie.Message, Warning: ie.Warning}
	}
	return Error{Message: err.Error()}
}

// Lookup returns the inventory element an export key ("policies/3") names:
// its Meta, and its document when it is a policy. Custom rules name
// elements by key.
func Lookup(inv *model.Inventory, key string) (*model.Meta, *model.Document, bool) {
	coll, num, ok := strings.Cut(key, "/")
	if !ok || coll == "" {
		return nil, nil, false
	}
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 {
		return nil, nil, false
	}
	for _, k := range model.Kinds() {
		if collection(k) != coll || i >= k.Len(inv) {
			continue
		}
		if coll == "policies" {
			return &inv.Policies[i].Meta, inv.Policies[i].Document, true
		}
		return k.Meta(inv, i), nil, true
	}
	return nil, nil, false
}

// collection is the export's name for the elements of a kind, the first
// part of their keys: the kind's own name, but identities are principals;
// "" for the kinds the document does not carry (the organization, account
// bindings, endpoints, RAM shares and OpenSearch Serverless policies are read by the rules, not yet exported).
func collection(k model.Kind) string {
	switch k.Name() {
	case "identities":
		return "principals"
	case "org_nodes", "org_attachments", "accounts", "endpoints", "shares", "collection_policies":
		return ""
	}
	return k.Name()
}

// key is the key of the i-th element of a collection: "policies/3".
func key(collection string, i int) string {
	return collection + "/" + strconv.Itoa(i)
}
