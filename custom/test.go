package custom

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one test_ rule of a _test.rego file.
type TestResult struct {
	Name    string // data.PACKAGE.test_NAME
	File    string
	Line    int
	Passed  bool
	Skipped bool   // todo_test_ rules
	Error   string // why the test could not run (an evaluation error)
}

// Test runs the _test.rego files of the policy directories with OPA's test
// runner, with iacscan's library and built-ins, and returns one result per
// test, sorted by location.
func (s *Set) Test(ctx context.Context) ([]TestResult, error) {
	modules := maps.Clone(s.modules)
	maps.Copy(modules, s.tests)
	runner := tester.NewRunner().
		SetCompiler(s.newCompiler()).
		AddCustomBuiltins(testerBuiltins(s.builtins)).
		SetDefaultRegoVersion(ast.RegoV1).
		RaiseBuiltinErrors(true).
		CapturePrintOutput(false)
	ch, err := runner.Run(ctx, modules)
	if err != nil {
		var es ast.Errors
		if errors.As(err, &es) {
			return nil, errorList(es)
		}
		return nil, fmt.Errorf("running policy tests: %w", err)
	}
	var out []TestResult
	for r := range ch {
		res := TestResult{
			Name:    r.Package + "." + r.Name,
			Passed:  r.Pass() && r.Error == nil && !r.Skip,
			Skipped: r.Skip,
		}
		if r.Location != nil {
			res.File, res.Line = r.Location.File, r.Location.Row
		}
		if r.Error != nil {
			res.Error = r.Error.Error()
		}
		out = append(out, res)
	}
	slices.SortFunc(out, func(a, b TestResult) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), strings.Compare(a.Name, b.Name))
	})
	return out, nil
}

// HasTests reports whether the directories hold any _test.rego file.
func (s *Set) HasTests() bool { return len(s.tests) > 0 }
