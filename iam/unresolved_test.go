package iam

import (
	"testing"

	"github.com/iacscan/iacscan/model"
)

func TestUnresolvedWhy(t *testing.T) {
	unknown := func(expr string) model.Value { return model.Unresolved(expr, model.Location{}) }
	tests := []struct {
		source model.Source
		ref    model.Ref
		want   string
	}{
		{model.SourceTerraform, model.Ref{Value: unknown("var.arn")}, "`var.arn` has no value (give it with --var)"},
		{model.SourceTerraform, model.Ref{Value: unknown(`format("%s", var.arn)`)}, "it is known only after apply (`format(\"%s\", var.arn)`)"},
		{model.SourceTerraform, model.Ref{ID: "module.a.data.aws_iam_policy.p", Value: unknown("module.a.data.aws_iam_policy.p.arn")},
			"it is read by data source `module.a.data.aws_iam_policy.p` when Terraform runs"},
		{model.SourceTerraform, model.Ref{ID: "module.data.aws_iam_policy.p", Value: unknown("module.data.aws_iam_policy.p.arn")},
			"it is known only after apply (`module.data.aws_iam_policy.p.arn`)"},
		{model.SourcePlan, model.Ref{Value: unknown("local.arn")}, "it is known only after apply (`local.arn`)"},
		// A plan read without its configuration knows no expression.
		{model.SourcePlan, model.Ref{Value: model.Value{Set: true, Unknown: true}}, "it is known only after apply"},
		{model.SourcePlan, model.Ref{Value: model.Known("arn:aws:iam::123456789012:policy/p", model.Location{})},
			"`arn:aws:iam::123456789012:policy/p` is not in the scan"},
		{model.SourceTerraform, model.Ref{Value: model.Known("arn:aws:iam::aws:policy/NoSuchPolicy", model.Location{})},
			"`arn:aws:iam::aws:policy/NoSuchPolicy` is not an AWS managed policy the IAM data knows"},
		{model.SourceCloudFormation, model.Ref{Value: unknown("!Ref PolicyArn")}, "parameter `PolicyArn` has no value (give it with --cfn-param)"},
		{model.SourcePlan, model.Ref{Value: model.Known("", model.Location{})}, "its policy ARN is empty"},
		{model.SourceCloudFormation, model.Ref{Value: unknown("!If [Extra, !Ref ExtraArn, !Ref AWS::NoValue]")}, "it depends on condition `Extra`"},
		{model.SourceCloudFormation, model.Ref{Value: unknown("Fn::If [Extra, {Ref: ExtraArn}, {Ref: AWS::NoValue}]")}, "it depends on condition `Extra`"},
		{model.SourceCloudFormation, model.Ref{Value: unknown("!ImportValue shared")}, "it is imported from another stack (`!ImportValue shared`)"},
		{model.SourceCloudFormation, model.Ref{Value: unknown("!GetAtt Stack.Outputs.Arn")}, "it is known only after deploy (`!GetAtt Stack.Outputs.Arn`)"},
	}
	for _, tt := range tests {
		u := UnresolvedAttachment{Attachment: &model.Attachment{Meta: model.Meta{Source: tt.source}, Policy: tt.ref}}
		if got := u.Why(); got != tt.want {
			t.Errorf("Why(%+v) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}
