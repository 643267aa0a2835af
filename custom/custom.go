package custom

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/rules"
)

//go:embed lib/iacscan.rego
var library string

// libraryFile is the name the library's errors and locations carry.
const libraryFile = "iacscan/lib/iacscan.rego"

// Options tune how custom rules read the inventory.
type Options struct {
	// Version is the iacscan version written into the input document.
	Version string
	// Path rewrites file paths in the input (to make them relative to the
	// working directory, as reports do); nil keeps them.
	Path func(string) string
	// OrgIDs are the user's own AWS Organizations (.iacscan.yml org_ids),
	// for iacscan.is_public as for IAM301/IAM304.
	OrgIDs []string
	// Timeout bounds one rule's evaluation (DefaultTimeout when zero): a
	// rule that runs away is reported and the scan goes on.
	Timeout time.Duration
	// TotalTimeout bounds the evaluation of all rules over one inventory
	// together (DefaultTotalTimeout when zero): the rules left when it is
	// spent are reported as not evaluated.
	TotalTimeout time.Duration
	// MemoryLimit bounds the heap one rule's evaluation may grow
	// (DefaultMemoryLimit when zero): a rule that allocates without end is
	// stopped and reported.
	MemoryLimit uint64
}

// The default bounds of custom rules.
const (
	DefaultTimeout      = time.Minute     // one rule
	DefaultTotalTimeout = 5 * time.Minute // all rules over one inventory
	DefaultMemoryLimit  = 1 << 30         // heap growth of one rule
)

// Set is the custom rules loaded from policy directories, compiled once.
type Set struct {
	rules    []*rules.Rule
	tests    map[string]*ast.Module // _test.rego files, for RunTests
	modules  map[string]*ast.Module // rule and helper modules, and the library
	compiler *ast.Compiler
	builtins []builtin
	opts     Options

	mu     sync.Mutex
	input  *input  // the input of the last inventory evaluated
	errors []error // rules that failed at evaluation

	// evalMu runs one evaluation at a time, so that the heap growing
	// while a rule evaluates is that rule's (see watchMemory) and the time
	// the rules spend together is the sum of theirs.
	evalMu sync.Mutex
	spent  time.Duration // evaluating rules over input.inv, under evalMu
}

// Rules returns the custom rules, sorted by ID.
func (s *Set) Rules() []*rules.Rule { return s.rules }

// Errors returns what went wrong evaluating rules since the set was
// loaded: each names the rule; the other rules ran.
func (s *Set) Errors() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.errors)
}

// Load reads every .rego file under dirs (recursively), compiles them with
// iacscan's library and built-ins, and builds a rule from each package that
// has metadata. taken are the rules already defined (the built-in ones),
// whose IDs and names custom rules may not reuse. A syntax, type or
// metadata error names the file and line.
func Load(dirs []string, taken []*rules.Rule, opts Options) (*Set, error) {
	s := &Set{tests: map[string]*ast.Module{}, modules: map[string]*ast.Module{}, builtins: builtins(iam.Default(), opts.OrgIDs), opts: opts}
	var errs ast.Errors
	for _, dir := range dirs {
		files, err := regoFiles(dir)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("policy: %w", err)
			}
			m, err := parse(f, string(src))
			if err != nil {
				errs = append(errs, asErrors(err)...)
				continue
			}
			if strings.HasSuffix(f, "_test.rego") {
				s.tests[f] = m
			} else {
				s.modules[f] = m
			}
		}
	}
	lib, err := parse(libraryFile, library)
	if err != nil {
		return nil, fmt.Errorf("iacscan's Rego library: %w", err) // a bug: tests parse it
	}
	s.modules[libraryFile] = lib
	if len(errs) > 0 {
		return nil, errorList(errs)
	}
	s.compiler = s.newCompiler()
	if s.compiler.Compile(s.modules); s.compiler.Failed() {
		return nil, errorList(s.compiler.Errors)
	}
	rs, err := s.buildRules(taken)
	if err != nil {
		return nil, err
	}
	s.rules = rs
	return s, nil
}

// regoFiles lists the .rego files under dir, sorted.
func regoFiles(dir string) ([]string, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("policy: %s is not a directory", dir)
	}
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && strings.HasSuffix(path, ".rego") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	slices.Sort(files)
	return files, nil
}

func parse(file, src string) (*ast.Module, error) {
	return ast.ParseModuleWithOpts(file, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
}

// capabilities are OPA's built-ins without those that reach outside the
// process (network, runtime environment) or give another result on another
// run (the clock, randomness), plus iacscan's.
func (s *Set) capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool { return b.Nondeterministic || forbidden[b.Name] })
	for _, d := range declarations(s.builtins) {
		caps.Builtins = append(caps.Builtins, d)
	}
	caps.AllowNet = []string{} // empty: no host, should a network built-in remain
	return caps
}

// forbidden are the built-ins a rule may not call beyond those OPA marks
// non-deterministic (http.send, net.lookup_ip_addr, opa.runtime,
// time.now_ns, rand.intn, uuid.rfc4122, the JWT signing and verifying
// ones, JSON schemas that may fetch a $ref): a scan reads the inputs and
// nothing else, and the same inputs give the same findings. OPA does not
// mark these, but they verify certificates against the clock.
var forbidden = map[string]bool{
	"http.send":          true,
	"net.lookup_ip_addr": true,
	"opa.runtime":        true,
	"crypto.x509.parse_and_verify_certificates":              true,
	"crypto.x509.parse_and_verify_certificates_with_options": true,
}

func (s *Set) newCompiler() *ast.Compiler {
	return ast.NewCompiler().
		WithCapabilities(s.capabilities()).
		WithBuiltins(declarations(s.builtins)).
		WithDefaultRegoVersion(ast.RegoV1).
		WithEnablePrintStatements(false)
}

func asErrors(err error) ast.Errors {
	var es ast.Errors
	if errors.As(err, &es) {
		return es
	}
	return ast.Errors{ast.NewError(ast.ParseErr, nil, "%s", err.Error())}
}

// errorList formats OPA errors one per line as file:line:col: message.
func errorList(es ast.Errors) error {
	lines := make([]string, 0, len(es))
	for _, e := range es {
		lines = append(lines, formatError(e))
	}
	slices.Sort(lines)
	return errors.New(strings.Join(slices.Compact(lines), "\n"))
}

func formatError(e *ast.Error) string {
	msg := e.Code + ": " + e.Message
	if e.Location == nil {
		return msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Location.File, e.Location.Row, e.Location.Col, msg)
}
