package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// PrivilegeEscalation finds principals whose effective permissions allow a
// known privilege-escalation method.
var PrivilegeEscalation = &Rule{
	ID:       "IAM207",
	Name:     "privilege-escalation",
	Title:    "Privilege escalation possible",
	Severity: High,
	Practice: "Grant least privilege",
	Description: "Some combinations of permissions let a principal give itself more: write a new " +
		"version of a policy it holds, attach `AdministratorAccess` to itself, create keys for a " +
		"more privileged user, or pass a privileged role to a service and run code as that role. " +
		"A principal that can do that holds, in effect, the permissions it can reach.\n\n" +
		"The rule evaluates " + fmt.Sprint(len(escalations)) + " published methods on each principal's effective " +
		"permissions — all its inline, managed and group policies together, less explicit " +
		"Denies, within its permissions boundary — so a method split across two policies, or " +
		"between a user and its group, is found. A step counts only when it is allowed on a " +
		"wildcard resource (named resources depend on what they hold, which the scan cannot " +
		"see), and not when a condition confines it: `iam:PassedToService` naming another " +
		"service, `iam:PermissionsBoundary`, `iam:PolicyARN`, resource tags. Other conditions " +
		"(MFA, source IP) are named in the message. Principals allowed every action have nothing to " +
		"escalate to and are not reported. Only a known Deny " +
		"or boundary takes a step away: when the principal also holds policies not known before " +
		"deploy, the message says a policy not visible here might deny it." +
		"\n\n**Severity.** High: the principal can make itself an administrator. When the SCPs of " +
		"the scan that apply to the principal's account take away every step the message lists, the " +
		"finding says which and is reported **low**: the code holds the path, the organization closes it. " +
		"Grants on " +
		"service-linked roles (`role/aws-service-role/…`) are no escalation path and not reported: AWS " +
		"writes their policies and refuses customer ones. A role only AWS services can assume, escalating " +
		"only through AWS's `service-role/` managed policies for that service, is reported **low** and says " +
		"so: the service, not the customer's code, holds those permissions (EMR's `AmazonElasticMapReduceRole` " +
		"passes roles to the instances it starts by design). The same trust with a general policy such as " +
		"`PowerUserAccess` stays high, since a function's own code runs with it. Grants on AWS managed " +
		"policies (`arn:aws:iam::aws:policy/…`) are no path either: no customer can write a version of one.",
	Bad: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}
  ]
}`},
		{Terraform, `resource "aws_iam_role_policy" "pass" {
  role   = aws_iam_role.ci.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }] })
}
resource "aws_iam_role_policy" "run" {
  role   = aws_iam_role.ci.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ec2:RunInstances", Resource = "*" }] })
}`},
	},
	Fix: "remove or confine one step of each method",
	Remediation: "Remove one step of each method the message lists, or confine it: name the roles that " +
		"may be passed and the service with `iam:PassedToService`, require a permissions boundary " +
		"with `iam:PermissionsBoundary` on IAM changes, limit IAM actions to named resources.",
	Fixes: []Example{
		{PolicyDocument, `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-instance",
     "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}},
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}
  ]
}`},
	},
	Links: []string{
		"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate",
	},
	Since: "0.1.0",
	Check: checkPrivilegeEscalation,
}

func checkPrivilegeEscalation(pass *Pass) {
	an := pass.IAM()
	actions := escalationActions(an.Catalog)
	found := make(map[*iam.Permissions]map[int]bool)
	for _, p := range an.Principals() {
		if p.Allowed().Len() == an.Catalog.NumActions() {
			continue // nothing to escalate to
		}
		var methods []string
		var related []iam.Access
		conds := map[string]bool{}
		found[p] = make(map[int]bool)
		for i, m := range escalations {
			steps, ok := escalationSteps(an, actions, p, m)
			if !ok {
				continue
			}
			found[p][i] = true
			if viaGroup(an, actions, found, p, i) {
				continue // reported on the group
			}
			methods = append(methods, "`"+strings.Join(stepNames(steps), "` + `")+"` ("+m.how+")")
			related = append(related, steps...)
			for _, s := range steps {
				for _, c := range s.Conditions() {
					conds["`"+c.Key.String()+"`"] = true
				}
			}
		}
		if len(methods) == 0 {
			continue
		}
		services := serviceOnlyTrust(p.Identity)
		// AWS managed policies under service-role/ are written by AWS for
		// the service that assumes the role; the service, not the
		// customer's code, uses them.
		forService := !slices.ContainsFunc(related, func(s iam.Access) bool {
			return slices.ContainsFunc(s.Grants, func(g *iam.Grant) bool {
				return g.Managed == nil || !strings.HasPrefix(g.Managed.Name, "service-role/")
			})
		})
		note := ""
		if len(services) > 0 && forService {
			note = fmt.Sprintf("; only %s can assume the role, and these permissions come from AWS's service-role managed policies for it",
				strings.Join(services, ", "))
		}
		var stepActions []*iam.Action
		for _, s := range related {
			stepActions = append(stepActions, s.Action)
		}
		scps, blocked := scpDenies(pass, p, stepActions)
		if blocked {
			note += "; " + scps + " deny every step of it"
		}
		f := pass.Reportf(p.Meta(), p.Meta().Loc, "%s can escalate its privileges: %s%s%s",
			p.Label(), semicolons.list(methods, 3), conditionsConsidered(conds), note+unlessHidden(p.Incomplete()))
		if note != "" {
			pass.Lower(f, Low)
		}
		seen := map[model.Location]bool{}
		for _, s := range related {
			g := s.Grants[0]
			if loc := grantLoc(g); !seen[loc] {
				seen[loc] = true
				f.With(loc, "`%s` is allowed by %s", s.Action, g.Where())
			}
		}
	}
}

// serviceOnlyTrust returns the AWS services a role's trust policy admits,
// when it admits nothing else (no account, user, federation or condition
// left unknown); nil otherwise. Only the service can use such a role.
func serviceOnlyTrust(id *model.Identity) []string {
	if id == nil || id.Kind != model.Role || id.Trust == nil || id.Trust.Document == nil {
		return nil
	}
	var services []string
	for _, st := range id.Trust.Document.Statements {
		if st.Denies() {
			continue
		}
		if !st.Allows() || !st.Principal.Present() || st.Principal.Wildcard {
			return nil
		}
		for _, e := range st.Principal.Entries {
			if !e.Type.Is("Service") || !e.Values.AllKnown() {
				return nil
			}
			for _, v := range e.Values.Items {
				if s := "`" + v.Text + "`"; !slices.Contains(services, s) {
					services = append(services, s)
				}
			}
		}
	}
	return services
}

// actionTable looks up the actions the escalation methods name, each once
// per check and only when asked: the methods name a dozen services (EC2
// and SageMaker among the largest), which a scan whose principals are
// allowed nothing of them need not decode (escalationSteps).
type actionTable struct {
	catalog *iam.Catalog
	byName  map[string]*iam.Action // a missing action is nil: never allowed
}

func escalationActions(c *iam.Catalog) *actionTable {
	return &actionTable{catalog: c, byName: map[string]*iam.Action{}}
}

// get returns the action named "service:Action", or nil.
func (t *actionTable) get(name string) *iam.Action {
	a, ok := t.byName[name]
	if !ok {
		a = t.catalog.Action(name)
		t.byName[name] = a
	}
	return a
}

// escalationSteps returns how the principal is allowed each step of a
// method, or false when a step is missing or confined.
func escalationSteps(an *iam.Analysis, actions *actionTable, p *iam.Permissions, m escalation) ([]iam.Access, bool) {
	names := m.actions
	if m.assumeUnlessRole && p.Identity != nil && p.Identity.Kind != model.Role {
		names = append(names[:len(names):len(names)], "sts:AssumeRole")
	}
	var steps []iam.Access
	for _, name := range names {
		if prefix, _, _ := strings.Cut(name, ":"); !an.Catalog.HoldsService(p.Allowed(), prefix) {
			return nil, false // nothing of the service allowed: the step is not
		}
		acc := p.Access(actions.get(name))
		if !acc.Allowed() {
			return nil, false
		}
		acc.Grants = openGrants(an.Catalog, acc.Grants, m.passTo)
		if len(acc.Grants) == 0 {
			return nil, false
		}
		steps = append(steps, acc)
	}
	return steps, true
}

// openGrants keeps the grants that allow a step on wildcard resources and
// that no confining condition limits.
func openGrants(c *iam.Catalog, grants []*iam.Grant, passTo string) []*iam.Grant {
	var out []*iam.Grant
	for _, g := range grants {
		if !wildcardResource(c, g.Statement) {
			continue
		}
		if _, narrowed := narrowing(g.Statement, func(k string) bool {
			return delegationKey(k) || (strings.EqualFold(k, "iam:PassedToService") && passTo == "")
		}); narrowed {
			continue
		}
		if passTo != "" && !passesTo(g.Statement, passTo) {
			continue
		}
		out = append(out, g)
	}
	return out
}

func wildcardResource(c *iam.Catalog, st *model.Statement) bool {
	if st.NotResource.Set {
		return true
	}
	for _, r := range st.Resource.Items {
		if serviceLinkedRoles(r) || awsManagedPolicies(r) {
			continue // AWS's own: no customer can change them, nothing to escalate to
		}
		if scope, ok := c.ScopeOf(r); ok && scope != iam.Specific {
			return true
		}
	}
	return false
}

// passesTo reports whether an iam:PassRole grant allows passing to the
// service, judging its iam:PassedToService conditions.
func passesTo(st *model.Statement, service string) bool {
	for _, c := range st.Condition.Items {
		if !c.Key.IsFold("iam:PassedToService") {
			continue
		}
		if !c.Operator.IsKnown() || !c.Values.AllKnown() {
			return false
		}
		op := model.ParseOperator(c.Operator.Text)
		matched := false
		for _, v := range c.Values.Items {
			matched = matched || iam.Covers(strings.ToLower(v.Text), service)
		}
		if strings.Contains(op.Name, "Not") == matched {
			return false
		}
	}
	return true
}

// viaGroup reports whether a user's method is already allowed by one of its
// groups alone (and so reported there).
func viaGroup(an *iam.Analysis, actions *actionTable, found map[*iam.Permissions]map[int]bool, p *iam.Permissions, method int) bool {
	if p.Identity == nil || p.Identity.Kind != model.User {
		return false
	}
	for _, g := range an.Inventory.Groups(p.Identity) {
		gp := an.Of(g)
		if found[gp] == nil {
			if _, ok := escalationSteps(an, actions, gp, escalations[method]); ok {
				return true
			}
			continue
		}
		if found[gp][method] {
			return true
		}
	}
	return false
}

func stepNames(steps []iam.Access) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Action.String())
	}
	return out
}

// grantLoc is where a grant is written: its statement, or the attachment of
// an AWS managed policy.
func grantLoc(g *iam.Grant) model.Location {
	if g.Policy == nil && g.Attachment != nil {
		return g.Attachment.Loc
	}
	return g.Loc
}

func conditionsConsidered(keys map[string]bool) string {
	if len(keys) == 0 {
		return ""
	}
	var list []string
	for k := range keys {
		list = append(list, k)
	}
	sortStrings(list)
	return " (conditions considered: " + strings.Join(list, ", ") + ")"
}
