package report

import (
	"errors"
	"fmt"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/rules"
)

// The shared findings fixture every format's golden files are written from.
// Its rules are local literals rather than rules.All, so that editing a real
// rule's documentation does not rewrite these golden files (TestAllRules
// covers the real catalogue).

func fixtureRule(id, name, title string, sev rules.Severity) *rules.Rule {
	return &rules.Rule{
		ID:       id,
		Name:     name,
		Title:    title,
		Severity: sev,
		Practice: "Grant least privilege",
		Description: fmt.Sprintf("Finds %s in `policies`: the first paragraph, which SARIF's fullDescription keeps.\n\n"+
			"A second paragraph that only the help shows.", title),
		Bad:         []rules.Example{{Format: rules.PolicyDocument, Code: `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`}},
		Fix:         "grant only what the workload uses",
		Remediation: "Grant only the actions the workload uses.",
		Fixes:       []rules.Example{{Format: rules.Terraform, Code: `resource "aws_iam_policy" "app" {}`}},
		Links:       []string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html"},
		Since:       "0.1.0",
		Check:       func(*rules.Pass) {},
	}
}

var (
	ruleKeys     = fixtureRule("IAM101", "user-access-key", "Access key for an IAM user", rules.Medium)
	ruleAdmin    = fixtureRule("IAM201", "full-admin", "Full administrator access granted", rules.Critical)
	ruleWildcard = fixtureRule("IAM203", "wildcard-action", "Wildcard action", rules.High)
	ruleNotAct   = fixtureRule("IAM205", "allow-not-action", "Allow with NotAction", rules.Medium)
	ruleLegacy   = fixtureRule("IAM412", "legacy-policy-version", "Legacy policy language version", rules.Low)
	ruleSid      = fixtureRule("IAM499", "missing-sid", "Statement without a Sid", rules.Info)
)

// fixtureRules are the rules that ran, sorted by ID; IAM101 found nothing.
var fixtureRules = []*rules.Rule{ruleKeys, ruleAdmin, ruleWildcard, ruleNotAct, ruleLegacy, ruleSid}

func loc(file string, line, col, endLine, endCol int) model.Location {
	return model.Location{File: file, StartLine: line, StartColumn: col, EndLine: endLine, EndColumn: endCol}
}

// fixtureResult has findings of every severity in two files (one with a
// space in its name), related locations in the same and another file, two
// findings sharing rule, file and resource, a may-apply finding, findings
// suppressed inline and by a baseline, one finding with no file, and an
// input error, a warning and an error with no location; one alert carries
// two rules, one two module instances.
func fixtureResult() *Result {
	const admin, tf = "policies/admin policy.json", "infra/iam.tf"
	findings := []*rules.Finding{
		{
			Rule: ruleAdmin, Resource: admin, Source: model.SourcePolicy, Loc: loc(admin, 4, 5, 8, 6),
			Message: "policy `policies/admin policy.json` allows every action on every resource in statement 1; also: wildcard action (IAM203)",
			Also:    []*rules.Rule{ruleWildcard},
			Related: []rules.Related{{Loc: loc(admin, 5, 7, 5, 20), Message: "`Action` is `*`"}},
		},
		{
			Rule: ruleWildcard, Resource: admin, Source: model.SourcePolicy, Loc: loc(admin, 9, 5, 13, 6),
			Message: "policy `policies/admin policy.json` allows `s3:*` in statement 2",
		},
		{
			Rule: ruleWildcard, Resource: admin, Source: model.SourcePolicy, Loc: loc(admin, 14, 5, 18, 6),
			Message: "policy `policies/admin policy.json` allows `ec2:*` in statement 3",
		},
		{
			Rule: ruleSid, Resource: admin, Source: model.SourcePolicy, Loc: loc(admin, 14, 5, 18, 6),
			Message: "statement 3 has no `Sid`",
		},
		{
			Rule: ruleNotAct, Resource: "aws_iam_role.app[\"a|b\"]", Source: model.SourceTerraform,
			Loc:      loc(tf, 12, 3, 20, 4),
			Message:  "inline policy `aws_iam_role.app[\"a|b\"]` (inline_policy[0]) allows every action except `iam:*` in statement `Ops`",
			MayApply: true,
			Related: []rules.Related{
				{Loc: loc(tf, 15, 7, 15, 30), Message: "`NotAction` lists what is not granted"},
				{Loc: loc("infra/roles.tf", 3, 1, 9, 2), Message: "the role the policy is attached to"},
			},
		},
		{
			Rule: ruleLegacy, Resource: "aws_iam_policy.legacy", Source: model.SourceTerraform, Loc: loc(tf, 30, 15, 30, 27),
			Message: "policy `aws_iam_policy.legacy` uses Version `2008-10-17` <legacy>; a `|` in * text_",
		},
		{
			Rule: ruleWildcard, Resource: "aws_iam_policy.legacy", Source: model.SourceTerraform, Loc: loc(tf, 33, 5, 33, 40),
			Message:    "policy `aws_iam_policy.legacy` allows `iam:*` in statement 1",
			Suppressed: &rules.Suppression{Kind: "inline", Reason: "break-glass role, reviewed by security", Loc: loc(tf, 32, 3, 32, 60)},
		},
		{
			Rule: ruleSid, Resource: "aws_iam_policy.legacy", Source: model.SourceTerraform, Loc: loc(tf, 33, 5, 33, 40),
			Message:    "statement 1 has no `Sid`",
			Suppressed: &rules.Suppression{Kind: "baseline", Reason: "in the baseline"},
		},
		{
			Rule: ruleWildcard, Resource: "module.app.aws_iam_policy.generated", Source: model.SourcePlan,
			Message:   "policy `module.app.aws_iam_policy.generated` allows `sqs:*` in statement 1 (in 2 instances of the module: `module.app`, `module.web`)",
			Instances: []string{"module.app.aws_iam_policy.generated", "module.web.aws_iam_policy.generated"},
		},
	}
	rules.SortFindings(findings)
	return &Result{
		Version:  "1.2.3",
		Rules:    fixtureRules,
		Findings: findings,
		Errors: []error{
			model.Errorf(loc("policies/broken.json", 3, 7, 3, 8), "invalid JSON: expected ',' or '}' after object member"),
			&model.InputError{Loc: loc(tf, 40, 1, 40, 30), Message: "module source `git::https://example.com/m.git` is not resolved; its resources were not scanned", Warning: true},
			fmt.Errorf("reading .iacscan.yml: %w", errors.New("permission denied")),
		},
	}
}

// emptyResult is a clean scan: rules ran, nothing found, no error.
func emptyResult() *Result {
	return &Result{Version: "1.2.3", Rules: fixtureRules}
}
