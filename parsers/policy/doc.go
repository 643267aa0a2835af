// Package policy reads bare IAM policy document files (the input Parliament
// and IAM Access Analyzer's validate-policy take) into the model.
//
// It is not the policy document decoder: syntax.DecodeDocument is, for every
// format.
package policy
