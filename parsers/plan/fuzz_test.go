package plan

import (
	"errors"
	"testing"

	"github.com/iacscan/iacscan/model"
)

// FuzzParse checks that no input makes the reader panic, and that every
// problem is an InputError naming the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(handPlan))
	f.Add([]byte(`{"format_version":"1.0","terraform_version":"1.0.0","values":{"root_module":{"resources":[{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","values":{"name":"u"},"sensitive_values":{"name":true}}],"child_modules":[{"address":"module.m","resources":[]}]}}}`))
	f.Add([]byte("[command]terraform show -json\n{\"format_version\":\"0.1\",\"planned_values\":{}}\n::debug::done"))
	f.Add(utf16le(`{"format_version":"1.2","resource_changes":[{"address":"aws_iam_role.r","module_address":"module.a[\"k\"]","mode":"managed","type":"aws_iam_role","name":"r","change":{"actions":["create"],"after":{"name":"r"},"after_unknown":{"arn":true}}}]}`, true))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"x","change":{"actions":["update"],"after":{"a":[1,{"b":null}]},"after_unknown":{"a":[true,{"b":true}]},"after_sensitive":{"a":true}}}],"configuration":{"root_module":{"module_calls":{"m":{"source":"./m","module":{"module_calls":{}}}}}}}`))
	f.Add([]byte(`{"format_version":"1.2","output_changes":{"s":{"actions":["create"],"after":{"k":"v"},"after_unknown":{"x":true},"after_sensitive":{"k":true}}},` +
		`"configuration":{"root_module":{"outputs":{"s":{"expression":{"references":["module.m[0].o","module.m","aws_iam_access_key.k.secret"]}}},` +
		`"module_calls":{"m":{"count_expression":{},"module":{"outputs":{"o":{"expression":{"references":["module.n.p","data.aws_x.y.z"]}}}}}}}}}`))
	dir := f.TempDir() // no configuration: nothing outside the input is read
	file := dir + "/plan.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		Detect(data)
		inv, errs := parse(file, data, Options{TFDir: dir}, addNothing, anyType)
		for _, err := range errs {
			var ie *model.InputError
			if !errors.As(err, &ie) || ie.Loc.File != file {
				t.Fatalf("error %v does not name the file", err)
			}
		}
		if inv == nil && len(errs) == 0 {
			t.Fatal("no inventory and no error")
		}
	})
}
