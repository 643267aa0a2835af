package plan

import (
	"errors"
	"testing"

	"github.com/iacscan/iacscan/model"
)

// TestEntriesEncodingJSONRefuses: entries that the reader leaves to
// encoding/json are refused with encoding/json's error, at its place (the
// messages and columns main's reader gave before it read entries itself).
func TestEntriesEncodingJSONRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, plan, want string
		col              int
	}{
		{"a number out of range in the values",
			`{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","change":{"actions":["create"],"after":{"name":"r","max_session_duration":1e400}}}]}`,
			"invalid plan: unexpected JSON: change.after is a number 1e400, expected float64", 202},
		{"a number out of range in after_unknown",
			`{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","change":{"actions":["create"],"after":{},"after_unknown":{"n":-1e999}}}]}`,
			"invalid plan: unexpected JSON: change.after_unknown is a number -1e999, expected float64", 192},
		{"actions that are not a list",
			`{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","change":{"actions":"create","after":{}}}]}`,
			"invalid plan: unexpected JSON: change.actions is a string, expected tfjson.Actions", 150},
		{"state values that are not an object",
			`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","values":["x"]}]}}}`,
			"invalid plan: unexpected JSON: values is a array, expected map[string]interface {}", 150},
		{"an entry that is not valid JSON",
			"{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_iam_role.r\",\"mode\":\"managed\",\"type\":\"aws_iam_role\",\"name\":\"r\",\"change\":{\"actions\":[\"create\"],\"after\":{\"name\":\"r\x01\"}}}]}",
			"invalid plan: invalid JSON: invalid character '\\x01' in string literal", 172},
	}
	for _, tt := range tests {
		_, errs := parse(dir+"/plan.json", []byte(tt.plan), Options{TFDir: dir}, addNothing, anyType)
		var got *model.InputError
		for _, err := range errs {
			var ie *model.InputError
			if errors.As(err, &ie) && !ie.Warning {
				got = ie
			}
		}
		if got == nil || got.Message != tt.want || got.Loc.StartColumn != tt.col {
			t.Errorf("%s: got %+v, want %q at column %d", tt.name, got, tt.want, tt.col)
		}
	}
}
