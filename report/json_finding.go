package report

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// appendFinding appends f as the JSON report's encoder writes a finding in
// the findings list (indented by two spaces, each line after the first
// prefixed by four), without reflection: a report of tens of thousands of
// findings spends most of its time here. TestAppendFinding holds it to
// encoding/json's bytes.
func appendFinding(b []byte, f *jsonFinding) []byte {
	const in1, in2, in3 = "\n      ", "\n        ", "\n          "
	b = append(b, '{')
	b = appendMember(b, in1, "rule", f.Rule, true)
	b = appendMember(b, in1, "fingerprint", f.Fingerprint, true)
	b = append(b, in1+`"rules": `...)
	b = appendStrings(b, f.Rules, in1, in2)
	b = append(b, ',')
	b = appendMember(b, in1, "name", f.Name, true)
	b = appendMember(b, in1, "severity", f.Severity, true)
	b = appendMember(b, in1, "title", f.Title, true)
	b = appendMember(b, in1, "message", f.Message, true)
	b = appendMember(b, in1, "resource", f.Resource, true)
	b = appendMember(b, in1, "source", f.Source, true)
	b = append(b, in1+`"location": `...)
	b = appendLocation(b, &f.Location, in1, in2)
	b = append(b, ',')
	b = append(b, in1+`"related": `...)
	if f.Related == nil {
		b = append(b, "null"...)
	} else if len(f.Related) == 0 {
		b = append(b, "[]"...)
	} else {
		b = append(b, '[')
		for i := range f.Related {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, in2+"{"...)
			b = append(b, in3+`"location": `...)
			b = appendLocation(b, &f.Related[i].Location, in3, in3+"  ")
			b = append(b, ',')
			b = appendMember(b, in3, "message", f.Related[i].Message, false)
			b = append(b, in2+"}"...)
		}
		b = append(b, in1+"]"...)
	}
	b = append(b, ',')
	b = append(b, in1+`"may_apply": `...)
	b = strconv.AppendBool(b, f.MayApply)
	b = append(b, ',')
	b = append(b, in1+`"instances": `...)
	b = appendStrings(b, f.Instances, in1, in2)
	b = append(b, ',')
	b = append(b, in1+`"suppressed": `...)
	if s := f.Suppressed; s == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '{')
		b = appendMember(b, in2, "kind", s.Kind, true)
		b = appendMember(b, in2, "reason", s.Reason, true)
		b = append(b, in2+`"location": `...)
		if s.Location == nil {
			b = append(b, "null"...)
		} else {
			b = appendLocation(b, s.Location, in2, in3)
		}
		b = append(b, in1+"}"...)
	}
	return append(b, "\n    }"...)
}

// appendMember appends `"key": "value"` on a new line, and a comma unless
// it is the object's last member.
func appendMember(b []byte, indent, key, value string, comma bool) []byte {
	b = append(b, indent...)
	b = appendString(append(b, '"'), key)
	b = append(b, ": "...)
	b = appendString(append(b, '"'), value)
	if comma {
		b = append(b, ',')
	}
	return b
}

func appendStrings(b []byte, list []string, outer, inner string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	if len(list) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, inner...)
		b = appendString(append(b, '"'), s)
	}
	return append(b, outer+"]"...)
}

func appendLocation(b []byte, l *jsonLocation, outer, inner string) []byte {
	b = append(b, '{')
	b = appendMember(b, inner, "file", l.File, true)
	b = strconv.AppendInt(append(b, inner+`"start_line": `...), int64(l.StartLine), 10)
	b = strconv.AppendInt(append(b, ","+inner+`"start_column": `...), int64(l.StartColumn), 10)
	b = strconv.AppendInt(append(b, ","+inner+`"end_line": `...), int64(l.EndLine), 10)
	b = strconv.AppendInt(append(b, ","+inner+`"end_column": `...), int64(l.EndColumn), 10)
	return append(b, outer+"}"...)
}

// appendString appends the rest of a JSON string (the opening quote is
// already there) as encoding/json writes it without HTML escaping: printable
// ASCII as is; anything else (control characters, quotes, backslashes,
// non-ASCII, invalid UTF-8) through encoding/json itself.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s) // a string always encodes
			return append(b[:len(b)-1], bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, s...)
	return append(b, '"')
}
