package syntax

import "strings"

// ReplacePlaceholders replaces each ${…} part of JSON text not known before
// deploy by stand, for text whose parts all lie inside strings (a heredoc
// policy interpolating an ARN), and returns the parts in order. ok is false
// when a part stands where JSON structure goes (${jsonencode(…)}) or is not
// closed: the text could be anything then. A part is atomic: braces and
// quotes inside it are its own.
func ReplacePlaceholders(text, stand string) (out string, parts []string, ok bool) {
	var b strings.Builder
	inString := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '$' && i+1 < len(text) && text[i+1] == '{':
			if !inString {
				return "", nil, false
			}
			depth, j := 0, i+1
			for ; j < len(text); j++ {
				if text[j] == '{' {
					depth++
				} else if text[j] == '}' {
					if depth--; depth == 0 {
						break
					}
				}
			}
			if j == len(text) {
				return "", nil, false
			}
			parts = append(parts, text[i:j+1])
			b.WriteString(stand)
			i = j
			continue
		case inString && c == '\\' && i+1 < len(text):
			b.WriteByte(c)
			i++
			c = text[i]
		case c == '"':
			inString = !inString
		}
		b.WriteByte(c)
	}
	return b.String(), parts, true
}
