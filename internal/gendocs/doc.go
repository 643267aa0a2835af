// Command gendocs regenerates the documentation derived from rule metadata:
// docs/rules/ID.md for every rule, the rule table in README.md, and
// docs/export.md from the export's JSON Schema. Run it
// from the repository root: go run ./internal/gendocs
//
// It is not where the documentation is written: the text comes from rule
// metadata (package rules) and the export schema (package export).
package main
