package rules

import (
	"regexp"
	"strings"
)

// Credentials written in code: the access key IDs and secret keys a value
// holds (IAM103 reports them, IAM109 tells a literal key from a reference).

var (
	keyIDPattern = regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b`)
	secretAlone  = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
	// secretAssigned finds "aws_secret_access_key = …" in scripts and
	// configuration text.
	secretAssigned = regexp.MustCompile(`(?i)secret[_-]?(?:access[_-]?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)`)
	secretName     = regexp.MustCompile(`(?i)secret[_-]?(?:access[_-]?)?key`)
	unresolvedPart = regexp.MustCompile(`\$\{[^}]*\}`)
)

// credentialsIn lists the credentials found in a named value: an access key
// ID, and a secret key when the name or the text says it is one.
func credentialsIn(name, text string) []string {
	var found []string
	for _, id := range keyIDPattern.FindAllString(text, -1) {
		found = append(found, "access key ID `"+id[:8]+"…`"+exampleNote(id, "EXAMPLE"))
	}
	secret := ""
	if secretName.MatchString(name) && secretAlone.MatchString(strings.TrimSpace(text)) {
		secret = strings.TrimSpace(text)
	} else if m := secretAssigned.FindStringSubmatch(text); m != nil {
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
