// Package plan reads Terraform plans and states, as `terraform show -json`
// writes them (format versions 0.1 to 1.x), into the model: every resource
// instance the plan keeps or creates goes through tfaws, the mapper shared
// with the HCL parser. When the configuration the plan was made from is
// found, each instance points at its block and attributes in the .tf files,
// so findings land on the lines a person edits.
//
// It is not the HCL parser (parsers/terraform), whose block ranges it reads,
// nor the resource mapper (parsers/tfaws) it hands instances to.
package plan
