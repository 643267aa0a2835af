package plan

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	tfjson "github.com/hashicorp/terraform-json"

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

// FuzzValues holds the converter of a resource's values from their JSON
// text to the trees encoding/json and the previous converter made of them
// (attrs_oracle_test.go): the same nodes for every value encoding/json
// decodes, and a refusal exactly where it refuses.
func FuzzValues(f *testing.F) {
	f.Add(`{"name":"r","tags":{"b":"2","a":"1"},"policy":null,"arn":null}`, `{"arn":true,"tags":{"c":true}}`, `{"tags":{"a":true}}`)
	f.Add(`{"a":[1,2.50,-0,1e3,{"b":null,"c":"\u00e9\ud800"}],"a":"last","e":"x\xffy"}`, `{"a":[false,true]}`, `{"a":[true]}`)
	f.Add(`{"big":1e400}`, `{}`, `{}`)
	f.Add(`["not","an","object"]`, `true`, `null`)
	f.Add("{\"e\":\"x\xffy\",\"\xfe\":1}", `{}`, `{"e":false}`)
	cfg := &tfjson.ConfigResource{Expressions: map[string]*tfjson.Expression{
		"a":      {ExpressionData: &tfjson.ExpressionData{References: []string{"aws_iam_role.r.arn", "aws_iam_role.r"}}},
		"policy": {ExpressionData: &tfjson.ExpressionData{}},
	}}
	f.Fuzz(func(t *testing.T, values, unknown, sensitive string) {
		if !json.Valid([]byte(values)) {
			return // the reader's envelope is decoded by encoding/json, which rejects it
		}
		var unk, sens any
		_ = json.Unmarshal([]byte(unknown), &unk)
		_ = json.Unmarshal([]byte(sensitive), &sens)
		var v any
		decodeErr := json.Unmarshal([]byte(values), &v)
		newAttrs := attrs{addr: "aws_iam_role.r", typ: "aws_iam_role", cfg: cfg}
		got, ok := newAttrs.build([]byte(values), unk, sens)
		if ok != (decodeErr == nil) {
			t.Fatalf("converted: %v; encoding/json: %v", ok, decodeErr)
		}
		if !ok {
			return
		}
		oldAttrs := attrs{addr: "aws_iam_role.r", typ: "aws_iam_role", cfg: cfg}
		want := oldAttrs.buildAny(v, unk, sens)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("values converted differently (-encoding/json +text):\n%s", diff)
		}
	})
}

// FuzzValid holds valid to json.Valid.
func FuzzValid(f *testing.F) {
	for _, s := range []string{`{"a":[1,-0.5e+3,true,false,null,"\u00e9\n"]}`, ` [] `, `01`, `1.`, `-`, `"\x01"`, `"\ud800"`, `{"a" 1}`, `[1,]`, "\"\xff\"", `{"a":{"b":[[]]}}`, `nul`, `1e`, `"\u12g4"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := valid(data), json.Valid(data); got != want {
			t.Fatalf("valid(%q) = %v, json.Valid %v", data, got, want)
		}
	})
}

// FuzzChange holds the reading of a resource change from its text to
// encoding/json's decoding of it: where readChangeText reads an entry, it
// reads what encoding/json does.
func FuzzChange(f *testing.F) {
	f.Add(`{"address":"aws_iam_role.r","module_address":null,"mode":"managed","type":"aws_iam_role","name":"r","provider_name":"aws","change":{"actions":["create",null],"before":{"x":[1,2]},"after":{"name":"r"},"after_unknown":{"arn":true,"n":[1.5,{"a":"b","a":"c"}]},"after_sensitive":false}}`)
	f.Add(`{"address":"a","Address":"b","change":{"after":1}}`)
	f.Add(`{"address":"a","change":{"after_unknown":1e999}}`)
	f.Add(`{"address":"a","change":{"actions":"create"},"change":null}`)
	f.Add(`{"type":"t","name":"n","mode":"data","deposed":"00ab","change":{"ACTIONS":[]}}`)
	f.Add(`{"ſype":"t","address":"\u0061\ud83d\ude00"}`)
	f.Fuzz(func(t *testing.T, text string) {
		data := []byte(text)
		if len(data) == 0 || data[0] != '{' || !valid(data) {
			return // readHeader has checked that the entry is an object, readChange that it is valid
		}
		got, ok := readChangeText(data, span{0, len(data)})
		if !ok {
			return
		}
		var rc resourceChange
		if err := json.Unmarshal(data, &rc); err != nil {
			t.Fatalf("read from the text, but encoding/json says %v", err)
		}
		want := changeEntry{Address: rc.Address, ModuleAddress: rc.ModuleAddress, Mode: rc.Mode,
			Type: rc.Type, Name: rc.Name, DeposedKey: rc.DeposedKey, HasChange: rc.Change != nil}
		if c := rc.Change; c != nil {
			want.Actions, want.After, want.AfterUnknown, want.AfterSensitive = c.Actions, c.After, c.AfterUnknown, c.AfterSensitive
		}
		if len(want.Actions) == 0 && len(got.Actions) == 0 {
			want.Actions, got.Actions = nil, nil // null and [] are the same list of actions
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(func(x, y []byte) bool { return string(x) == string(y) })); diff != "" {
			t.Fatalf("read differently (-encoding/json +text):\n%s", diff)
		}
	})
}

// FuzzAnyValue holds anyValue to encoding/json's decoding into any.
func FuzzAnyValue(f *testing.F) {
	for _, s := range []string{`{"a":[1,-0,2.5e3,"\u00e9",true,false,null],"a":{"b":{}}}`, `1e400`, `[[],{}]`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := skipSpace(data, 0)
		if !json.Valid(data) {
			return
		}
		end, _ := valueEnd(data, start)
		var want any
		err := json.Unmarshal(data, &want)
		got, ok := anyValue(data, span{start, end})
		if ok != (err == nil) {
			t.Fatalf("anyValue: %v; encoding/json: %v", ok, err)
		}
		if ok && !cmp.Equal(want, got) {
			t.Fatalf("decoded differently: encoding/json %#v, anyValue %#v", want, got)
		}
	})
}

// FuzzStr holds str to encoding/json's decoding of a string.
func FuzzStr(f *testing.F) {
	for _, s := range []string{`a\"b\\c\/\b\f\n\r\t`, `\u00e9\ud83d\ude00\ud800x\udc00\ud83d\u0041`, "\xff\xfe\xc3", `\'`, `\u12`, "a\x01", `\`, `\ud83d\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, inner string) {
		data := []byte(`"` + inner + `"`)
		var want string
		err := json.Unmarshal(data, &want)
		got, gotErr := str(data, span{0, len(data)})
		if (err == nil) != (gotErr == nil) || err == nil && got != want {
			t.Fatalf("str(%q) = %q, %v; encoding/json %q, %v", data, got, gotErr, want, err)
		}
	})
}

// TestValidDepth: valid refuses what encoding/json refuses for its depth.
func TestValidDepth(t *testing.T) {
	for _, depth := range []int{9999, 10000, 10001} {
		data := []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth))
		if got, want := valid(data), json.Valid(data); got != want {
			t.Errorf("depth %d: valid %v, json.Valid %v", depth, got, want)
		}
	}
}
