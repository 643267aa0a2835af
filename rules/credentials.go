package rules

import (
	"regexp"
	"strings"
	"sync"
)

// Credentials written in code: the access key IDs and secret keys a value
// holds (IAM103 reports them, IAM109 tells a literal key from a reference).

var (
	keyIDPattern = lazyRegexp(`\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b`)
	secretAlone  = lazyRegexp(`^[A-Za-z0-9/+]{40}$`)
	// secretAssigned finds "aws_secret_access_key = …" in scripts and
	// configuration text.
	secretAssigned = lazyRegexp(`(?i)secret[_-]?(?:access[_-]?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)`)
	secretName     = lazyRegexp(`(?i)secret[_-]?(?:access[_-]?)?key`)
	unresolvedPart = lazyRegexp(`\$\{[^}]*\}`)
)

// lazyRegexp compiles expr on first use: the patterns of the credential
// rules were a third of what starting iacscan spends in its own packages,
// and commands that run no rule (version, explain, rules) need none.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// credentialsIn lists the credentials found in a named value: an access key
// ID, and a secret key when the name or the text says it is one.
func credentialsIn(name, text string) []string {
	var found []string
	for _, id := range keyIDPattern().FindAllString(text, -1) {
		found = append(found, "access key ID `"+id[:8]+"…`"+exampleNote(id, "EXAMPLE"))
	}
	secret := ""
	if secretName().MatchString(name) && secretAlone().MatchString(strings.TrimSpace(text)) {
		secret = strings.TrimSpace(text)
	} else if m := secretAssigned().FindStringSubmatch(text); m != nil {
		secret = m[1]
	}
	if secret != "" {
		found = append(found, "a secret access key"+exampleNote(secret, "EXAMPLEKEY"))
	}
	return found
}

// exampleNote marks AWS's documentation example keys in messages.
func exampleNote(key, suffix string) string {
	if strings.HasSuffix(key, suffix) {
		return " (AWS's documentation example key)"
	}
	return ""
}
