package terraform

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/iacscan/iacscan/internal/parallel"
	"github.com/iacscan/iacscan/internal/safefile"
)

// sketcher sketches the modules in dirs in parallel and returns a lookup
// for layout: dirs' sketches (the first spelling of a directory wins), and
// other directories sketched when asked.
func (sc *scanner) sketcher(dirs []string) func(dir string) *module {
	sketches := make([]*module, len(dirs))
	parallel.For(len(dirs), func(i int) { sketches[i] = sketchModule(dirs[i], sc.files) })
	byKey := make(map[string]*module, len(dirs))
	for i, dir := range dirs {
		key := cleanDir(dir)
		if _, ok := byKey[key]; !ok {
			byKey[key] = sketches[i]
		}
	}
	return func(dir string) *module {
		if m, ok := byKey[cleanDir(dir)]; ok {
			return m
		}
		return sketchModule(dir, sc.files)
	}
}

// sketchModule reads the local module calls of the module in dir without
// parsing its HCL: a guess, at a fraction of a parse's cost, of the calls
// the parse will find (the scanner checks it). The files read are kept in
// the module's sources for its parse. Nil means dir cannot be read, as for
// parseModule.
func sketchModule(dir string, files safefile.Root) *module {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	m := &module{dir: dir, sources: make(map[string][]byte)}
	reader := files.DirReader(dir)
	for _, e := range entries {
		if e.IsDir() || !IsConfigFile(e.Name()) || isOverride(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		src, err := reader.ReadFile(e.Name())
		if err != nil {
			continue
		}
		m.sources[path] = src
		if strings.HasSuffix(path, ".json") {
			m.calls = append(m.calls, jsonCalls(src, path)...)
			continue
		}
		for _, source := range sketchSources(src) {
			m.calls = append(m.calls, &call{source: source})
		}
	}
	return m
}

// jsonCalls parses a .tf.json file for its module calls: JSON
// configuration is rare and quick to parse. Like the parse, it leaves
// alone text nested too deeply for hcl.
func jsonCalls(src []byte, path string) []*call {
	if CheckNesting(src, path, true).HasErrors() {
		return nil
	}
	m := &module{}
	f, _ := hclparse.NewParser().ParseJSON(src, path)
	if f == nil || f.Body == nil {
		return nil
	}
	content, _, _ := f.Body.PartialContent(fileSchema)
	for _, b := range content.Blocks {
		if b.Type == "module" {
			m.addCall(b, blockRange(b))
		}
	}
	return m.calls
}

// sketchSources returns the literal sources of the module blocks in HCL
// text, read line by line: a line `module "NAME" {` opens a block, whose
// first line `source = "..."` gives its source, and a line starting with
// `}` closes it; a one-line block `module "NAME" { source = "..." }` gives
// its source at once. Sources that are not plain string literals are left
// out, as are blocks written otherwise, which the check against the parse
// catches.
func sketchSources(src []byte) []string {
	var (
		out      []string
		inModule bool
	)
	for line := range bytes.Lines(src) {
		t := bytes.TrimSpace(line)
		switch {
		case !inModule:
			rest, ok := moduleHeader(t)
			if !ok {
				continue
			}
			if arg, oneLine := bytes.CutSuffix(rest, []byte("}")); oneLine {
				if s, ok := sourceLiteral(bytes.TrimSpace(arg)); ok {
					out = append(out, s)
				}
				continue
			}
			inModule = true
		case line[0] == '}':
			inModule = false
		default:
			if s, ok := sourceLiteral(t); ok {
				out = append(out, s)
				inModule = false
			}
		}
	}
	return out
}

// moduleHeader reads a line that opens a module block, `module "NAME" {`
// and what follows the brace (a comment, or the rest of a one-line block).
func moduleHeader(line []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(line, []byte("module"))
	if !ok || len(rest) == 0 || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"') {
		return nil, false
	}
	_, after, ok := bytes.Cut(rest, []byte("{"))
	return after, ok
}

// sourceLiteral returns X of a line `source = "X"` (an optional comment
// after it) when X is a plain string: no escapes, no template.
func sourceLiteral(line []byte) (string, bool) {
	rest, ok := bytes.CutPrefix(line, []byte("source"))
	if !ok {
		return "", false
	}
	rest, ok = bytes.CutPrefix(bytes.TrimLeft(rest, " \t"), []byte("="))
	if !ok {
		return "", false
	}
	rest, ok = bytes.CutPrefix(bytes.TrimLeft(rest, " \t"), []byte(`"`))
	if !ok {
		return "", false
	}
	lit, after, ok := bytes.Cut(rest, []byte(`"`))
	if !ok || bytes.ContainsAny(lit, `\`) || bytes.Contains(lit, []byte("${")) || bytes.Contains(lit, []byte("%{")) {
		return "", false
	}
	after = bytes.TrimLeft(after, " \t")
	if len(after) > 0 && after[0] != '#' && !bytes.HasPrefix(after, []byte("//")) {
		return "", false
	}
	return string(lit), true
}
