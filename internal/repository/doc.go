// Package repository finds the repository a path is in: the one answer
// the scan gives wherever it needs the repository root (where .iacscan.yml
// is looked for and what it may name, what Terraform may read, what SARIF
// and baseline paths are relative to, what diff --base reads a ref of).
// It reads directory entries only: it runs no version control program.
//
// It is not git: diff --base reads a ref with git (package diff); this
// package only says where the working tree starts.
package repository
