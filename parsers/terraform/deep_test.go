package terraform

import (
	"encoding/json"
	"strings"
)

// construct is one recursive construct of HCL expressions, written as the
// text before and after what it nests.
type construct struct{ before, after string }

// constructs are the recursive constructs of HCL expressions, by the byte
// a fuzz input names them with. Each nests what it holds at least one
// level deeper and at most three.
var constructs = map[byte]construct{
	'!': {"!", ""},
	'-': {"-", ""},
	'?': {"true ? ", " : false"},
	':': {"false ? 1 : ", ""},
	'+': {"", " + 1"},
	'&': {"", " && true"},
	'=': {"", " == 1"},
	'(': {"(", ")"},
	'[': {"[", "]"},
	'{': {"{ a = ", " }"},
	'i': {"", "[0]"},
	'*': {"", "[*]"},
	'.': {"", ".*"},
	'f': {"tolist(", ")"},
	'o': {"[for x in [1] : ", "]"},
	't': {`"${`, `}"`},
	'I': {`"%{if true}${`, `}%{endif}"`},
	'F': {`"%{for x in [1]}${`, `}%{endfor}"`},
}

// deepExpression nests the constructs named by kinds n times over around
// a literal. Bytes that name no construct are left out; levels is how
// many constructs it nests.
func deepExpression(kinds string, n int) (expr string, levels int) {
	var before, after strings.Builder
	for range n {
		for i := range len(kinds) {
			if c, ok := constructs[kinds[i]]; ok {
				before.WriteString(c.before)
				levels++
			}
		}
	}
	for range n {
		for i := len(kinds) - 1; i >= 0; i-- {
			if c, ok := constructs[kinds[i]]; ok {
				after.WriteString(c.after)
			}
		}
	}
	return before.String() + "1" + after.String(), levels
}

// deepFile is a configuration file whose one resource argument is expr,
// in native syntax or (json) as a template in a .tf.json string.
func deepFile(expr string, json bool) (name, text string) {
	if json {
		return "deep.tf.json", `{"resource": {"aws_iam_user": {"deep": {"name": ` + jsonString("${"+expr+"}") + "}}}}\n"
	}
	return "deep.tf", "resource \"aws_iam_user\" \"deep\" {\n  name = " + expr + "\n}\n"
}

func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}
