package syntax

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// LambdaFunctionResource turns the function a Lambda permission names (a
// function name, a partial ARN "123456789012:function:name", or an ARN) into
// the Resource of the statement Lambda adds to the function's policy. A name
// or partial ARN leaves partition, region and maybe account to the deploy:
// the result is then a partly unknown ARN that keeps the known parts, so it
// is neither mistaken for a malformed resource nor for a wildcard.
func LambdaFunctionResource(n *Node) *Node {
	if n == nil || n.Kind != KindString || n.Unknown || strings.HasPrefix(n.Value, "arn:") {
		return n
	}
	account, rest := "${AWS::AccountId}", n.Value
	if acct, fn, ok := strings.Cut(n.Value, ":function:"); ok {
		account, rest = acct, fn
	}
	return &Node{
		Kind:    KindString,
		Value:   "arn:${AWS::Partition}:lambda:${AWS::Region}:" + account + ":function:" + rest,
		Unknown: true,
		Expr:    n.Value,
		Loc:     n.Loc,
	}
}

// LambdaPermission is a grant added to a Lambda function's resource policy
// (Terraform aws_lambda_permission, CloudFormation AWS::Lambda::Permission,
// a SAM function URL). Each argument is the node as written, nil when
// absent; Loc is the resource.
type LambdaPermission struct {
	StatementID, Principal, Action, Function                      *Node
	SourceArn, SourceAccount, PrincipalOrgID, FunctionURLAuthType *Node
	// EventSourceToken is the ID a non-AWS source (an Alexa skill) must
	// present: Lambda checks it as lambda:EventSourceToken.
	EventSourceToken *Node
	Loc              model.Location
}

// Document returns the one-statement resource policy Lambda adds to the
// function for the permission, its arguments in their places: the source
// and organisation arguments become the conditions Lambda writes.
func (p LambdaPermission) Document() *model.Document {
	stmt := &Node{Kind: KindMap, Loc: p.Loc}
	put := func(key string, v *Node) {
		if v != nil {
			stmt.Entries = append(stmt.Entries, &Entry{Key: key, KeyLoc: v.Loc, Value: v})
		}
	}
	put("Sid", p.StatementID)
	put("Effect", StringNode("Allow", p.Loc))
	put("Principal", lambdaPrincipal(p.Principal))
	put("Action", p.Action)
	put("Resource", LambdaFunctionResource(p.Function))
	cond := &Node{Kind: KindMap, Loc: p.Loc}
	for _, c := range []struct {
		v       *Node
		op, key string
	}{
		{p.SourceArn, "ArnLike", "aws:SourceArn"},
		{p.SourceAccount, "StringEquals", "aws:SourceAccount"},
		{p.PrincipalOrgID, "StringEquals", "aws:PrincipalOrgID"},
		{p.FunctionURLAuthType, "StringEquals", "lambda:FunctionUrlAuthType"},
		{p.EventSourceToken, "StringEquals", "lambda:EventSourceToken"},
	} {
		// An empty argument is no argument: Terraform's AWS provider
		// leaves it out of the AddPermission call, so Lambda writes no
		// condition for it.
		if c.v == nil || (c.v.Kind == KindString && !c.v.Unknown && c.v.Value == "") {
			continue
		}
		op := cond.Get(c.op)
		if op == nil {
			op = &Node{Kind: KindMap, Loc: c.v.Loc}
			cond.Entries = append(cond.Entries, &Entry{Key: c.op, KeyLoc: c.v.Loc, Value: op})
		}
		op.Entries = append(op.Entries, &Entry{Key: c.key, KeyLoc: c.v.Loc, Value: c.v})
	}
	if len(cond.Entries) > 0 {
		put("Condition", cond)
	}
	return DecodeDocument(&Node{Kind: KindMap, Loc: p.Loc, Entries: []*Entry{
		{Key: "Version", KeyLoc: p.Loc, Value: StringNode("2012-10-17", p.Loc)},
		{Key: "Statement", KeyLoc: p.Loc, Value: &Node{Kind: KindList, Loc: p.Loc, Items: []*Node{stmt}}},
	}})
}

// lambdaPrincipal writes a permission's principal argument as a policy
// Principal: "*", a service, or an account or ARN. An unknown principal
// stays unknown.
func lambdaPrincipal(n *Node) *Node {
	if n == nil || n.Kind != KindString || n.Unknown || n.Value == "*" {
		return n
	}
	typ := "AWS"
	if strings.HasSuffix(n.Value, ".amazonaws.com") || strings.HasSuffix(n.Value, ".amazonaws.com.cn") ||
		strings.HasSuffix(n.Value, ".amazon.com") { // alexa-appkit.amazon.com
		typ = "Service"
	}
	return &Node{Kind: KindMap, Loc: n.Loc, Entries: []*Entry{{Key: typ, KeyLoc: n.Loc, Value: n}}}
}
