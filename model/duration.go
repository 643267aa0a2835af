package model

import (
	"strconv"
	"strings"
)

// ISODurationSeconds turns an ISO 8601 duration as IAM Identity Center
// writes session durations ("PT8H", "PT1H30M") into seconds, in a Value
// that keeps v's location. An unknown or unset value is returned as it is;
// one that is not such a duration becomes unknown rather than guessed at.
func ISODurationSeconds(v Value) Value {
	if !v.IsKnown() {
		return v
	}
	rest, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(v.Text)), "PT")
	seconds := 0
	for ok && rest != "" {
		i := strings.IndexAny(rest, "HMS")
		if i <= 0 {
			ok = false
			break
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n < 0 {
			ok = false
			break
		}
		seconds += n * map[byte]int{'H': 3600, 'M': 60, 'S': 1}[rest[i]]
		rest = rest[i+1:]
	}
	if !ok || seconds == 0 {
		return Value{Text: v.Text, Unknown: true, Expr: v.Text, Loc: v.Loc, Set: true}
	}
	return Value{Text: strconv.Itoa(seconds), Loc: v.Loc, Set: true}
}
