package plan

// valid reports whether data is one JSON value, with white space around it,
// as json.Valid does (invalid UTF-8 in strings is accepted: encoding/json
// decodes it as U+FFFD). It is what lets the reader convert a resource from
// its text without encoding/json, whose scanner is a function call per byte:
// where valid is false, the resource is decoded by encoding/json for its
// error. FuzzValid holds the two to the same answers.
func valid(data []byte) bool {
	end, ok := validValue(data, skipSpace(data, 0), 0)
	return ok && skipSpace(data, end) == len(data)
}

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// validValue checks the value at i, depth containers deep, and returns the
// offset past it.
func validValue(data []byte, i, depth int) (int, bool) {
	if i >= len(data) {
		return i, false
	}
	switch c := data[i]; {
	case c == '{':
		return validContainer(data, i, depth, '}', true)
	case c == '[':
		return validContainer(data, i, depth, ']', false)
	case c == '"':
		return validString(data, i)
	case c == '-' || '0' <= c && c <= '9':
		return validNumber(data, i)
	case c == 't':
		return literal(data, i, "true")
	case c == 'f':
		return literal(data, i, "false")
	case c == 'n':
		return literal(data, i, "null")
	}
	return i, false
}

func literal(data []byte, i int, word string) (int, bool) {
	end := i + len(word)
	return end, end <= len(data) && string(data[i:end]) == word
}

// validContainer checks the object (keyed) or array at i.
func validContainer(data []byte, i, depth int, closing byte, keyed bool) (int, bool) {
	if depth+1 > maxDepth {
		return i, false
	}
	j := skipSpace(data, i+1)
	if j < len(data) && data[j] == closing {
		return j + 1, true
	}
	for {
		var ok bool
		if keyed {
			if j >= len(data) || data[j] != '"' {
				return j, false
			}
			if j, ok = validString(data, j); !ok {
				return j, false
			}
			j = skipSpace(data, j)
			if j >= len(data) || data[j] != ':' {
				return j, false
			}
			j = skipSpace(data, j+1)
		}
		if j, ok = validValue(data, j, depth+1); !ok {
			return j, false
		}
		j = skipSpace(data, j)
		switch {
		case j >= len(data):
			return j, false
		case data[j] == closing:
			return j + 1, true
		case data[j] != ',':
			return j, false
		}
		j = skipSpace(data, j+1)
	}
}

// validString checks the string at i: no control characters, escapes that
// JSON has.
func validString(data []byte, i int) (int, bool) {
	for j := i + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			return j + 1, true
		case c < 0x20:
			return j, false
		case c == '\\':
			j++
			if j >= len(data) {
				return j, false
			}
			switch data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(data) {
					return j, false
				}
				for _, h := range data[j+1 : j+5] {
					if !isHex(h) {
						return j, false
					}
				}
				j += 4
			default:
				return j, false
			}
		}
	}
	return len(data), false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// validNumber checks the number at i: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(data []byte, i int) (int, bool) {
	j := i
	if data[j] == '-' {
		j++
	}
	switch {
	case j >= len(data):
		return j, false
	case data[j] == '0':
		j++
	case '1' <= data[j] && data[j] <= '9':
		j = digits(data, j)
	default:
		return j, false
	}
	if j < len(data) && data[j] == '.' {
		k := digits(data, j+1)
		if k == j+1 {
			return k, false
		}
		j = k
	}
	if j < len(data) && (data[j] == 'e' || data[j] == 'E') {
		j++
		if j < len(data) && (data[j] == '+' || data[j] == '-') {
			j++
		}
		k := digits(data, j)
		if k == j {
			return k, false
		}
		j = k
	}
	return j, true
}

func digits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}
