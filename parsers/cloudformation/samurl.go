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
	str := func(s string) *model.Node { return model.StringNode(s, loc) }
	entry := func(key string, v *model.Node) *model.Entry { return &model.Entry{Key: key, KeyLoc: loc, Value: v} }
	function := &model.Node{Kind: model.KindString, Value: "${" + c.id + ".Arn}", Unknown: true, Expr: "!GetAtt " + c.id + ".Arn", Loc: loc}
	stmt := &model.Node{Kind: model.KindMap, Loc: loc, Entries: []*model.Entry{
		entry("Effect", str("Allow")),
		entry("Principal", str("*")),
		entry("Action", str("lambda:InvokeFunctionUrl")),
		entry("Resource", function),
		entry("Condition", &model.Node{Kind: model.KindMap, Loc: loc, Entries: []*model.Entry{
			entry("StringEquals", &model.Node{Kind: model.KindMap, Loc: loc, Entries: []*model.Entry{
				entry("lambda:FunctionUrlAuthType", str("NONE")),
			}}),
		}}),
	}}
	doc := &model.Node{Kind: model.KindMap, Loc: loc, Entries: []*model.Entry{
		entry("Version", str("2012-10-17")),
		entry("Statement", &model.Node{Kind: model.KindList, Loc: loc, Items: []*model.Node{stmt}}),
	}}
	m.addPolicy(&model.Policy{
		Meta: c.meta("FunctionUrlConfig", loc), Kind: model.Resource, Service: "lambda",
		Owners: []model.Ref{c.self()}, Document: model.DecodeDocument(doc),
	})
}
