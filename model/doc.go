// Package model is iacscan's common IAM model: the inventory of identities,
// policies, attachments and other IAM-relevant resources that every parser
// produces and every rule reads, and the policy-document type with its parser.
//
// Every element carries where it came from (Source, Location) and every value
// can be unknown while keeping the expression it came from: an unresolved
// value is never turned into "", nil or "*".
//
// It is not a parser (packages parsers/* fill it) nor a judge (package rules
// reads it), and it knows no input format's syntax (package syntax).
package model
