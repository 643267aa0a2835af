package parsers_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers"
	"github.com/iacscan/iacscan/parsers/format"
	"github.com/iacscan/iacscan/rules"
	"github.com/iacscan/iacscan/syntax"
)

// aclFormat is a made-up input format, added the way a real one is: a type
// with a name, the file names a walk offers it, a claim and a read, and one
// line in the list of formats. Its files grant permissions one line each,
// "allow ACTION RESOURCE", after a "#acl" first line.
type aclFormat struct{}

func (aclFormat) Name() model.Source { return "acl" }

func (aclFormat) Walks(name string) bool { return strings.HasSuffix(name, ".acl") }

func (aclFormat) Claim(in *format.Input) bool { return bytes.HasPrefix(in.Head(), []byte("#acl\n")) }

func (aclFormat) Read(in *format.Input) (*model.Inventory, []error) {
	var errs []error
	var stmts []*syntax.Node
	loc := func(line int) model.Location { return model.Location{File: in.Name(), StartLine: line, EndLine: line} }
	sc := bufio.NewScanner(bytes.NewReader(in.Data()))
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if line == 1 || len(f) == 0 {
			continue
		}
		if len(f) != 3 || f[0] != "allow" {
			errs = append(errs, model.Errorf(loc(line), "want: allow ACTION RESOURCE"))
			continue
		}
		stmts = append(stmts, &syntax.Node{Kind: syntax.KindMap, Loc: loc(line), Entries: []*syntax.Entry{
			{Key: "Effect", Value: syntax.StringNode("Allow", loc(line))},
			{Key: "Action", Value: syntax.StringNode(f[1], loc(line))},
			{Key: "Resource", Value: syntax.StringNode(f[2], loc(line))},
		}})
	}
	doc := &syntax.Node{Kind: syntax.KindMap, Loc: loc(1), Entries: []*syntax.Entry{
		{Key: "Version", Value: syntax.StringNode("2012-10-17", loc(1))},
		{Key: "Statement", Value: &syntax.Node{Kind: syntax.KindList, Loc: loc(1), Items: stmts}},
	}}
	p := &model.Policy{
		Meta:     model.Meta{ID: "acl", Type: "acl", Source: "acl", Loc: loc(1)},
		Kind:     model.Managed,
		Document: syntax.DecodeDocument(doc),
	}
	return &model.Inventory{Files: []string{in.Name()}, Policies: []*model.Policy{p}}, errs
}

// Adding an input format touches nothing but the format itself and the
// list: the walk offers its files, the loader scopes and merges what it
// reads, unclaimed files are still skipped or reported, and every rule
// runs on it unchanged.
func TestAddFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"admin.acl":   "#acl\nallow * *\nallow s3:GetObject\n",
		"other.acl":   "not ours\n",
		"policy.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
		"notes.txt":   "#acl\nallow * *\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	formats, _ := parsers.Formats(parsers.Options{})
	// The one line: before CloudFormation, which takes any other file
	// named on the command line, to say what is wrong with it.
	formats = append([]format.Format{aclFormat{}}, formats...)
	inv, errs := parsers.Read(formats, []string{dir, filepath.Join(dir, "notes.txt"), filepath.Join(dir, "other.acl")}, parsers.Options{})

	var got []string
	for _, err := range errs {
		got = append(got, strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	}
	for _, p := range inv.Policies {
		got = append(got, fmt.Sprintf("policy %s %s scope=%s", p.Source, strings.TrimPrefix(p.ID, dir+string(filepath.Separator)), strings.TrimPrefix(p.Scope, dir+string(filepath.Separator))))
	}
	for _, f := range rules.Run(inv, []*rules.Rule{rules.FullAdmin}, nil) {
		got = append(got, fmt.Sprintf("%s %s:%d", f.Rule.ID, filepath.Base(f.Loc.File), f.Loc.StartLine))
	}
	slices.Sort(got)
	want := []string{
		"IAM201 admin.acl:2",
		"IAM201 notes.txt:2",
		"IAM201 policy.json:1",
		"admin.acl:3: want: allow ACTION RESOURCE",
		"other.acl:1:1: not a recognised input: not a CloudFormation template: it has neither AWSTemplateFormatVersion nor Resources with a Type of AWS::…", // named: reported; in the walk: skipped
		"policy acl acl scope=admin.acl",
		"policy acl acl scope=notes.txt", // named on the command line: offered whatever its name
		"policy policy policy.json scope=policy.json",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The formats' names are the model's (model.Source), which the rule docs
// and reports use: the list is the one place they come from.
func TestFormatNames(t *testing.T) {
	t.Parallel()
	formats, _ := parsers.Formats(parsers.Options{})
	var got []model.Source
	for _, f := range formats {
		got = append(got, f.Name())
	}
	want := []model.Source{model.SourceTerraform, model.SourcePlan, model.SourcePolicy, model.SourceCloudFormation}
	if !slices.Equal(got, want) {
		t.Errorf("formats = %v, want %v", got, want)
	}
	for _, r := range rules.All {
		for _, e := range append(append([]rules.Example{}, r.Bad...), r.Fixes...) {
			if !slices.Contains(got, e.Format) {
				t.Errorf("%s: example in %q, which is no input format", r.ID, e.Format)
			}
		}
	}
}
