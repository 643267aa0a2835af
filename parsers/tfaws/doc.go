// Package tfaws turns instances of AWS provider resources into model
// elements. Terraform HCL and plan JSON describe the same resources, so both
// parsers hand their instances here in one shape (the attribute shape of plan
// JSON) and get the same inventory back.
//
// It is not a parser: parsers/terraform and parsers/plan evaluate their
// inputs and hand it attribute trees.
package tfaws
