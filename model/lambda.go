package model

import "strings"

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
