package parsers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestEncodings reads UTF-16 templates in a walk (with and without byte
// order mark, as when named), and reports invalid UTF-8 and NUL in YAML at
// their line and column (yaml.v3 gives no line for them).
func TestEncodings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	encode := func(s string, bom, bigEndian bool) []byte {
		var out []byte
		if bom {
			out = append(out, 0xff, 0xfe)
			if bigEndian {
				out = []byte{0xfe, 0xff}
			}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if bigEndian {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
		return out
	}
	template := func(id string) string {
		return "AWSTemplateFormatVersion: 2010-09-09\nResources:\n  " + id + ":\n    Type: AWS::IAM::Role\n" +
			"    Properties:\n      AssumeRolePolicyDocument: {Statement: []}\n"
	}
	write("le.yaml", encode(template("LittleEndian"), false, false))
	write("be.yaml", encode(template("BigEndianBOM"), true, true))
	write("json16.json", encode(`{"Statement": [{"Sid": "Utf16", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`, false, false))
	write("badutf8.yaml", []byte(template("Bad")+"      RoleName: \"a\xffb\"\n"))
	write("nul.yaml", []byte(template("Nul")+"      RoleName: a\x00b\n"))

	inv, errs := Load([]string{dir}, Options{})
	var ids []string
	for _, id := range inv.Identities {
		ids = append(ids, id.ID)
	}
	for _, p := range inv.Policies {
		if p.Document != nil && len(p.Document.Statements) > 0 {
			ids = append(ids, p.Document.Statements[0].Sid.Text)
		}
	}
	slices.Sort(ids)
	if want := []string{"BigEndianBOM", "LittleEndian", "Utf16"}; !slices.Equal(ids, want) {
		t.Errorf("read %v, want %v", ids, want)
	}
	var got []string
	for _, err := range errs {
		got = append(got, strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	}
	want := []string{
		"badutf8.yaml:7:19: invalid YAML: invalid UTF-8 (byte 0xff); save the file as UTF-8",
		"nul.yaml:7:18: invalid YAML: a NUL character (a UTF-16 file without byte order mark, or binary data?)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
