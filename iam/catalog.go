package iam

//go:generate sh internal/gen/fetch.sh

import (
	"sort"
	"strings"
	"sync"
)

// AccessLevel is an action's access level, as in the AWS Service
// Authorization Reference and the IAM policy summary.
type AccessLevel uint8

const (
	List AccessLevel = iota + 1
	Read
	Write
	PermissionsManagement
	Tagging
)

// Levels lists the access levels in the policy summary's order.
var Levels = []AccessLevel{List, Read, Write, PermissionsManagement, Tagging}

var levelNames = [...]string{"", "List", "Read", "Write", "Permissions management", "Tagging"}

func (l AccessLevel) String() string {
	if int(l) < len(levelNames) && l > 0 {
		return levelNames[l]
	}
	return "Unknown"
}

// Catalog is the AWS service authorization data. It is immutable; Default
// returns the embedded one.
type Catalog struct {
	services []*Service          // sorted by prefix; decoded on first use
	byPrefix map[string]*Service // lower-case prefix
	// actions holds every action at its index (Action.index), filled in a
	// service at a time as services are decoded.
	actions []*Action
	all     ActionSet
	global  keyTable
	// managed decodes the AWS managed policies on first use; nil when the
	// catalog has none.
	managed func() (*managedSet, error)
}

// Service is one AWS service (one action prefix). The catalog decodes a
// service's records the first time it hands the service out, so every
// *Service a caller holds is complete.
type Service struct {
	Prefix        string // "s3"
	lower         string // lower-case Prefix
	Name          string // "Amazon S3"
	Actions       []*Action
	ResourceTypes []*ResourceType
	byAction      map[string]*Action       // lower-case name
	byType        map[string]*ResourceType // lower-case name
	keys          keyTable

	once  sync.Once
	err   error     // decoding's
	body  string    // its T, K and A records, until decoded
	line  int       // the line number of body's first record
	base  int       // the index of its first action
	slots []*Action // its actions' elements of Catalog.actions
}

// Action is one IAM action of a service.
type Action struct {
	Service   *Service
	Name      string // "GetObject"
	Level     AccessLevel
	Resources []ResourceRef // the resource types it accepts; none: only "*"
	keys      string        // its condition keys, comma-separated
	lower     string        // lower-case Name, for matching
	full      string        // "s3:GetObject"; rules ask for it in their inner loops
	index     int
}

// ResourceRef is a resource type an action accepts.
type ResourceRef struct {
	Type *ResourceType
	// Required: the action always involves a resource of this type (AWS's
	// asterisk in the reference).
	Required bool
}

// ResourceType is a kind of resource with its ARN format, such as S3's
// "object": arn:${Partition}:s3:::${BucketName}/${ObjectName}.
type ResourceType struct {
	Service       *Service
	Name          string
	ARN           string
	ConditionKeys []string
	pattern       pattern
}

// String is "s3:GetObject".
func (a *Action) String() string { return a.full }

// ResourceLevel reports whether the action supports resource-level
// permissions: whether a policy can name the resources it applies to. Actions
// that do not (s3:ListAllMyBuckets, ec2:DescribeInstances) need
// `Resource: "*"`.
func (a *Action) ResourceLevel() bool { return len(a.Resources) > 0 }

// Services returns every service, sorted by prefix.
func (c *Catalog) Services() []*Service {
	for _, s := range c.services {
		s.load()
	}
	return c.services
}

// Service returns the service with an action prefix (case-insensitive).
func (c *Catalog) Service(prefix string) *Service {
	s := c.byPrefix[strings.ToLower(prefix)]
	if s != nil {
		s.load()
	}
	return s
}

// serviceAt returns the decoded service whose actions include index i.
func (c *Catalog) serviceAt(i int) *Service {
	k := sort.Search(len(c.services), func(k int) bool {
		s := c.services[k]
		return s.base+len(s.slots) > i
	})
	s := c.services[k]
	s.load()
	return s
}

// NumActions is the number of actions in the catalog.
func (c *Catalog) NumActions() int { return len(c.actions) }

// Action returns the action named "service:Action" (case-insensitive), or
// nil. Wildcards are not expanded; use Match.
func (c *Catalog) Action(name string) *Action {
	prefix, action, ok := strings.Cut(name, ":")
	if !ok {
		return nil
	}
	svc := c.Service(prefix)
	if svc == nil {
		return nil
	}
	return svc.Action(action)
}

// Action returns the service's action with a name (case-insensitive).
func (s *Service) Action(name string) *Action { return s.byAction[strings.ToLower(name)] }

// ResourceType returns the service's resource type with a name.
func (s *Service) ResourceType(name string) *ResourceType {
	return s.byType[strings.ToLower(name)]
}
