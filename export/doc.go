// Package export turns an inventory into iacscan's documented JSON export:
// principals with their effective permissions, policies with parsed
// statements, attachments, memberships and the other IAM resources, each
// with its source location, unknown values marked as such. The shape is
// versioned by schema/v1.json (embedded as Schema); custom Rego rules read
// the same document as their input.
//
// It is not the inventory (package model) nor its test dump
// (model/modeltest): it is the versioned document users and custom rules
// read.
package export
