package rules

import (
	"fmt"
	"strings"

	"github.com/iacscan/iacscan/model"
)

// Condition keys that narrow who a grant reaches. Which of them count depends
// on the grant: a public resource policy is narrowed by the caller's
// organisation, account, ARN or network; a cross-account trust also by an
// external ID or MFA; a grant to a service by the resource it acts for.
var (
	// publicKeys follow what S3 and IAM Access Analyzer accept as making a
	// "*" principal non-public.
	publicKeys = []string{
		"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn", "aws:PrincipalAccount",
		"aws:userid", "aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:SourceOrgID",
		"aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceIp",
		// the account, organization or OU that owns the VPC endpoint the
		// request came through: a network boundary like aws:SourceVpce
		"aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths",
		"kms:CallerAccount", "s3:DataAccessPointAccount", "s3:DataAccessPointArn",
	}
	crossAccountKeys = []string{
		"sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn",
		"aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge",
	}
	// sourceKeys name the resource or account a service acts for; KMS
	// key policies pin services by their encryption context instead.
	sourceKeys = []string{
		"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceOwner",
		"kms:EncryptionContext:aws:*",
		"lambda:EventSourceToken", // the ID a non-AWS source (an Alexa skill) presents
	}
)

// verdict is what a statement's conditions do to a grant.
type verdict struct {
	// By is the condition that narrows the grant, when one does.
	By *model.Condition
	// Unknown is set when the conditions cannot be judged before deploy:
	// then there is no finding either way.
	Unknown bool
	// Weak explains the conditions on the keys looked for that do not
	// narrow the grant, for the message.
	Weak []string
}

// Constrained reports whether the grant is narrowed or cannot be judged.
func (v verdict) Constrained() bool { return v.By != nil || v.Unknown }

// note is " (… considered: …)" for a finding's message, naming the
// conditions that were judged not to narrow the grant.
func (v verdict) note() string {
	if len(v.Weak) == 0 {
		return ""
	}
	label := "condition considered"
	if len(v.Weak) > 1 {
		label = "conditions considered"
	}
	return " (" + label + ": " + strings.Join(v.Weak, "; ") + ")"
}

// judge looks at the statement's conditions on the given keys and says
// whether one of them narrows the grant. orgs are the user's own AWS
// Organizations (Config.OrgIDs): when set, a condition on the principal's
// organisation narrows the grant only to them.
func judge(st *model.Statement, keys, orgs []string) verdict {
	var v verdict
	if st.Condition.Unknown {
		v.Unknown = true
	}
	for i := range st.Condition.Items {
		c := &st.Condition.Items[i]
		if !c.Key.IsKnown() || !c.Operator.IsKnown() {
			v.Unknown = true
			continue
		}
		if !hasKeyFold(keys, c.Key.Text) {
			v.Weak = append(v.Weak, conditionText(c)+" does not limit who is granted")
			continue
		}
		// An operator that lets requests through whatever its values is weak
		// even when the values are unknown.
		if why := operatorWeakness(model.ParseOperator(c.Operator.Text)); why != "" {
			v.Weak = append(v.Weak, conditionText(c)+" "+why)
			continue
		}
		if !c.Values.AllKnown() {
			v.Unknown = true
			continue
		}
		if why := weakness(c, orgs); why != "" {
			v.Weak = append(v.Weak, conditionText(c)+" "+why)
			continue
		}
		if v.By == nil {
			v.By = c
		}
	}
	return v
}

// weakness says why a condition does not narrow a grant, or "" when it
// does. The condition's key and values are known.
func weakness(c *model.Condition, orgs []string) string {
	op := model.ParseOperator(c.Operator.Text)
	if why := operatorWeakness(op); why != "" {
		return why
	}
	if len(c.Values.Items) == 0 {
		return "has no values"
	}
	key := strings.ToLower(c.Key.Text)
	for _, val := range c.Values.Items {
		if why := weakValue(op, key, val.Text); why != "" {
			return why
		}
		if why := foreignOrg(key, val.Text, orgs); why != "" {
			return why
		}
	}
	return ""
}

