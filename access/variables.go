package access

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// variables are what the engine knows of the principal a request is
// made by, to substitute policy variables (${aws:username}) instead of
// reading them as wildcards.
type variables struct {
	kind    model.IdentityKind
	name    string // known name, or ""
	path    string // known IAM path ("/", "/team/"), or ""
	account string // known account, or ""
	// partition is the request's partition ("aws", "aws-cn"), when the
	// resource's ARN names it, or "".
	partition string
	orgID     string // the organization of the account, when the scan tells
	// orgPath is what the scan knows of the account's path in its
	// organization; resourceOrgID and resourceOrgPath the same of the
	// resource's account.
	orgPath         orgPath
	resourceOrgID   string
	resourceOrgPath orgPath
}

// placeInOrg fills in what the organization of the scan says of the
// accounts of the two sides.
func (v *variables) placeInOrg(inv *model.Inventory, account, resourceAccount string) {
	v.orgID = organizationOf(inv, account)
	v.orgPath = orgPathOf(inv, account)
	v.resourceOrgID = organizationOf(inv, resourceAccount)
	v.resourceOrgPath = orgPathOf(inv, resourceAccount)
}

// partialPath returns the known start of an organization path key whose
// whole value is not known, or nothing.
func (v variables) partialPath(key string) (orgPath, bool) {
	var p orgPath
	switch strings.ToLower(key) {
	case "aws:principalorgpaths":
		p = v.orgPath
	case "aws:resourceorgpaths":
		p = v.resourceOrgPath
	}
	return p, p.start != "" && !p.complete
}

func principalVariables(id *model.Identity, account string) variables {
	v := variables{account: account}
	if id != nil {
		v.kind = id.Kind
		if id.Name.IsKnown() {
			v.name = id.Name.Text
		}
		v.path, _ = id.IAMPath()
	}
	return v
}

// requestPartition returns the partition a request's resource ARN names,
// or "". A principal only ever acts within its own partition (each is
// isolated, with its own accounts and credentials), so this is also the
// principal's partition.
func requestPartition(resource string) string {
	f := strings.SplitN(resource, ":", 3)
	if len(f) < 3 || f[0] != "arn" || !strings.HasPrefix(f[1], "aws") || strings.ContainsAny(f[1], "*?${}") {
		return ""
	}
	return f[1]
}

// principalARN returns the ARN of the principal's IAM user or role, with
// its path, when every part is known. A role's session has its role's ARN
// as aws:PrincipalArn, not the session's (AWS global condition keys).
func (v variables) principalARN() (string, bool) {
	if v.kind != model.User && v.kind != model.Role || v.name == "" ||
		!strings.HasPrefix(v.path, "/") || !strings.HasSuffix(v.path, "/") || v.account == "" || v.partition == "" {
		return "", false
	}
	return "arn:" + v.partition + ":iam::" + v.account + ":" + string(v.kind) + v.path + v.name, true
}

// fixed returns the value a key has for every request of the principal,
// when the scan tells it.
func (v variables) fixed(key string) (string, bool) {
	switch strings.ToLower(key) {
	case "aws:username":
		if v.kind == model.User && v.name != "" {
			return v.name, true
		}
	case "aws:principalarn":
		return v.principalARN()
	case "aws:principalaccount", "kms:calleraccount": // KMS names the caller's account so
		if v.account != "" {
			return v.account, true
		}
	case "aws:principalorgid":
		if v.orgID != "" {
			return v.orgID, true
		}
	case "aws:principalorgpaths":
		if v.orgPath.complete {
			return v.orgPath.start, true
		}
	case "aws:resourceorgid":
		if v.resourceOrgID != "" {
			return v.resourceOrgID, true
		}
	case "aws:resourceorgpaths":
		if v.resourceOrgPath.complete {
			return v.resourceOrgPath.start, true
		}
	case "aws:principalisawsservice":
		if v.kind != "" {
			return "false", true // an IAM identity's request
		}
	case "aws:principaltype":
		switch v.kind {
		case model.User:
			return "User", true
		case model.Role:
			return "AssumedRole", true
		}
	}
	return "", false
}

// present reports whether a key the scan knows of is carried at all: a
// role's session has no aws:username.
func (v variables) absent(key string) bool {
	return strings.EqualFold(key, "aws:username") && v.kind == model.Role
}

// substitute replaces the policy variables of s: from what the principal
// fixes, else from the request context. A variable neither knows makes the
// result depend on that key; one the request does not carry makes the
// entry match nothing (IAM then skips it).
func (v variables) substitute(s string, r *Request) (string, holds) {
	if !strings.Contains(s, "${") {
		return s, holdsYes
	}
	var b strings.Builder
	out := holdsYes
	for i := 0; i < len(s); i++ {
		end := -1
		if s[i] == '$' && i+1 < len(s) && s[i+1] == '{' {
			end = strings.IndexByte(s[i:], '}')
		}
		if end < 0 {
			b.WriteByte(s[i])
			continue
		}
		inner := s[i+2 : i+end]
		i += end
		switch inner {
		case "*", "?", "$":
			b.WriteString(inner)
			continue
		}
		key, def, hasDefault := strings.Cut(inner, ",")
		key = strings.TrimSpace(key)
		def = strings.Trim(strings.TrimSpace(def), "'")
		if value, ok := v.fixed(key); ok {
			b.WriteString(value)
			continue
		}
		values, present, known := r.Context.lookup(key)
		switch {
		case known && present && len(values) > 0:
			b.WriteString(values[0])
		case hasDefault && (known || v.absent(key)):
			b.WriteString(def)
		case known || v.absent(key):
			return "", holds{v: no}
		default:
			// Undecided: any value could be the request's.
			b.WriteByte('*')
			out = out.and(holds{v: maybe, needs: []string{key}})
		}
	}
	return b.String(), out
}
