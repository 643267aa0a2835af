package cloudformation

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed samtemplates.txt
var samTemplatesText string

// samTemplate is a SAM policy template: its parameters and statements.
type samTemplate struct {
	params     []string
	statements []samStatement
}

// samStatement is one Allow statement of a policy template. Resources and
// condition values are Fn::Sub patterns over the template's parameters.
type samStatement struct {
	actions   []string
	resources []string
	condition *samCondition
}

type samCondition struct{ operator, key, value string }

// samTemplates returns the policy template table, parsed once. The table
// is part of the program, so a mistake in it is a programming error.
var samTemplates = sync.OnceValue(func() map[string]*samTemplate {
	table, err := parseSAMTemplates(samTemplatesText)
	if err != nil {
		panic(err)
	}
	return table
})

func parseSAMTemplates(text string) (map[string]*samTemplate, error) {
	table := make(map[string]*samTemplate)
	var cur *samTemplate
	for i, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		bad := func(what string) error { return fmt.Errorf("samtemplates.txt:%d: %s", i+1, what) }
		word, args := fields[0], fields[1:]
		if word != "template" && cur == nil {
			return nil, bad(word + " outside a template")
		}
		switch word {
		case "template":
			if len(args) == 0 || table[args[0]] != nil {
				return nil, bad("template needs a new name")
			}
			cur = &samTemplate{params: args[1:]}
			table[args[0]] = cur
		case "allow":
			cur.statements = append(cur.statements, samStatement{actions: args})
		case "on", "if":
			if len(cur.statements) == 0 {
				return nil, bad(word + " before allow")
			}
			st := &cur.statements[len(cur.statements)-1]
			if word == "on" {
				st.resources = append(st.resources, args...)
			} else if len(args) == 3 {
				st.condition = &samCondition{args[0], args[1], args[2]}
			} else {
				return nil, bad("if needs an operator, a key and a value")
			}
		default:
			return nil, bad("unknown word " + word)
		}
	}
	return table, nil
}
