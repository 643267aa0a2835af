package model

import "testing"

func TestLambdaFunctionResource(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		unknown bool
	}{
		{"image-resizer", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:image-resizer", true},
		{"111122223333:function:resizer:live", "arn:${AWS::Partition}:lambda:${AWS::Region}:111122223333:function:resizer:live", true},
		{"arn:aws:lambda:eu-west-1:111122223333:function:resizer", "arn:aws:lambda:eu-west-1:111122223333:function:resizer", false},
	}
	for _, tt := range tests {
		got := LambdaFunctionResource(StringNode(tt.in, Location{}))
		if got.Value != tt.want || got.Unknown != tt.unknown {
			t.Errorf("LambdaFunctionResource(%q) = %q (unknown %v), want %q (unknown %v)", tt.in, got.Value, got.Unknown, tt.want, tt.unknown)
		}
	}
	if u := UnknownNode("aws_lambda_function.f.arn", Location{}); LambdaFunctionResource(u) != u {
		t.Error("an unknown function stays as it is")
	}
}
