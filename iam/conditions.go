package iam

import "strings"

// KeyType is the type of a condition key's values, as the Service
// Authorization Reference gives it.
type KeyType string

const (
	String        KeyType = "String"
	ArrayOfString KeyType = "ArrayOfString"
	ARN           KeyType = "ARN"
	ArrayOfARN    KeyType = "ArrayOfARN"
	Bool          KeyType = "Bool"
	ArrayOfBool   KeyType = "ArrayOfBool"
	Numeric       KeyType = "Numeric"
	Date          KeyType = "Date"
	IPAddress     KeyType = "IPAddress"
)

// MultiValued reports whether a request can hold several values for keys of
// this type (the ArrayOf types), which is what ForAllValues and ForAnyValue
// are for.
func (t KeyType) MultiValued() bool { return strings.HasPrefix(string(t), "ArrayOf") }

// Elem is the type of one value: String for ArrayOfString.
func (t KeyType) Elem() KeyType { return KeyType(strings.TrimPrefix(string(t), "ArrayOf")) }

// ConditionKey is a condition key as the catalog defines it. Name may be a
// template such as "aws:RequestTag/${TagKey}".
type ConditionKey struct {
	Name   string
	Type   KeyType
	Global bool
	tmpl   pattern // set for templates
}

// keyTable finds condition keys by name, case-insensitively, including the
// templated ones.
type keyTable struct {
	exact     map[string]*ConditionKey
	templates []*ConditionKey
}

func (t *keyTable) add(name string, typ KeyType) {
	k := &ConditionKey{Name: name, Type: typ}
	if strings.Contains(name, "${") || strings.Contains(name, "<") {
		k.tmpl = templatePattern(strings.ToLower(name))
		t.templates = append(t.templates, k)
		return
	}
	if t.exact == nil {
		t.exact = make(map[string]*ConditionKey)
	}
	t.exact[strings.ToLower(name)] = k
}

func (t *keyTable) lookup(key string) *ConditionKey {
	lk := strings.ToLower(key)
	if k, ok := t.exact[lk]; ok {
		return k
	}
	for _, k := range t.templates {
		if k.tmpl.match(lk, false) {
			return k
		}
	}
	return nil
}

// GlobalKey returns the global condition key (one every action accepts,
// such as aws:SourceIp or aws:PrincipalTag/${TagKey}) that key names, or
// nil.
func (c *Catalog) GlobalKey(key string) *ConditionKey {
	k := c.global.lookup(key)
	if k != nil {
		g := *k
		g.Global = true
		return &g
	}
	return nil
}

// ConditionKeys returns the names of the condition keys the action accepts
// besides the global ones: its own and those of its resource types.
func (a *Action) ConditionKeys() []string {
	keys := splitList(a.keys)
	for _, r := range a.Resources {
		keys = append(keys, r.Type.ConditionKeys...)
	}
	return keys
}

// ConditionKey returns the definition of key if it is valid for the action
// — global, or one of the action's or its resource types' keys — or nil.
func (c *Catalog) ConditionKey(a *Action, key string) *ConditionKey {
	if k := c.GlobalKey(key); k != nil {
		return k
	}
	lk := strings.ToLower(key)
	for _, name := range a.ConditionKeys() {
		ln := strings.ToLower(name)
		if ln != lk && !templatePattern(ln).match(lk, false) {
			continue
		}
		if k := c.serviceKey(a.Service, name); k != nil {
			return k
		}
		return &ConditionKey{Name: name}
	}
	return nil
}

// serviceKey finds a key's definition in the service its prefix names,
// falling back to the action's own service.
func (c *Catalog) serviceKey(svc *Service, name string) *ConditionKey {
	if prefix, _, ok := strings.Cut(name, ":"); ok {
		if s := c.Service(prefix); s != nil {
			if k := s.keys.lookup(name); k != nil {
				return k
			}
		}
	}
	return svc.keys.lookup(name)
}

// KnownKey returns the definition of a condition key anywhere in the catalog
// (global or of any service), or nil: for keys used without a relevant
// action, such as in a statement with `Action: "*"`.
func (c *Catalog) KnownKey(key string) *ConditionKey {
	if k := c.GlobalKey(key); k != nil {
		return k
	}
	prefix, _, ok := strings.Cut(key, ":")
	if !ok {
		return nil
	}
	if s := c.Service(prefix); s != nil {
		return s.keys.lookup(key)
	}
	return nil
}
