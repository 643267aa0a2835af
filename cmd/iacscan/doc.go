// Command iacscan finds AWS IAM mistakes in Terraform, Terraform plans,
// CloudFormation/SAM templates and policy documents before they are deployed.
//
// This package is wiring only: it parses flags into a scan.Request, calls
// package scan, which reads the configuration and does the run, writes the
// reports and turns the result's status into an exit code.
//
// It is not the pipeline: package scan owns load, analyse, rules, group,
// suppress and baseline, and the report, summary, diff and access packages
// render what it returns.
package main
