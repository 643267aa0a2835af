package parsers

import (
	"bytes"
	"errors"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/cloudformation"
	"github.com/iacscan/iacscan/parsers/policy"
	"github.com/iacscan/iacscan/syntax"
)

// parse detects the format of one file and reads it.
func parse(name string, data []byte, explicit bool, cfn cloudformation.Options) (*model.Inventory, []error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return parseYAML(name, data, explicit, cfn)
	}
	n, err := syntax.ParseJSON(name, data)
	if err != nil {
		if explicit || bytes.Contains(data, []byte(`"Statement"`)) || cloudformation.Looks(data) {
			return nil, []error{err}
		}
		return nil, nil
	}
	if policy.Looks(n) {
		return policy.FromNode(name, n), nil
	}
	if cloudformation.IsTemplate(n) {
		return cloudformation.FromJSON(name, n, cfn)
	}
	if explicit {
		return nil, []error{model.Errorf(n.Loc, "not a recognised input: this JSON is neither an IAM policy document (no Statement) nor a CloudFormation template (no AWSTemplateFormatVersion, no Resources of Type AWS::…)")}
	}
	return nil, nil
}

// parseYAML reads a YAML file that may be a CloudFormation template. In a
// directory walk, YAML that is not a template is skipped quietly.
func parseYAML(name string, data []byte, explicit bool, cfn cloudformation.Options) (*model.Inventory, []error) {
	if !explicit && !cloudformation.Looks(data) {
		return nil, nil
	}
	inv, errs := cloudformation.Parse(name, data, cfn)
	if len(errs) == 1 && errors.Is(errs[0], cloudformation.ErrNotTemplate) {
		if !explicit {
			return nil, nil
		}
		var ie *model.InputError
		if errors.As(errs[0], &ie) {
			ie.Message = "not a recognised input: " + ie.Message
		}
	}
	return inv, errs
}
