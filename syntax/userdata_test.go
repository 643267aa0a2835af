package syntax

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"strings"
	"testing"
)

func gzipped(t testing.TB, text string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecodeUserData(t *testing.T) {
	t.Parallel()
	enc := base64.StdEncoding.EncodeToString
	bomb := gzipped(t, strings.Repeat("a", 3<<20))
	for _, c := range []struct {
		name, in, want, err string
	}{
		{"text", enc([]byte("#!/bin/bash\necho hi\n")), "#!/bin/bash\necho hi\n", ""},
		{"surrounding space", "\n " + enc([]byte("echo hi")) + "\n", "echo hi", ""},
		{"gzip", enc(gzipped(t, "#cloud-config\n")), "#cloud-config\n", ""},
		{"gzip cut at the bound", enc(bomb), strings.Repeat("a", maxUserDataText), ""},
		{"not base64", "#!/bin/bash", "", "not valid base64"},
		{"binary", enc([]byte{0xff, 0xfe, 0x00}), "", "base64 of binary data, not text"},
		{"broken gzip", enc([]byte{0x1f, 0x8b, 0x08}), "", "gzip: unexpected EOF"},
		{"too long", strings.Repeat("A", maxEncodedUserData+4), "", "1048580 bytes of base64, more than the 1048576 read"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := DecodeUserData(c.in)
			if got != c.want || (err == nil) != (c.err == "") || (err != nil && err.Error() != c.err) {
				t.Errorf("DecodeUserData = %.40q, %v; want %.40q, %s", got, err, c.want, c.err)
			}
		})
	}
}

func TestLooksBase64(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		base64.StdEncoding.EncodeToString([]byte("#!/bin/bash\necho hi")): true,
		"#!/bin/bash\necho hi": false,
		"abcd":                 false, // too short to tell from a word
		"echo hi; echo there":  false,
		base64.StdEncoding.EncodeToString([]byte{0xff, 0x00, 0x01, 0x02, 0x03, 0x04}): false,
	} {
		if got := LooksBase64(in); got != want {
			t.Errorf("LooksBase64(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzDecodeUserData(f *testing.F) {
	f.Add(base64.StdEncoding.EncodeToString([]byte("#!/bin/bash")))
	f.Add(base64.StdEncoding.EncodeToString(gzipped(f, "#cloud-config")))
	f.Add("not base64 at all")
	f.Fuzz(func(t *testing.T, in string) {
		text, err := DecodeUserData(in)
		if err != nil && text != "" {
			t.Fatalf("text %q beside error %v", text, err)
		}
		if len(text) > maxUserDataText {
			t.Fatalf("%d bytes of text, more than the bound", len(text))
		}
	})
}
