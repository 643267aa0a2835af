// Package printable writes text taken from inputs so that it cannot act on
// the terminal, on a CI runner reading the log, or hide from the person
// reading it.
//
// It is not a quoter for another language: text that must parse again (plan's
// HCL fallback) is quoted by its own rules.
package printable
