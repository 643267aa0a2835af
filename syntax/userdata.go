package syntax

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Bounds of user data decoding. EC2 takes 16 KB of user data before
// encoding; these leave room for templates and gzip while keeping a hostile
// input cheap.
const (
	maxEncodedUserData = 1 << 20 // base64 text read
	maxUserDataText    = 1 << 20 // text kept, after gzip
)

// ErrNotBase64 is returned for user data that is not valid base64.
var ErrNotBase64 = errors.New("not valid base64")

// DecodeUserData returns the text of base64-encoded user data (EC2's
// UserData, Terraform's user_data_base64, a launch template's user_data),
// gunzipped when it is gzip (cloud-init reads both). Text longer than the
// bound is cut there: credentials are looked for in what was read.
func DecodeUserData(encoded string) (string, error) {
	if len(encoded) > maxEncodedUserData {
		return "", fmt.Errorf("%d bytes of base64, more than the %d read", len(encoded), maxEncodedUserData)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
	if err != nil {
		return "", ErrNotBase64
	}
	if len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		return gunzip(raw)
	}
	if !utf8.Valid(raw) {
		return "", errors.New("base64 of binary data, not text")
	}
	return string(raw), nil
}

// LooksBase64 reports whether user data that may be plain text or base64
// (an aws_instance's user_data: the provider encodes it unless it already
// is) is base64 that decodes to text, so that it is read decoded.
func LooksBase64(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 8 || len(s)%4 != 0 || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	_, err := DecodeUserData(s)
	return err == nil
}

func gunzip(raw []byte) (string, error) {
	r, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return "", fmt.Errorf("gzip: %w", err)
	}
	text, err := io.ReadAll(io.LimitReader(r, maxUserDataText))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return "", fmt.Errorf("gzip: %w", err)
	}
	if len(text) == maxUserDataText {
		text = bytes.ToValidUTF8(text, nil) // cut at the bound, perhaps inside a character
	}
	if !utf8.Valid(text) {
		return "", errors.New("gzip of binary data, not text")
	}
	return string(text), nil
}
