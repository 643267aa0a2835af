// Package terraform reads Terraform configuration (.tf and .tf.json) into the
// model: it evaluates variables, locals, count and for_each, dynamic blocks,
// functions, local and installed modules and aws_iam_policy_document data
// sources the way Terraform would before apply, keeps what is only known
// after apply as unknown values that keep their shape, and hands every
// resource instance to package tfaws.
//
// It is not the AWS resource mapper (parsers/tfaws), nor the plan reader
// (parsers/plan) that reuses its block ranges.
package terraform
