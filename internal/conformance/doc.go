// Package conformance reads the engine's conformance suite: small inputs
// with requests and the decision AWS documents for each, so that the
// engine (access) and the commands that print its answers (can) are held
// to the same table.
//
// A case is a txtar archive. Its comment says what it shows, the AWS
// documentation it rests on ("doc: URL") and, optionally, the account
// of the scan's principals ("account: ID") and the formats it is written
// in ("formats: terraform plan cloudformation"): the same inputs in each
// format's directory, so that every request is asked of each (files
// outside those directories, a .iacscan.yml, belong to every format). A
// request that only some formats can ask (it names an element by its
// address or logical ID) starts with them: "[terraform plan] REQUEST". A file named "requests" holds
// one request a line, in the words of `iacscan can`, and the decision:
//
//	alice s3:GetObject --resource arn:aws:s3:::b/k --context aws:SourceIp=10.0.0.1 => allowed / identity
//
// The words after the action are --resource ARN, --context KEY=VALUE,
// --via-endpoint ID and --session-policy @FILE (a file of the archive).
// Decisions are a verdict (allowed, implicitly denied, explicitly
// denied, conditional, unknown) and the step that decides it: the
// principal's own answer, or, followed by "through ROLE -> ROLE", the
// answer of that role chain. The other files are the inputs, written to a
// directory that is scanned whole (a .iacscan.yml among them is its
// configuration).
//
// It is not the engine (package access) nor its tests: access and cmd/iacscan
// run the cases it reads.
package conformance
