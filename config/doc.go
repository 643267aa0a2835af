// Package config reads .iacscan.yml, the project's scan settings: which rules
// run, severity overrides, the failing severity, paths to skip, and the
// settings rules need (own accounts, organisation, boundary policy).
//
// It is not where settings are applied: package scan resolves them with the
// flags, and the rule settings themselves are declared in rules.Config.
package config