// operatorWeakness says why an operator does not narrow a grant whatever
// its values, or "".
func operatorWeakness(op model.Operator) string {
	switch {
	case strings.Contains(op.Name, "Not"):
		return "is negated, so it lets in everyone it does not name"
	case op.Name == "Null":
		return "only tests whether the key is present"
	case op.IfExists:
		return "uses IfExists, so requests without the key pass"
	case op.Qualifier == "ForAllValues":
		return "uses ForAllValues, which is true when the key is absent"
	}
	return ""
}

// weakValue says why one value of a condition lets in more than it seems.
func weakValue(op model.Operator, key, val string) string {
	// ArnEquals matches wildcards in its values as ArnLike does.
	like := strings.HasSuffix(op.Name, "Like") || op.Name == "ArnEquals"
	switch {
	case key == "aws:multifactorauthpresent":
		if !strings.EqualFold(val, "true") {
			return fmt.Sprintf("is `%s`, which does not require MFA", val)
		}
	case key == "aws:sourceip":
		if val == "0.0.0.0/0" || val == "::/0" {
			return fmt.Sprintf("allows every address (`%s`)", val)
		}
	case like && strings.Trim(val, "*?") == "":
		return fmt.Sprintf("matches anything (`%s`)", val)
	case like && strings.HasPrefix(val, "arn:") && wildAccount(val):
		return fmt.Sprintf("matches any account (`%s`)", val)
	case val == "":
		return "is empty"
	}
	return ""
}

// orgIDsNote documents org_ids in the rules that read it.
const orgIDsNote = " With `org_ids` in `.iacscan.yml`, a condition on `aws:PrincipalOrgID` or " +
	"`aws:PrincipalOrgPaths` narrows the grant only when it names one of your organizations; " +
	"one naming another organization is reported. Without `org_ids`, any organization is taken as yours."

// foreignOrg says why a value of a condition on the principal's
// organisation admits an organisation that is not the user's own, or "".
// Without org_ids every organisation is taken as the user's.
func foreignOrg(key, val string, orgs []string) string {
	if len(orgs) == 0 || (key != "aws:principalorgid" && key != "aws:principalorgpaths") {
		return ""
	}
	org, _, _ := strings.Cut(val, "/") // paths: o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/
	for _, own := range orgs {
		if strings.EqualFold(org, own) {
			return ""
		}
	}
	return fmt.Sprintf("admits organization `%s`, which is not one of yours (`org_ids`)", org)
}

// wildAccount reports whether an ARN pattern leaves its account open. ARNs
// without an account field (S3 buckets) are judged by their resource part.
func wildAccount(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return true
	}
	if parts[4] == "" {
		return strings.Trim(parts[5], "*?/") == ""
	}
	return strings.ContainsAny(parts[4], "*?")
}

// hasKeyFold reports whether key is one of keys, case-insensitively; a key
// ending in "*" stands for every key with that prefix.
func hasKeyFold(keys []string, key string) bool {
	for _, k := range keys {
		if prefix, ok := strings.CutSuffix(k, "*"); ok {
			if len(key) >= len(prefix) && strings.EqualFold(key[:len(prefix)], prefix) {
				return true
			}
		} else if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// conditionText renders a condition for messages: `StringEquals
// aws:PrincipalOrgID`.
func conditionText(c *model.Condition) string {
	return fmt.Sprintf("`%s` on `%s`", c.Operator.Text, c.Key.Text)
}

// delegationKey is a condition key that confines IAM administration.
func delegationKey(k string) bool {
	return resourceKey(k) || strings.EqualFold(k, "iam:PermissionsBoundary") || strings.EqualFold(k, "iam:PolicyARN")
}
