package iam

import "strings"

// pattern is a compiled glob: literal bytes, '*' (any run of bytes, possibly
// empty) and '?' (one byte). Action patterns, resource ARNs in policies,
// ARN formats of resource types and condition-key templates all compile to
// it.
type pattern []token

type token struct {
	kind byte // 0 literal, '*' any run, '?' one byte, 's' any run without '/'
	b    byte
}

// isStar reports whether the token matches a run of bytes.
func (t token) isStar() bool { return t.kind == '*' || t.kind == 's' }

// swallows reports whether a star token can match the byte another token
// stands for: a name that cannot hold '/' never matches a literal slash.
func (t token) swallows(o token) bool { return t.kind != 's' || o.kind != 0 || o.b != '/' }

// globPattern compiles an IAM wildcard string: '*' and '?' are wildcards,
// the rest literal.
func globPattern(s string) pattern {
	p := make(pattern, 0, len(s))
	for i := 0; i < len(s); i++ {
		p = append(p, globToken(s[i]))
	}
	return p
}

// ActionMatches reports whether an action pattern as written in a policy
// ("iam:Create*", "*") matches an action name, without regard to case.
func ActionMatches(pattern, action string) bool {
	return globPattern(strings.ToLower(pattern)).match(strings.ToLower(action), false)
}

// globToken is the token of one character of an IAM wildcard string.
func globToken(c byte) token {
	if c == '*' || c == '?' {
		return token{kind: c}
	}
	return token{b: c}
}

// resourcePattern compiles a Resource element of a policy. Policy variables
// such as ${aws:username} stand for values known only at request time, so
// they match anything; ${*}, ${?} and ${$} are the escapes for the literal
// characters. Unresolved parts of an input (kept as ${expression}) are also
// wildcards: they could be anything.
func resourcePattern(s string) pattern {
	p := make(pattern, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) && s[i+1] == '{' {
			if end := strings.IndexByte(s[i:], '}'); end > 0 {
				switch inner := s[i+2 : i+end]; inner {
				case "*", "?", "$":
					p = append(p, token{b: inner[0]})
				default:
					p = append(p, token{kind: '*'})
				}
				i += end
				continue
			}
		}
		p = append(p, globToken(s[i]))
	}
	return p
}

// templatePattern compiles an ARN format or condition-key template of the
// catalog: each ${Placeholder} or <placeholder> matches any run of bytes.
// Placeholders are deliberately generous (a name may hold '/' or ':'), so a
// resource is only called a mismatch when no reading of it fits. The
// exceptions are the names AWS forbids a '/' in (slashless), which is what
// tells a bucket from its objects and a table from its indexes.
func templatePattern(s string) pattern {
	p := make(pattern, 0, len(s))
	for i := 0; i < len(s); i++ {
		if close := placeholderEnd(s, i); close > 0 {
			kind := byte('*')
			if slashless[s[i:close+1]] {
				kind = 's'
			}
			p = append(p, token{kind: kind})
			i = close
			continue
		}
		p = append(p, token{b: s[i]})
	}
	return p
}

// slashless are the ARN-format placeholders whose names cannot hold '/':
// S3 bucket, SQS queue, SNS topic, DynamoDB table and Lambda function names
// allow only letters, digits and a few of "-_.".
var slashless = map[string]bool{
	"${BucketName}": true, "${QueueName}": true, "${TopicName}": true,
	"${TableName}": true, "${FunctionName}": true,
}

// placeholderEnd returns the index of the byte closing a placeholder that
// starts at i, or 0.
func placeholderEnd(s string, i int) int {
	switch {
	case strings.HasPrefix(s[i:], "${"):
		if end := strings.IndexByte(s[i:], '}'); end > 0 {
			return i + end
		}
	case s[i] == '<':
		if end := strings.IndexByte(s[i:], '>'); end > 0 {
			return i + end
		}
	}
	return 0
}

// isLiteral reports whether the pattern has no wildcard.
func (p pattern) isLiteral() bool {
	for _, t := range p {
		if t.kind != 0 {
			return false
		}
	}
	return true
}

// match reports whether the pattern matches s; fold compares ASCII letters
// without case.
func (p pattern) match(s string, fold bool) bool {
	// The classic linear-time wildcard match with one backtrack point.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi].kind == 's':
			return p.matchSlashless(s, fold)
		case pi < len(p) && p[pi].kind == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && (p[pi].kind == '?' || sameByte(p[pi].b, s[si], fold)):
			pi++
			si++
		case star >= 0:
			pi, mark = star+1, mark+1
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi].isStar() {
		pi++
	}
	return pi == len(p)
}

// matchSlashless is match for a pattern with a slashless placeholder,
// which one backtrack point cannot handle: the string, as a pattern of
// literals, must overlap it.
func (p pattern) matchSlashless(s string, fold bool) bool {
	lit := make(pattern, len(s))
	for i := range len(s) {
		lit[i] = token{b: s[i]}
	}
	if fold {
		return overlaps(p.lower(), lit.lower())
	}
	return overlaps(p, lit)
}

// lower returns the pattern with its literal ASCII letters in lower case.
func (p pattern) lower() pattern {
	out := make(pattern, len(p))
	for i, t := range p {
		out[i] = token{kind: t.kind, b: lower(t.b)}
	}
	return out
}

func sameByte(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	return fold && lower(a) == lower(b)
}

func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// overlaps reports whether some string matches both patterns: whether a
// policy's resource can name a resource of a type. Both sides may hold
// wildcards, so this is an intersection test, by dynamic programming over
// positions.
func overlaps(a, b pattern) bool {
	memo := make([]int8, (len(a)+1)*(len(b)+1)) // 0 unknown, 1 yes, 2 no
	var f func(i, j int) bool
	f = func(i, j int) bool {
		k := i*(len(b)+1) + j
		if memo[k] != 0 {
			return memo[k] == 1
		}
		ok := overlapStep(a, b, i, j, f)
		memo[k] = 2
		if ok {
			memo[k] = 1
		}
		return ok
	}
	return f(0, 0)
}

func overlapStep(a, b pattern, i, j int, f func(i, j int) bool) bool {
	aStar := i < len(a) && a[i].isStar()
	bStar := j < len(b) && b[j].isStar()
	switch {
	case i == len(a) && j == len(b):
		return true
	case aStar && (f(i+1, j) || (j < len(b) && a[i].swallows(b[j]) && f(i, j+1))):
		return true // a's star matches nothing more, or swallows b's next token
	case bStar && (f(i, j+1) || (i < len(a) && b[j].swallows(a[i]) && f(i+1, j))):
		return true
	case i < len(a) && j < len(b) && !aStar && !bStar:
		if a[i].kind == '?' || b[j].kind == '?' || a[i].b == b[j].b {
			return f(i+1, j+1)
		}
	}
	return false
}

// PatternsOverlap reports whether some name matches both wildcard
// patterns ('*' and '?' wildcards, the rest literal, case-sensitive): two
// OpenSearch Serverless collection patterns ("logs-*", "*-prod") that
// can name one collection.
func PatternsOverlap(a, b string) bool { return overlaps(globPattern(a), globPattern(b)) }
