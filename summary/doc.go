// Package summary computes AWS's policy summary for every principal of a
// scan, before deploy: per service, the access levels its effective
// permissions grant (List, Read, Write, Permissions management, Tagging),
// whether fully or in part, on all resources or some, and whether only under
// conditions. Writers render it as text, JSON and Markdown.
//
// It is not the analysis: iam.Analyze computes the effective permissions this
// package summarises.
package summary
