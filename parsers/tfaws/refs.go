package tfaws

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// RefID returns the inventory ID of the resource an unknown value refers to,
// with the module prefix of the instance it appears in: the value of
// aws_iam_role.app.name in module.app refers to module.app.aws_iam_role.app.
// Known values and expressions that name no resource (var.x, local.y, a
// function call) give "".
func RefID(v model.Value, module string) string {
	if !v.Unknown {
		return ""
	}
	expr := v.Expr
	if expr == "" {
		inner, ok := strings.CutPrefix(v.Text, "${")
		if !ok || !strings.HasSuffix(inner, "}") || strings.Contains(inner, "${") {
			return ""
		}
		expr = strings.TrimSuffix(inner, "}")
	}
	addr := ResourceAddress(expr)
	if addr == "" {
		return ""
	}
	if module != "" {
		return module + "." + addr
	}
	return addr
}

// ResourceAddress returns the address of the resource instance a reference
// expression points into: module.a.aws_iam_role.r["k"] for
// module.a.aws_iam_role.r["k"].arn, data.aws_iam_policy.p for
// data.aws_iam_policy.p.arn. It returns "" for anything else.
func ResourceAddress(expr string) string {
	steps, ok := splitTraversal(expr)
	if !ok {
		return ""
	}
	var out []string
	i := 0
	for i+1 < len(steps) && steps[i] == "module" && isName(steps[i+1]) {
		mod := "module." + steps[i+1]
		i += 2
		if i < len(steps) && isIndex(steps[i]) {
			mod += steps[i]
			i++
		}
		out = append(out, mod)
	}
	data := false
	if i < len(steps) && steps[i] == "data" {
		data = true
		i++
	}
	if i+1 >= len(steps) || !isResourceType(steps[i]) || !isName(steps[i+1]) {
		return ""
	}
	res := steps[i] + "." + steps[i+1]
	if data {
		res = "data." + res
	}
	if i+2 < len(steps) && isIndex(steps[i+2]) {
		if steps[i+2] == "[*]" {
			return ""
		}
		res += steps[i+2]
	}
	return strings.Join(append(out, res), ".")
}

// splitTraversal splits a.b["k"][0].c into a, b, ["k"], [0], c. It fails on
// anything that is not a plain traversal.
func splitTraversal(expr string) ([]string, bool) {
	var steps []string
	s := strings.TrimSpace(expr)
	for s != "" {
		switch s[0] {
		case '.':
			s = s[1:]
		case '[':
			end := indexClose(s)
			if end < 0 {
				return nil, false
			}
			steps = append(steps, s[:end+1])
			s = s[end+1:]
		default:
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			if !isName(s[:end]) {
				return nil, false
			}
			steps = append(steps, s[:end])
			s = s[end:]
		}
	}
	return steps, len(steps) > 0
}

// indexClose finds the bracket that closes the index starting s, skipping a
// quoted key.
func indexClose(s string) int {
	quoted := false
	for i := 1; i < len(s); i++ {
		switch {
		case quoted && s[i] == '\\':
			i++
		case s[i] == '"':
			quoted = !quoted
		case !quoted && s[i] == ']':
			return i
		}
	}
	return -1
}

func isIndex(step string) bool { return strings.HasPrefix(step, "[") }

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// isResourceType reports whether a root name is a resource type rather than
// one of the other roots of Terraform expressions.
func isResourceType(s string) bool {
	switch s {
	case "var", "local", "each", "count", "self", "path", "terraform", "module", "data":
		return false
	}
	return strings.Contains(s, "_") && isName(s)
}
