package cloudformation

import "github.com/iacscan/iacscan/model"

// samFunctionURL models the resource policy SAM adds for a function URL
// whose AuthType is NONE: anyone on the internet may invoke the URL. (With
// AWS_IAM callers need IAM permissions, and SAM adds no policy.) The
// statement sits at the AuthType property, which is what a person would
// change.
func (m *mapper) samFunctionURL(c *current) {
	cfg := c.prop("FunctionUrlConfig")
	if cfg == nil || cfg.Kind != model.KindMap {
		return
	}
	auth := cfg.Get("AuthType")
	if auth == nil || !scalar(auth).Is("NONE") {
		return // AWS_IAM, or not known before deploy
	}
	loc := auth.Loc
	perm := model.LambdaPermission{
		Principal: model.StringNode("*", loc),
		Action:    model.StringNode("lambda:InvokeFunctionUrl", loc),
		Function: &model.Node{Kind: model.KindString, Value: "${" + c.id + ".Arn}", Unknown: true,
			Expr: "!GetAtt " + c.id + ".Arn", Loc: loc},
		FunctionURLAuthType: auth,
		Loc:                 loc,
	}
	m.addPolicy(&model.Policy{
		Meta: c.meta("FunctionUrlConfig", loc), Kind: model.Resource, Service: "lambda",
		Owners: []model.Ref{c.self()}, Document: perm.Document(),
	})
}
