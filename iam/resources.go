package iam

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// ResourceTypesFor returns the action's resource types whose ARN format a
// policy resource can name. The resource is read as IAM reads it: '*' and
// '?' are wildcards, policy variables (${aws:username}) match anything, and
// so do unresolved parts of an input.
func (a *Action) ResourceTypesFor(resource string) []*ResourceType {
	var out []*ResourceType
	for _, r := range a.Resources {
		if arnOverlaps(resource, r.Type.ARN) {
			out = append(out, r.Type)
		}
	}
	return out
}

// arnOverlaps reports whether a policy resource can name an ARN of a
// format. The first five fields (arn, partition, service, region, account)
// are compared field by field, since a wildcard does not cross a colon
// there; the resource id may hold colons. A resource with fewer fields that
// ends in '*' lets that star cover the rest, as IAM does.
func arnOverlaps(resource, format string) bool {
	var resBuf, fmtBuf [6]string
	res, fmtFields := splitARN(resBuf[:0], resource), splitARN(fmtBuf[:0], format)
	if len(fmtFields) != 6 {
		return overlaps(resourcePattern(resource), templatePattern(format))
	}
	if len(res) < 6 {
		if !strings.HasSuffix(resource, "*") {
			return false
		}
		last := len(res) - 1
		for i := range last {
			if !overlaps(resourcePattern(res[i]), templatePattern(fmtFields[i])) {
				return false
			}
		}
		return overlaps(resourcePattern(res[last]), templatePattern(strings.Join(fmtFields[last:], ":")))
	}
	for i := range 6 {
		if !overlaps(resourcePattern(res[i]), templatePattern(fmtFields[i])) {
			return false
		}
	}
	return true
}

// splitARN appends to fields the at most six fields of an ARN, split at
// colons outside ${…}. Callers pass a [6]string array of their own, so
// that matching resources, a rule's inner loop, allocates nothing.
func splitARN(fields []string, s string) []string {
	depth, start := 0, 0
	n := len(fields)
	for i := 0; i < len(s) && len(fields)-n < 5; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			fields = append(fields, s[start:i])
			start = i + 1
		}
	}
	return append(fields, s[start:])
}

// Accepts reports whether a policy resource can name something the action
// applies to. "*" always can. For an action without resource-level
// permissions the request's resource is "*", so only a pattern with a
// wildcard can match it; a plain ARN cannot.
func (a *Action) Accepts(resource string) bool {
	if resource == "*" {
		return true
	}
	if !a.ResourceLevel() {
		return !resourcePattern(resource).isLiteral()
	}
	return len(a.ResourceTypesFor(resource)) > 0
}

// Scope says how much a policy resource covers.
type Scope uint8

const (
	// Specific names resources outright: no wildcard in the resource id.
	Specific Scope = iota
	// Pattern has a wildcard or policy variable in the resource id:
	// arn:aws:s3:::bucket/*, arn:aws:iam::123456789012:role/app-*.
	Pattern
	// AllOfType is every resource of a type in an account or more:
	// arn:aws:iam::123456789012:role/*, arn:aws:s3:::*.
	AllOfType
	// Everything is "*".
	Everything
)

// ResourceScope classifies a policy resource. Wildcards in the partition,
// region or account alone leave it Specific: the name still pins it down.
func (c *Catalog) ResourceScope(resource string) Scope {
	if resource == "*" || strings.Trim(resource, "*:") == "arn" {
		return Everything
	}
	var buf [6]string
	parts := splitARN(buf[:0], resource)
	if len(parts) < 6 {
		if strings.HasSuffix(resource, "*") {
			return AllOfType
		}
		if strings.ContainsAny(resource, "*?") || strings.Contains(resource, "${") {
			return Pattern
		}
		return Specific
	}
	id := parts[5]
	switch {
	case c.isWildcardOnly(parts[2], id):
		return AllOfType
	case strings.ContainsAny(id, "*?") || strings.Contains(id, "${"):
		return Pattern
	}
	return Specific
}

// ScopeOf classifies a resource value as ResourceScope does. A value partly
// unknown before deploy is classified only when the unknown parts are its
// partition, region or account, which do not change how much of an account
// it covers: "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*" is every
// role, whatever the account. ok is false when the scope depends on an
// unknown.
func (c *Catalog) ScopeOf(v model.Value) (scope Scope, ok bool) {
	if !v.Set {
		return Specific, false
	}
	if !v.Unknown {
		return c.ResourceScope(v.Text), true
	}
	var buf [6]string
	parts := splitARN(buf[:0], v.Text)
	if len(parts) != 6 || parts[0] != "arn" || strings.Contains(parts[2], "${") || strings.Contains(parts[5], "${") {
		return Specific, false
	}
	return c.ResourceScope(v.Text), true
}

// isWildcardOnly reports whether a resource id is a wildcard with at most a
// resource-type prefix: "*", "role/*", "table/*" — but not "bucket/*",
// since S3 object ARNs have no type prefix ("bucket" is a name).
func (c *Catalog) isWildcardOnly(service, id string) bool {
	if kind, rest, ok := strings.Cut(id, "/"); ok && !strings.ContainsAny(kind, "*?") {
		if !c.hasTypePrefix(service, kind) {
			return false
		}
		id = rest
	}
	return id != "" && strings.Trim(id, "*") == ""
}

// hasTypePrefix reports whether some resource type of the service has ARNs
// whose resource id starts with the literal kind and a slash ("role/…").
func (c *Catalog) hasTypePrefix(service, kind string) bool {
	svc := c.Service(service)
	if svc == nil {
		return false
	}
	for _, rt := range svc.ResourceTypes {
		var buf [6]string
		f := splitARN(buf[:0], rt.ARN)
		if len(f) == 6 && strings.HasPrefix(f[5], kind+"/") {
			return true
		}
	}
	return false
}

// Fits reports whether a policy resource can name a resource of this type.
func (t *ResourceType) Fits(resource string) bool {
	return resource == "*" || arnOverlaps(resource, t.ARN)
}

// Covers reports whether a policy resource covers another for certain:
// they are equal, or outer is a pattern that matches inner, which has no
// wildcard of its own.
func Covers(outer, inner string) bool {
	if outer == inner || outer == "*" {
		return true
	}
	p := resourcePattern(inner)
	return p.isLiteral() && resourcePattern(outer).match(inner, false)
}
