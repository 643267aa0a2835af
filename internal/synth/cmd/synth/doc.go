// Command synth writes a generated input to standard output (or, for
// directories, under -dir) for whole-process benchmarks:
//
//	go run ./internal/synth/cmd/synth -kind cfn-roles -n 3000 > roles.yaml
//	go run ./internal/synth/cmd/synth -kind plan-mixed -n 5000 -dir /tmp/mixed   # /tmp/mixed/plan.json, ~97 MB
//	go run ./internal/synth/cmd/synth -kind plan-identity -n 2000 > identity.json # ~29 MB
//
// It is not used by the tests, which call package synth directly.
package main
