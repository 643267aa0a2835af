// Package custom runs an organisation's own rules, written in Rego (v1
// syntax) and evaluated with the OPA Go SDK, over iacscan's export of the
// inventory (package export). Each rule is a package that declares its
// metadata in an OPA METADATA annotation and a `deny` set of results naming
// an element of the export; custom rules become rules.Rule values, so
// selection, suppressions, severity gates and every report treat them as
// the built-in ones.
//
// Rules are sandboxed and deterministic: the built-ins that reach the
// network or the runtime environment (http.send, net.lookup_ip_addr,
// opa.runtime) and those whose result is not a function of their arguments
// (time.now_ns, rand.intn, uuid.rfc4122, signatures and verifications that
// read the clock) are removed, and OPA has none that reads files, so the
// same input always gives the same findings. Each rule is bounded in time
// and memory, and the rules of a scan together in time; a rule past a bound
// is stopped and reported, and the others run. A library, data.iacscan.lib,
// and Go built-ins (iacscan.*) backed by the IAM catalog are there for
// authors.
//
// It is not the rule runner: custom rules are rules.Rule values run by
// rules.Run beside the built-in ones, over the document package export
// builds.
package custom
