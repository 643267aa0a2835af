package parsers

import (
	"path/filepath"

	"github.com/iacscan/iacscan/parsers/cloudformation"
)

// cdkAssembly lists the stack templates of a CDK cloud assembly (a cdk.out
// directory with manifest.json); ok is false for other directories, and for
// a manifest that cannot be read, whose directory is then walked as any
// other. Only the templates are read: the rest of cdk.out is assets.
func cdkAssembly(dir string) ([]input, bool) {
	if filepath.Base(dir) != "cdk.out" {
		return nil, false
	}
	stacks, err := cloudformation.CDKStacks(dir)
	if err != nil {
		return nil, false
	}
	out := make([]input, 0, len(stacks))
	for i := range stacks {
		out = append(out, input{path: stacks[i].Template, explicit: true, cdk: &stacks[i]})
	}
	return out, true
}

// cfnOptions reads the CloudFormation parameter files once for the scan.
func cfnOptions(opts Options) (cloudformation.Options, []error) {
	var errs []error
	params := make(map[string]string)
	for _, f := range opts.CFNParamFiles {
		values, err := cloudformation.ReadParamFile(f)
		if err != nil {
			errs = append(errs, err)
		}
		for k, v := range values {
			params[k] = v
		}
	}
	for k, v := range opts.CFNParams {
		params[k] = v
	}
	return cloudformation.Options{Params: params}, errs
}
