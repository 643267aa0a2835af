package plan

import (
	"fmt"
	"strings"
)

// moduleCalls returns the module call names of a module instance address:
// ["a", "b"] for module.a["x"].module.b[0], nil for the root module. Instance
// keys are dropped: every instance of a call shares its source.
func moduleCalls(addr string) ([]string, error) {
	var calls []string
	rest := addr
	for rest != "" {
		after, ok := strings.CutPrefix(rest, "module.")
		if !ok {
			return nil, fmt.Errorf("malformed module address %q", addr)
		}
		end := strings.IndexAny(after, ".[")
		if end < 0 {
			end = len(after)
		}
		if end == 0 {
			return nil, fmt.Errorf("malformed module address %q", addr)
		}
		calls = append(calls, after[:end])
		rest = after[end:]
		if strings.HasPrefix(rest, "[") {
			n, err := keyLen(rest)
			if err != nil {
				return nil, fmt.Errorf("malformed module address %q: %w", addr, err)
			}
			rest = rest[n:]
		}
		if rest != "" {
			if rest, ok = strings.CutPrefix(rest, "."); !ok {
				return nil, fmt.Errorf("malformed module address %q", addr)
			}
		}
	}
	return calls, nil
}

// keyLen returns the length of the instance key at the start of s: [0] or
// ["a \"quoted\" key"].
func keyLen(s string) (int, error) {
	if len(s) > 1 && s[1] == '"' {
		for i := 2; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				if i+1 < len(s) && s[i+1] == ']' {
					return i + 2, nil
				}
				return 0, fmt.Errorf("expected ] after instance key")
			}
		}
		return 0, fmt.Errorf("unterminated instance key")
	}
	end := strings.IndexByte(s, ']')
	if end < 2 {
		return 0, fmt.Errorf("malformed instance key")
	}
	return end + 1, nil
}

// callKey is how a module call path is keyed here and in Terraform's
// .terraform/modules/modules.json: "a.b"; "" for the root module.
func callKey(calls []string) string { return strings.Join(calls, ".") }

// resourceKey is the module-relative address of a resource block:
// aws_iam_role.app or data.aws_iam_policy_document.d.
func resourceKey(data bool, typ, name string) string {
	if data {
		return "data." + typ + "." + name
	}
	return typ + "." + name
}
