package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// Case is one archive of the suite.
type Case struct {
	Name    string // file name without extension
	Doc     []string
	Account string
	// Formats are the input formats the case is written in ("formats:
	// terraform plan cloudformation"), each under a directory of that
	// name; every request is asked of each. Empty: the inputs are one.
	Formats  []string
	Requests []Request
	archive  *txtar.Archive
}

// Request is one line of a case's requests.
type Request struct {
	Line      int
	Principal string
	Action    string
	Resource  string
	Context   []string
	// Endpoint is the VPC endpoint the request goes through
	// (--via-endpoint); SessionPolicy the archive's file holding the
	// session policy (--session-policy @FILE).
	Endpoint, SessionPolicy string
	// Args are the request's words as `iacscan can` takes them, after the
	// principal and the action; a word @FILE names a file of the archive.
	Args    []string
	Verdict string
	Step    string
	// Chain, when set, says that the decision is of the role chain through
	// these roles ("=> VERDICT / STEP through A -> B"), not the
	// principal's own answer.
	Chain []string
	// Only, when set, are the formats the request is asked in ("[plan
	// terraform] REQUEST"): one that names an element by its address or
	// logical ID, or that a format cannot declare.
	Only []string
}

// In reports whether the request is asked in a variant of its case.
func (r Request) In(variant string) bool {
	return len(r.Only) == 0 || slices.Contains(r.Only, variant)
}

// String is the request as written, without its decision.
func (r Request) String() string {
	return strings.Join(append([]string{r.Principal, r.Action}, r.Args...), " ")
}

// Decision is the decision as written: "VERDICT / STEP", then " through
// CHAIN" for a role chain's.
func (r Request) Decision() string {
	d := r.Verdict + " / " + r.Step
	if len(r.Chain) > 0 {
		d += " through " + strings.Join(r.Chain, " -> ")
	}
	return d
}

// ArgsIn is Args with each @FILE the path of that file of the archive
// extracted under dir.
func (r Request) ArgsIn(dir string) []string {
	args := slices.Clone(r.Args)
	for i, a := range args {
		if name, ok := strings.CutPrefix(a, "@"); ok {
			args[i] = filepath.Join(dir, filepath.FromSlash(name))
		}
	}
	return args
}

// Load reads every case of a directory, in name order.
func Load(dir string) ([]Case, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []Case
	for _, p := range paths {
		c, err := parse(p)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func parse(path string) (Case, error) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		return Case{}, err
	}
	c := Case{Name: strings.TrimSuffix(filepath.Base(path), ".txtar"), archive: ar}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "#"))
		if v, ok := strings.CutPrefix(line, "doc:"); ok {
			c.Doc = append(c.Doc, strings.TrimSpace(v))
		}
		if v, ok := strings.CutPrefix(line, "account:"); ok {
			c.Account = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "formats:"); ok {
			c.Formats = strings.Fields(v)
		}
	}
	if len(c.Doc) == 0 {
		return Case{}, fmt.Errorf("%s: no doc: line naming the AWS documentation", path)
	}
	for _, f := range ar.Files {
		if f.Name != "requests" {
			continue
		}
		for i, line := range strings.Split(string(f.Data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			r, err := parseRequest(line)
			if err != nil {
				return Case{}, fmt.Errorf("%s: requests:%d: %w", path, i+1, err)
			}
			r.Line = i + 1
			c.Requests = append(c.Requests, r)
		}
	}
	if len(c.Requests) == 0 {
		return Case{}, fmt.Errorf("%s: no requests", path)
	}
	for _, r := range c.Requests {
		for _, f := range r.Only {
			if !slices.Contains(c.Formats, f) {
				return Case{}, fmt.Errorf("%s: requests:%d: [%s]: not one of the case's formats", path, r.Line, f)
			}
		}
	}
	for _, format := range c.Formats {
		if !slices.ContainsFunc(ar.Files, func(f txtar.File) bool { return strings.HasPrefix(f.Name, format+"/") }) {
			return Case{}, fmt.Errorf("%s: formats: no file under %s/", path, format)
		}
	}
	return c, nil
}

func parseRequest(line string) (Request, error) {
	var only []string
	if rest, ok := strings.CutPrefix(line, "["); ok {
		formats, after, ok := strings.Cut(rest, "]")
		if !ok {
			return Request{}, fmt.Errorf("%q: want [FORMAT …] before the request", line)
		}
		only, line = strings.Fields(formats), strings.TrimSpace(after)
	}
	ask, decision, ok := strings.Cut(line, "=>")
	if !ok {
		return Request{}, fmt.Errorf("%q: want REQUEST => VERDICT / STEP", line)
	}
	verdict, step, ok := strings.Cut(decision, "/")
	if !ok {
		return Request{}, fmt.Errorf("%q: want VERDICT / STEP after =>", line)
	}
	step, chain, chained := strings.Cut(step, " through ")
	words := strings.Fields(ask)
	if len(words) < 2 {
		return Request{}, fmt.Errorf("%q: want PRINCIPAL ACTION", line)
	}
	r := Request{Principal: words[0], Action: words[1], Args: words[2:], Only: only,
		Verdict: strings.TrimSpace(verdict), Step: strings.TrimSpace(step)}
	if chained {
		for _, role := range strings.Split(chain, "->") {
			r.Chain = append(r.Chain, strings.TrimSpace(role))
		}
	}
	for i := 0; i < len(r.Args); i++ {
		if i+1 >= len(r.Args) {
			return Request{}, fmt.Errorf("%q: %s needs a value", line, r.Args[i])
		}
		switch r.Args[i] {
		case "--resource":
			r.Resource = r.Args[i+1]
		case "--context":
			r.Context = append(r.Context, r.Args[i+1])
		case "--via-endpoint":
			r.Endpoint = r.Args[i+1]
		case "--session-policy":
			name, ok := strings.CutPrefix(r.Args[i+1], "@")
			if !ok {
				return Request{}, fmt.Errorf("%q: --session-policy takes @FILE, a file of the archive", line)
			}
			r.SessionPolicy = name
		default:
			return Request{}, fmt.Errorf("%q: unknown word %q", line, r.Args[i])
		}
		i++
	}
	return r, nil
}

// Variants are the formats each request is asked in: the case's Formats,
// or one unnamed variant for a case whose inputs are one.
func (c Case) Variants() []string {
	if len(c.Formats) == 0 {
		return []string{""}
	}
	return c.Formats
}

// Extract writes the case's inputs in one variant under dir: the files of
// that format's directory, without it, and those of no format's.
func (c Case) Extract(dir, variant string) error {
	for _, f := range c.archive.Files {
		if f.Name == "requests" {
			continue
		}
		name := f.Name
		if top, rest, ok := strings.Cut(name, "/"); ok && slices.Contains(c.Formats, top) {
			if top != variant {
				continue
			}
			name = rest
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
