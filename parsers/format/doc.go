// Package format is the contract between the loader and the input formats.
// Each format package exports a Format: how to recognise its inputs (by
// name, by their first bytes, by their content, by a directory's shape)
// and how to read them into an inventory. The loader (package parsers)
// walks the scan paths, offers every file to an ordered list of formats,
// and merges what they read; it knows no format by name.
//
// It is not a format itself, nor the loader (package parsers).
package format
