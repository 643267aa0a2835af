package cloudformation

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// samFunctionURL models the resource policy SAM adds for a function URL
// whose AuthType is NONE: anyone on the internet may invoke the URL. (With
// AWS_IAM callers need IAM permissions, and SAM adds no policy.) The
// statement sits at the AuthType property, which is what a person would
// change.
func (m *mapper) samFunctionURL(c *current) {
	cfg := c.prop("FunctionUrlConfig")
	if cfg == nil || cfg.Kind != syntax.KindMap {
		return
	}
	auth := cfg.Get("AuthType")
	if auth == nil || !scalar(auth).Is("NONE") {
		return // AWS_IAM, or not known before deploy
	}
	loc := auth.Loc
	perm := syntax.LambdaPermission{
		Principal: syntax.StringNode("*", loc),
		Action:    syntax.StringNode("lambda:InvokeFunctionUrl", loc),
		Function: &syntax.Node{Kind: syntax.KindString, Value: "${" + c.id + ".Arn}", Unknown: true,
			Expr: "!GetAtt " + c.id + ".Arn", Loc: loc},
		FunctionURLAuthType: auth,
		Loc:                 loc,
	}
	m.addPolicy(&model.Policy{
		Meta: c.meta("FunctionUrlConfig", loc), Kind: model.Resource, Service: "lambda",
		Owners: []model.Ref{c.self()}, Document: perm.Document(),
	})
}
