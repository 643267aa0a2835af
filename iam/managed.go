package iam

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

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

type managedSet struct {
	byName map[string]managedEntry
	names  []string // sorted
	// withPath maps a bare policy name to its name with path
	// ("AWSLambdaRole" → "service-role/AWSLambdaRole"); IAM policy names
	// are unique in an account whatever their path.
	withPath map[string]string
	// twinIndex is built on first use (ManagedTwin).
	twinIndex func() *twinIndex
}

type managedEntry struct{ version, doc string }

func parseManaged(text string) (*managedSet, error) {
	header, text, _ := strings.Cut(text, "\n")
	if header != "iacscan-aws-managed-policies\t1" {
		return nil, fmt.Errorf("not an iacscan managed-policy set (header %q)", header)
	}
	m := &managedSet{byName: make(map[string]managedEntry), withPath: make(map[string]string)}
	for n := 2; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			return nil, fmt.Errorf("managed policies line %d: want 3 fields", n)
		}
		m.byName[f[0]] = managedEntry{version: f[1], doc: f[2]}
		m.withPath[path.Base(f[0])] = f[0]
		m.names = append(m.names, f[0])
	}
	sort.Strings(m.names)
	m.twinIndex = sync.OnceValue(func() *twinIndex { return newTwinIndex(m) })
	return m, nil
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
	e, ok := set.byName[name]
	if !ok {
		return nil
	}
	arn := "arn:aws:iam::aws:policy/" + name
	doc, err := syntax.ParseDocument(arn, []byte(e.doc))
	if err != nil {
		return nil
	}
	return &ManagedPolicy{Name: name, ARN: arn, Version: e.version, Document: doc}
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
