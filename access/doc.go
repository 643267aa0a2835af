// Package access is iacscan's decision engine: it answers "may this
// principal do this?" and "who may do this?" offline, from the effective
// permissions of a scan (iam.Analysis), following AWS's documented policy
// evaluation logic step by step — explicit Deny, guardrails (SCPs, RCPs,
// endpoint and session policies), resource policy (a bucket or key policy,
// a role's trust), identity policies, permissions boundary. Answers are
// allowed, implicitly or explicitly denied, conditional (naming the context
// keys that decide) or unknown (naming what is known only after apply),
// each with the statements and the step that decided it. It follows the
// roles a principal can reach through sts:AssumeRole.
//
// It is not the analysis it reads: effective permissions come from package
// iam; the commands that ask it (can, who-can) live in cmd/iacscan, and diff
// compares two analyses without deciding requests.
package access
