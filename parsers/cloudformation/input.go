package cloudformation

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/format"
)

// Format returns the input format of CloudFormation, SAM and CDK
// templates, JSON or YAML, with the scan's parameters (opts.Params: see ReadParams).
// A CDK cloud assembly (cdk.out) is claimed whole: its stack templates are
// read with the construct paths of its manifest.
func Format(opts Options) format.Format { return templateFormat{opts} }

type templateFormat struct{ opts Options }

func (templateFormat) Name() model.Source { return model.SourceCloudFormation }

func (templateFormat) Walks(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".yaml", ".yml", ".template":
		return true
	}
	return false
}

// Claim takes JSON that is a template (or is malformed but looks like
// one), and YAML that looks like a template; YAML named on the command line
// is read whatever it holds, so that the error says what is wrong with it.
func (templateFormat) Claim(in *format.Input) bool {
	if !in.LooksJSON() {
		return in.Explicit || Looks(in.Data())
	}
	n, err := in.JSON()
	if err != nil {
		return Looks(in.Data())
	}
	return IsTemplate(n)
}

func (f templateFormat) Read(in *format.Input) (*model.Inventory, []error) {
	opts := f.opts
	if stack, ok := in.Attached.(*CDKStack); ok {
		opts.Constructs = stack.Constructs
	}
	if in.LooksJSON() {
		n, err := in.JSON()
		if err != nil {
			return nil, []error{err}
		}
		return FromJSON(in.Name(), n, opts)
	}
	inv, errs := Parse(in.Name(), in.Data(), opts)
	if len(errs) == 1 && errors.Is(errs[0], ErrNotTemplate) {
		if !in.Explicit {
			return nil, nil // YAML that looked like a template but is none
		}
		var ie *model.InputError
		if errors.As(errs[0], &ie) {
			ie.Message = "not a recognised input: " + ie.Message
		}
	}
	return inv, errs
}

// ExpectsJSON says what a JSON file needs to be a template, for the error
// on one that no format claims.
func (templateFormat) ExpectsJSON() string {
	return "a CloudFormation template (no AWSTemplateFormatVersion, no Resources of Type AWS::…)"
}

// ClaimDir claims a CDK cloud assembly (a cdk.out directory with
// manifest.json) and lists its stack templates; it declines other
// directories, and a manifest that cannot be read, whose directory is then
// walked as any other. Only the templates are read: the rest of cdk.out is
// assets.
func (templateFormat) ClaimDir(dir string) ([]*format.Input, bool) {
	if filepath.Base(dir) != "cdk.out" {
		return nil, false
	}
	stacks, err := CDKStacks(dir)
	if err != nil {
		return nil, false
	}
	out := make([]*format.Input, 0, len(stacks))
	for i := range stacks {
		in := format.NewInput(stacks[i].Template, "", true, nil)
		in.Attached = &stacks[i]
		out = append(out, in)
	}
	return out, true
}

// ReadParams returns opts with the values of its parameter files merged
// into Params (later files win; Params, from the command line, wins over
// them) and ParamFiles read. Errors name the files that could not be read.
func ReadParams(opts Options) (Options, []error) {
	var errs []error
	merged := make(map[string]string)
	for _, f := range opts.ParamFiles {
		values, err := ReadParamFile(f)
		if err != nil {
			errs = append(errs, err)
		}
		for k, v := range values {
			merged[k] = v
		}
	}
	for k, v := range opts.Params {
		merged[k] = v
	}
	if v, ok := merged[AccountIDParam]; ok && !model.IsAccountID(v) {
		errs = append(errs, &model.InputError{Message: fmt.Sprintf("--cfn-param %s=%s: not a 12-digit account ID", AccountIDParam, v)})
		delete(merged, AccountIDParam)
	}
	opts.Params, opts.ParamFiles = merged, nil
	return opts, errs
}

// AccountIDParam is the pseudo parameter a scan may set (--cfn-param
// AWS::AccountId=111122223333) to say which account the templates are
// deployed to; others stay symbolic.
const AccountIDParam = "AWS::AccountId"
