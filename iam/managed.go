package iam

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// ManagedPolicy is an AWS managed policy at its default version.
type ManagedPolicy struct {
	// Name is the name with its path: "AdministratorAccess",
	// "service-role/AWSLambdaRole".
	Name     string
	ARN      string // in the aws partition
	Version  string // default version, "v12"
	Document *model.Document
}

// managedSet is the index of the embedded AWS managed policies; their
// documents stay in the embedded text until one is asked for.
type managedSet struct {
	docs    string         // managed-documents.jsonl
	names   []string       // sorted
	entries []managedEntry // by position in names
	byName  map[string]int
	// withPath maps a bare policy name to its name with path
	// ("AWSLambdaRole" → "service-role/AWSLambdaRole"); IAM policy names
	// are unique in an account whatever their path.
	withPath map[string]string
	// byTwin maps a twin hash (see internal/twin) to the policies that have
	// it, by position in names.
	byTwin map[uint64][]int
}

type managedEntry struct {
	version  string
	off, end int // the document's bytes in docs
}

// parseManaged reads the index (format in load.go) and places each
// document in docs by the lengths, without reading the documents.
func parseManaged(index, docs string) (*managedSet, error) {
	header, text, _ := strings.Cut(index, "\n")
	if header != "iacscan-aws-managed-policies\t2" {
		return nil, fmt.Errorf("not an iacscan managed-policy set (header %q)", header)
	}
	m := &managedSet{docs: docs, byName: make(map[string]int), withPath: make(map[string]string), byTwin: make(map[uint64][]int)}
	off := 0
	for n := 2; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("managed policies line %d: want 4 fields, have %d", n, len(f))
		}
		name, version, hash := f[0], f[1], f[2]
		size, err := strconv.Atoi(f[3])
		if err != nil || size < 0 {
			return nil, fmt.Errorf("managed policies line %d: bad document length %q", n, f[3])
		}
		if k := len(m.names); k > 0 && m.names[k-1] >= name {
			return nil, fmt.Errorf("managed policies line %d: %q is out of order", n, name)
		}
		i := len(m.names)
		if hash != "-" {
			h, err := strconv.ParseUint(hash, 16, 64)
			if err != nil || len(hash) != 16 {
				return nil, fmt.Errorf("managed policies line %d: bad twin hash %q", n, hash)
			}
			m.byTwin[h] = append(m.byTwin[h], i)
		}
		m.names = append(m.names, name)
		m.entries = append(m.entries, managedEntry{version: version, off: off, end: off + size})
		m.byName[name] = i
		m.withPath[path.Base(name)] = name
		off += size + 1 // and its newline
	}
	if off != len(docs) {
		return nil, fmt.Errorf("managed policies: the index places %d bytes of documents, there are %d", off, len(docs))
	}
	return m, nil
}

// doc returns the JSON text of the i-th policy. The lengths were checked
// to add up when the index was read; a document not followed by its
// newline means they do not place the documents, a build defect that
// TestManagedDocumentsDecode guards against.
func (m *managedSet) doc(i int) string {
	e := m.entries[i]
	if m.docs[e.end] != '\n' {
		panic(fmt.Sprintf("iam: embedded managed policies are corrupt: document %d (%s) does not end where the index says", i, m.names[i]))
	}
	return m.docs[e.off:e.end]
}

// awsManagedARN matches the ARN of an AWS managed policy in any partition.
// The partition may be an unresolved expression (${…}) of the input: the
// name alone identifies the policy, whose document is the same everywhere.
var awsManagedARN = regexp.MustCompile(`^arn:(aws[a-z-]*|\$\{[^}]*\}):iam::aws:policy/(.+)$`)

// ManagedPolicyName returns the name (with path) of an AWS managed policy
// from its ARN, and false if v is not such an ARN or its name is not known.
func ManagedPolicyName(v model.Value) (string, bool) {
	if !v.Set {
		return "", false
	}
	m := awsManagedARN.FindStringSubmatch(v.Text)
	if m == nil || strings.Contains(m[2], "${") || (v.Unknown && !strings.HasPrefix(m[1], "${")) {
		return "", false
	}
	return m[2], true
}

// bareName matches a policy name given without ARN or path.
var bareName = regexp.MustCompile(`^[\w+=,.@-]+$`)

// managedName returns the name with path of the AWS managed policy v
// names: by ARN, or by bare name ("AmazonS3ReadOnlyAccess") as SAM's
// Policies property names them, which the SAM transform turns into the
// policy's ARN. Elsewhere AWS rejects a name where an ARN is expected.
func (c *Catalog) managedName(v model.Value) (string, bool) {
	if name, ok := ManagedPolicyName(v); ok {
		return name, true
	}
	if !v.IsKnown() || !bareName.MatchString(v.Text) || c.managed == nil {
		return "", false
	}
	set, err := c.managed()
	if err != nil {
		return "", false
	}
	name, ok := set.withPath[v.Text]
	return name, ok
}

// ManagedPolicy returns the AWS managed policy an ARN value (in any
// partition) or a bare policy name names, with its document decoded
// afresh, or nil when v names no AWS managed policy the catalog knows.
func (c *Catalog) ManagedPolicy(v model.Value) *ManagedPolicy {
	name, ok := c.managedName(v)
	if !ok || c.managed == nil {
		return nil
	}
	set, err := c.managed()
	if err != nil {
		return nil
	}
	i, ok := set.byName[name]
	if !ok {
		return nil
	}
	arn := "arn:aws:iam::aws:policy/" + name
	doc, err := syntax.ParseDocument(arn, []byte(set.doc(i)))
	if err != nil {
		return nil
	}
	return &ManagedPolicy{Name: name, ARN: arn, Version: set.entries[i].version, Document: doc}
}

// ManagedPolicyNames lists the AWS managed policies the catalog knows, by
// name with path, sorted.
func (c *Catalog) ManagedPolicyNames() []string {
	if c.managed == nil {
		return nil
	}
	set, err := c.managed()
	if err != nil {
		return nil
	}
	return set.names
}
