// Package report writes scan results: text for people, JSON (the canonical,
// complete form), SARIF for GitHub code scanning, JUnit and Markdown. Every
// format implements Writer over the same Result.
//
// It is not where findings are made or filtered: package scan runs the rules
// and hands a Result to a Writer.
package report
