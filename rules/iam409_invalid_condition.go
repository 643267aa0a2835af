package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// InvalidCondition finds conditions that cannot work as written.
var InvalidCondition = &Rule{
	ID:       "IAM409",
	Name:     "invalid-condition",
	Title:    "Invalid condition",
	Severity: Medium,
	Practice: "Validate your policies",
	Description: "A condition that names a key the statement's actions never receive, compares a key " +
		"with an operator of the wrong type, or misuses a set operator does not restrict what the " +
		"author meant: it never matches (the grant silently disappears, or a `Deny` never " +
		"applies), or — with `ForAllValues` on a key that has a single value — it matches when the " +
		"key is absent.\n\n" +
		"The rule checks, against the catalog: operator names; that each key is global or " +
		"accepted by at least one of the statement's actions; that the operator fits the key's " +
		"type (`IpAddress` for IP keys, `Numeric…` for numbers, `Date…` for dates, `Bool` for " +
		"booleans); that values parse for typed operators; and that `ForAllValues` is only used on " +
		"multivalued keys. Keys of identity providers (`token.actions.githubusercontent.com:sub`, " +
		"`accounts.google.com:aud`, …) are not checked, nor are values not known before deploy.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",
    "Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.0/24"}}
  }]
}`},
	},
	Fix: "use an operator and key the action supports",
	Remediation: "Use the operator that matches the key's type, a key the action supports (see the " +
		"action's row in the Service Authorization Reference), and `ForAnyValue`/`ForAllValues` " +
		"only with multivalued keys such as `aws:TagKeys`.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",
    "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
  }]
}`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
	},
	Since: "0.1.0",
	Check: checkInvalidCondition,
}

func checkInvalidCondition(pass *Pass) {
	an := pass.IAM()
	for pol, st := range pass.Statements() {
		s := an.Statement(st)
		for _, c := range st.Condition.Items {
			if !c.Operator.IsKnown() || !c.Key.IsKnown() {
				continue
			}
			for _, problem := range conditionProblems(an, s, c) {
				pass.Reportf(&pol.Meta, c.Loc, "%s: condition `%s` on `%s` in %s %s",
					policyLabel(pol), c.Operator.Text, c.Key.Text, statementLabel(st), problem)
			}
		}
	}
}

func conditionProblems(an *iam.Analysis, s *iam.Stmt, c model.Condition) []string {
	op := model.ParseOperator(c.Operator.Text)
	family, ok := operatorFamilies[op.Name]
	switch {
	case !ok || (op.Qualifier != "" && op.Qualifier != "ForAllValues" && op.Qualifier != "ForAnyValue"):
		return []string{"uses an unknown operator"}
	case op.Name == "Null" && (op.IfExists || op.Qualifier != ""):
		return []string{"qualifies `Null`, which takes no qualifier or IfExists"}
	}
	if providerKey(c.Key.Text) {
		return nil
	}
	key, problem := keyDefinition(an, s, c.Key.Text)
	if problem != "" {
		return []string{problem}
	}
	var out []string
	if key != nil && key.Type != "" {
		if msg := typeMismatch(family, key); msg != "" {
			out = append(out, msg)
		}
		if op.Qualifier == "ForAllValues" && !key.Type.MultiValued() {
			out = append(out, fmt.Sprintf("uses `ForAllValues` on a single-valued key (%s), which also matches when the key is absent", key.Type))
		}
	}
	if msg := badValue(family, c.Values); msg != "" {
		out = append(out, msg)
	}
	return out
}

// keyDefinition finds the key for the statement's actions; problem says why
// it is not valid for them. Statements with many actions (wildcards) are
// checked against every service.
func keyDefinition(an *iam.Analysis, s *iam.Stmt, key string) (*iam.ConditionKey, string) {
	c := an.Catalog
	if k := c.GlobalKey(key); k != nil {
		return k, ""
	}
	prefix, _, _ := strings.Cut(key, ":")
	if c.Service(prefix) == nil {
		return nil, fmt.Sprintf("uses a key of an unknown service `%s`", prefix)
	}
	actions := an.Actions(s)
	if s.UnknownActions || actions.IsEmpty() || actions.Len() > 500 {
		if k := c.KnownKey(key); k != nil {
			return k, ""
		}
		return nil, fmt.Sprintf("uses a key that %s does not define", c.Service(prefix).Name)
	}
	for a := range c.Actions(actions) {
		if k := c.ConditionKey(a, key); k != nil {
			return k, ""
		}
	}
	return nil, fmt.Sprintf("uses a key that %s never receives", describeActions(c, actions))
}

// providerKey reports whether a key belongs to an identity provider
// (OIDC or SAML), whose prefixes are URLs chosen by the account.
func providerKey(key string) bool {
	prefix, _, _ := strings.Cut(key, ":")
	return strings.ContainsAny(prefix, "./") || strings.EqualFold(prefix, "saml")
}
