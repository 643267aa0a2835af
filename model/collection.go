package model

// CollectionPolicy is an OpenSearch Serverless data access or network
// policy. It is not IAM's grammar: a list of rules, each naming
// collections, indexes or dashboards by pattern ("collection/logs-*",
// "index/logs/*"). A data access rule grants its principals aoss
// permissions on what it names; a network rule says whether what it names
// is reachable from the internet. A collection is reached only as far as
// both let a caller (and the caller's IAM policies allow aoss:APIAccessAll).
type CollectionPolicy struct {
	Meta
	Name Value
	// Network is true for a network policy, false for a data access one.
	Network bool
	Rules   []CollectionRule
	// Unknown is the expression of a policy not known before deploy.
	Unknown string
}

// CollectionRule is one object of the policy's list (data access: its
// Rules together, one Principal; network: its Rules together, one
// AllowFromPublic).
type CollectionRule struct {
	Loc Location
	// Resources are the patterns its rules name, with their ResourceType
	// ("collection", "index", "dashboard").
	Resources []CollectionResource
	// Principals are who a data access policy grants: IAM role and user
	// ARNs, account root ARNs, "saml/…" identities.
	Principals Values
	// Network policies: AllowFromPublic, and the VPC endpoints and services
	// it lets in otherwise.
	Public         Value
	SourceVPCEs    Values
	SourceServices Values
}

// CollectionResource is one pattern of a rule.
type CollectionResource struct {
	Type    Value // collection, index, dashboard
	Pattern Value // collection/logs-*, index/logs/*
	// Permissions are the aoss permissions a data access rule grants on
	// it (aoss:ReadDocument, aoss:*).
	Permissions Values
	Loc         Location
}

// Collection returns the collection name pattern of a resource pattern:
// "logs-*" for "collection/logs-*" and "index/logs-*/*"; ok is false when
// it is not known or not of that shape.
func (r CollectionResource) Collection() (string, bool) {
	if !r.Pattern.IsKnown() {
		return "", false
	}
	kind, rest, ok := cutSlash(r.Pattern.Text)
	if !ok || (kind != "collection" && kind != "index" && kind != "dashboard") {
		return "", false
	}
	if kind == "index" {
		rest, _, _ = cutSlash(rest)
	}
	return rest, rest != ""
}

func cutSlash(s string) (before, after string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
