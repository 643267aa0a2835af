package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/rules"
)

// Version is the baseline file format version.
const Version = 1

// File is a baseline: the fingerprints of accepted findings, with enough
// context (rule, file, resource, message) for a reviewer to see what each
// entry stands for. Only Fingerprint is used for matching.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding.
type Entry struct {
	Fingerprint string   `json:"fingerprint"`
	Rules       []string `json:"rules"` // the lead rule first
	File        string   `json:"file"`
	Resource    string   `json:"resource"`
	Message     string   `json:"message"`
}

// New records the active findings (suppressed ones need no baseline). Files
// are recorded, and fingerprinted, relative to root (an absolute directory,
// the repository root), so that a baseline matches wherever iacscan runs
// in the repository; "" takes paths as they are.
func New(findings []*rules.Finding, root string) *File {
	b := &File{Version: Version, Findings: []Entry{}}
	occ := rules.Occurrences{}
	for _, f := range findings {
		fp, file := fingerprint(f, root, occ)
		if f.Suppressed != nil {
			continue
		}
		b.Findings = append(b.Findings, Entry{
			Fingerprint: fp,
			Rules:       ruleIDs(f),
			File:        file,
			Resource:    f.Resource,
			Message:     f.Message,
		})
	}
	slices.SortFunc(b.Findings, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Resource, b.Resource),
			slices.Compare(a.Rules, b.Rules), cmp.Compare(a.Fingerprint, b.Fingerprint))
	})
	return b
}

// ruleIDs lists the IDs of the rules a finding carries, the lead rule
// first (rules.Group folds the others into Also).
func ruleIDs(f *rules.Finding) []string {
	ids := []string{f.Rule.ID}
	for _, r := range f.Also {
		ids = append(ids, r.ID)
	}
	return ids
}

// Write writes the baseline as indented JSON with a final newline.
func (b *File) Write(w io.Writer) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// MaxSize bounds a baseline file, as the configuration's size is bounded:
// an entry takes a few hundred bytes, so this holds some hundred thousand
// findings, and a baseline naming /dev/zero or a huge file is refused
// before it is read.
const MaxSize = 64 << 20

// Load reads a baseline file: a regular file of at most MaxSize bytes.
func Load(path string) (*File, error) {
	data, err := read(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b File
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("baseline %s: not a baseline file (iacscan baseline makes one): %w", path, err)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("baseline %s: version %d, this iacscan reads version %d", path, b.Version, Version)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: entry %d has no fingerprint", path, i+1)
		}
	}
	return &b, nil
}

// read reads the file at path, when it is a regular file of at most
// MaxSize bytes.
func read(path string) ([]byte, error) {
	// Stat first: opening a FIFO would wait for a writer.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: safefile.ErrNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: safefile.ErrNotRegular}
	}
	data, err := safefile.ReadAll(f, MaxSize)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}

// Stats says what applying a baseline did.
type Stats struct {
	Baselined int // findings marked as baselined
	Stale     int // entries that matched no finding: fixed, or changed beyond recognition
}

// Apply marks the findings the baseline holds as suppressed (kind
// "baseline"). A finding already suppressed inline keeps that suppression
// but still counts as a match for its entry. root is as for New; path is
// the baseline's, for the suppression's reason.
func (b *File) Apply(findings []*rules.Finding, root, path string) Stats {
	want := make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		want[e.Fingerprint] = false
	}
	var s Stats
	occ := rules.Occurrences{}
	for _, f := range findings {
		fp, _ := fingerprint(f, root, occ)
		if _, ok := want[fp]; !ok {
			continue
		}
		want[fp] = true
		if f.Suppressed == nil {
			f.Suppressed = &rules.Suppression{Kind: "baseline", Reason: "in the baseline " + path}
			s.Baselined++
		}
	}
	for _, matched := range want {
		if !matched {
			s.Stale++
		}
	}
	return s
}

// fingerprint is the finding's numbered fingerprint (rules.Occurrences: two
// findings may share one) with its file relative to root, and that file.
// Findings must come in report order, inline-suppressed ones included, so
// that numbers agree between runs.
func fingerprint(f *rules.Finding, root string, occ rules.Occurrences) (fp, file string) {
	file = f.Loc.File
	if root != "" && file != "" && file != "<stdin>" {
		abs := file
		if !filepath.IsAbs(abs) {
			if a, err := filepath.Abs(abs); err == nil {
				abs = a
			}
		}
		if rel, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
	}
	c := *f
	c.Loc.File = file
	return occ.Next(&c), file
}
