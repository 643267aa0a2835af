package syntax

import (
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
)

func TestLambdaFunctionResource(t *testing.T) {
	t.Parallel()
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
		got := LambdaFunctionResource(StringNode(tt.in, model.Location{}))
		if got.Value != tt.want || got.Unknown != tt.unknown {
			t.Errorf("LambdaFunctionResource(%q) = %q (unknown %v), want %q (unknown %v)", tt.in, got.Value, got.Unknown, tt.want, tt.unknown)
		}
	}
	if u := UnknownNode("aws_lambda_function.f.arn", model.Location{}); LambdaFunctionResource(u) != u {
		t.Error("an unknown function stays as it is")
	}
}

func TestLambdaPermissionDocument(t *testing.T) {
	t.Parallel()
	s := func(v string) *Node { return StringNode(v, model.Location{}) }
	doc := LambdaPermission{
		StatementID: s("AllowS3"), Principal: s("s3.amazonaws.com"), Action: s("lambda:InvokeFunction"),
		Function: s("resizer"), SourceArn: s("arn:aws:s3:::uploads"), SourceAccount: s("111122223333"),
	}.Document()
	if len(doc.Problems) != 0 || len(doc.Statements) != 1 {
		t.Fatalf("document = %+v", doc)
	}
	st := doc.Statements[0]
	if !st.Sid.Is("AllowS3") || !st.Allows() || !st.Action.Has("lambda:InvokeFunction") {
		t.Errorf("statement = %+v", st)
	}
	if p := st.Principal; p == nil || len(p.Entries) != 1 || !p.Entries[0].Type.Is("Service") {
		t.Errorf("principal = %+v, want Service", p)
	}
	if r := st.Resource.Items; len(r) != 1 || r[0].IsKnown() {
		t.Errorf("resource = %+v, want the function's ARN, partly unknown", r)
	}
	var conds []string
	for _, c := range st.Condition.Items {
		conds = append(conds, c.Operator.Text+" "+c.Key.Text)
	}
	if got := strings.Join(conds, ", "); got != "ArnLike aws:SourceArn, StringEquals aws:SourceAccount" {
		t.Errorf("conditions = %s", got)
	}
	empty := LambdaPermission{Principal: s("events.amazonaws.com"), Action: s("lambda:InvokeFunction"), SourceArn: s("")}.Document()
	if c := empty.Statements[0].Condition; len(c.Items) != 0 {
		t.Errorf("an empty source_arn writes no condition, got %+v", c.Items)
	}
	for _, tt := range []struct {
		principal *Node
		wildcard  bool
		unknown   bool
		typ       string
	}{
		{s("*"), true, false, ""},
		{s("111122223333"), false, false, "AWS"},
		{UnknownNode("var.principal", model.Location{}), false, true, ""},
	} {
		p := LambdaPermission{Principal: tt.principal, Action: s("lambda:InvokeFunction")}.Document().Statements[0].Principal
		if p.Wildcard != tt.wildcard || p.Unknown != tt.unknown || (tt.typ != "" && !p.Entries[0].Type.Is(tt.typ)) {
			t.Errorf("principal %q = %+v", tt.principal.Value, p)
		}
	}
}
