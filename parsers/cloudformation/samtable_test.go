package cloudformation

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
)

// TestSAMTemplates checks the policy template table: every template of the
// AWS SAM list is there, and every ${name} in it is one of the template's
// parameters or a pseudo parameter.
func TestSAMTemplates(t *testing.T) {
	t.Parallel()
	table := samTemplates()
	if len(table) != 77 {
		t.Errorf("%d templates, want the 77 of the AWS SAM policy template list", len(table))
	}
	vars := regexp.MustCompile(`\$\{([^}]+)\}`)
	for name, tpl := range table {
		if len(tpl.statements) == 0 {
			t.Errorf("%s has no statements", name)
		}
		for _, st := range tpl.statements {
			if len(st.actions) == 0 || len(st.resources) == 0 {
				t.Errorf("%s: a statement without actions or resources", name)
			}
			patterns := st.resources
			if st.condition != nil {
				patterns = append(patterns, st.condition.value)
			}
			for _, p := range patterns {
				for _, m := range vars.FindAllStringSubmatch(p, -1) {
					if !strings.HasPrefix(m[1], "AWS::") && !contains(tpl.params, m[1]) {
						t.Errorf("%s: %s is not a parameter", name, m[1])
					}
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSAMTemplateErrors(t *testing.T) {
	t.Parallel()
	if _, err := parseSAMTemplates("allow s3:GetObject\n"); err == nil {
		t.Error("a statement outside a template is accepted")
	}
	if _, err := parseSAMTemplates("template A\ntemplate A\n"); err == nil {
		t.Error("a duplicate template is accepted")
	}
	text := "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - FuturePolicy: {}\n"
	_, errs := Parse("t.yaml", []byte(text), Options{})
	var ie *model.InputError
	if len(errs) != 1 || !errors.As(errs[0], &ie) || !ie.Warning || ie.Loc.StartLine != 7 {
		t.Errorf("unknown template: errors %v, want one warning on line 7", errs)
	}
}

// Policies expanded from a policy template say which; inline documents
// the author wrote do not.
func TestSAMTemplatePolicyNamesTemplate(t *testing.T) {
	t.Parallel()
	text := "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n" +
		"      Policies:\n        - SQSPollerPolicy: {QueueName: jobs}\n        - Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: \"*\"}]\n"
	inv, errs := Parse("t.yaml", []byte(text), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, p := range inv.Policies {
		if p.Kind == model.Inline {
			got = append(got, p.Meta.Path+"="+p.Template)
		}
	}
	if want := []string{"Policies[0]=SQSPollerPolicy", "Policies[1]="}; !slices.Equal(got, want) {
		t.Errorf("inline policies %v, want %v", got, want)
	}
}
