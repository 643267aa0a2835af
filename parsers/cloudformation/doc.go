// Package cloudformation reads CloudFormation templates (YAML and JSON),
// SAM templates and CDK output into the model.
//
// Templates are decoded into position-carrying syntax.Node trees (yaml.v3
// nodes, with end positions computed from the source), intrinsic functions
// are evaluated where parameters, mappings and conditions allow, and what
// cannot be known before deploy stays unknown with the expression it came
// from: a !Sub keeps its shape ("arn:aws:s3:::${Bucket}/*"), pseudo
// parameters stay symbolic, and nothing unresolved becomes "" or "*".
//
// It is not the AWS resource mapper of Terraform (parsers/tfaws) nor the
// loader (package parsers) that offers it files.
package cloudformation
