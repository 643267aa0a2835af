// Package syntax is the toolkit the input parsers share to turn text into
// the model: Node, the decoded value tree with source positions that every
// format produces, the JSON scanner that keeps them, the policy document
// decoder (Node to model.Document), the iacscan:ignore comment syntax and
// the Lambda permission builder.
//
// The model keeps none of it: rules read model.Document and model.Value,
// never a Node. It sits below the parsers and iam (which decodes the AWS
// managed policies it embeds) and above the model only.
//
// It is not a format: the packages under parsers/ decide what a file is and
// build the model with it.
package syntax
