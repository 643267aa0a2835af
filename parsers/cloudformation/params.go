package cloudformation

import (
	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// maxParamFileSize bounds a parameter file: real ones are a few lines.
const maxParamFileSize = 16 << 20

// ReadParamFile reads a parameter file: the CloudFormation CLI format
//
//	[{"ParameterKey": "Env", "ParameterValue": "prod"}, …]
//
// or the CodePipeline template configuration format
//
//	{"Parameters": {"Env": "prod", …}}
func ReadParamFile(path string) (map[string]string, error) {
	data, err := safefile.Limit(maxParamFileSize).ReadFile(path)
	if err != nil {
		return nil, &model.InputError{Loc: model.Location{File: path}, Message: "cannot read parameter file: " + err.Error(), Err: err}
	}
	root, err := syntax.ParseJSON(path, data)
	if err != nil {
		return nil, err
	}
	values := make(map[string]string)
	switch {
	case root.Kind == syntax.KindList:
		for _, item := range root.Items {
			key, value := item.Get("ParameterKey"), item.Get("ParameterValue")
			if key == nil || value == nil || !key.IsScalar() || !value.IsScalar() {
				return nil, model.Errorf(item.Loc, "a parameter must have ParameterKey and ParameterValue strings")
			}
			values[key.Value] = value.Value
		}
	case root.Get("Parameters") != nil && root.Get("Parameters").Kind == syntax.KindMap:
		for _, e := range root.Get("Parameters").Entries {
			if !e.Value.IsScalar() {
				return nil, model.Errorf(e.Value.Loc, "parameter %s must be a string", e.Key)
			}
			values[e.Key] = e.Value.Value
		}
	default:
		return nil, model.Errorf(root.Loc, `not a parameter file: expected [{"ParameterKey": …, "ParameterValue": …}] or {"Parameters": {…}}`)
	}
	return values, nil
}
