package terraform

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"go.yaml.in/yaml/v3"
)

// function wraps a function so that it pays for the arguments it is given,
// is not called when its result would exceed maxValueSize (the functions
// whose result can be far larger than their arguments), and returns only
// results within the bounds.
func (b *budget) function(name string, fn function.Function) function.Function {
	estimate := resultSize[name]
	return function.New(&function.Spec{
		Params:   fn.Params(),
		VarParam: fn.VarParam(),
		Type:     fn.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if !b.spend(measure(args...).nodes) {
				return cty.NilVal, errLimit
			}
			if estimate != nil && estimate(args) > maxValueSize {
				b.refuse(fmt.Sprintf("%s() with a result of more than %d elements and bytes", name, maxValueSize))
				return cty.NilVal, errLimit
			}
			v, err := fn.Call(args)
			if err != nil {
				return cty.NilVal, err
			}
			if !b.fits(v) {
				return cty.NilVal, errLimit
			}
			return v, nil
		},
	})
}

// resultSize gives, for the functions whose result can outgrow their
// arguments, an upper bound of the size of the result (elements plus
// bytes) computed without building it. Arguments are known: the
// parameters of these functions do not accept unknown values.
var resultSize = map[string]func(args []cty.Value) int{
	"setproduct": func(args []cty.Value) int {
		n := 1
		for _, a := range args {
			if !plain(a).CanIterateElements() {
				return 0
			}
			n = saturatingMul(n, plain(a).LengthInt()+1)
		}
		return saturatingMul(n, len(args)+1)
	},
	"replace": func(args []cty.Value) int {
		str, search, repl := str(args[0]), str(args[1]), str(args[2])
		matches := strings.Count(str, search)
		if len(search) > 1 && strings.HasPrefix(search, "/") && strings.HasSuffix(search, "/") {
			re, err := regexp.Compile(search[1 : len(search)-1])
			if err != nil {
				return 0
			}
			matches = len(re.FindAllStringIndex(str, -1))
		}
		return len(str) + saturatingMul(matches, len(repl))
	},
	"join": func(args []cty.Value) int {
		size, items := 0, 0
		for _, list := range args[1:] {
			for it := plain(list).ElementIterator(); it.Next(); {
				_, e := it.Element()
				size += len(str(e))
				items++
			}
		}
		return size + saturatingMul(items, len(str(args[0])))
	},
	"indent": func(args []cty.Value) int {
		s := str(args[1])
		return len(s) + saturatingMul(strings.Count(s, "\n"), count(args[0]))
	},
	"format":     formatSize,
	"formatlist": formatSize,
	"yamldecode": func(args []cty.Value) int { return yamlSize(str(args[0])) },
}

// formatSize bounds what a format string writes: its own text, every width
// and precision in it, and each verb writing the largest argument.
func formatSize(args []cty.Value) int {
	format := str(args[0])
	largest, rows := 0, 1
	for _, a := range args[1:] {
		largest = max(largest, measure(a).size)
		if p := plain(a); p.IsKnown() && !p.IsNull() && (p.Type().IsListType() || p.Type().IsTupleType()) {
			rows = max(rows, p.LengthInt())
		}
	}
	size := len(format) + saturatingMul(strings.Count(format, "%"), largest)
	for _, n := range regexp.MustCompile(`[0-9]+`).FindAllString(format, -1) {
		if len(n) > 7 {
			return maxValueSize + 1
		}
		var w int
		fmt.Sscan(n, &w)
		size += w
	}
	return saturatingMul(size, rows)
}

// yamlSize is the number of nodes of a YAML document with its aliases
// expanded, as decoding it would build them.
func yamlSize(text string) int {
	var doc yaml.Node
	if yaml.Unmarshal([]byte(text), &doc) != nil {
		return 0 // the decoder reports it
	}
	sizes := make(map[*yaml.Node]int)
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if n == nil {
			return 0
		}
		if s, ok := sizes[n]; ok {
			return s // an alias of an alias being sized is a cycle: 0, and the decoder fails
		}
		sizes[n] = 0
		s := 1 + utf8.RuneCountInString(n.Value)
		if n.Kind == yaml.AliasNode {
			s = size(n.Alias)
		}
		for _, c := range n.Content {
			s = saturatingAdd(s, size(c))
		}
		sizes[n] = s
		return s
	}
	return size(&doc)
}

func plain(v cty.Value) cty.Value {
	v, _ = v.Unmark()
	return v
}

// str is a known string argument, or "".
func str(v cty.Value) string {
	v = plain(v)
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// count is a known whole number argument, at most maxValueSize+1, or 0.
func count(v cty.Value) int {
	v = plain(v)
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
		return 0
	}
	n, _ := v.AsBigFloat().Int64()
	return int(min(max(n, 0), maxValueSize+1))
}

func saturatingMul(a, b int) int {
	if a != 0 && b > (maxValueSize+1)/a {
		return maxValueSize + 1
	}
	return a * b
}

func saturatingAdd(a, b int) int {
	return min(a+b, maxValueSize+1)
}
