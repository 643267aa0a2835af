package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The base protocol: each message is a header part (lines "Name: value",
// ended by an empty line; only Content-Length matters) and a JSON body of
// that many bytes.

// Bounds on what a client may send: a header is a line or two; a body is a
// document the size of the largest file a scan reads, plus its escaping.
const (
	maxHeaderLine  = 1 << 10
	maxHeaderLines = 16
)

// errFraming is a malformed header part: the stream cannot be resynchronised.
var errFraming = errors.New("malformed message header")

// message is a JSON-RPC 2.0 request, response or notification.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *responseError  `json:"error,omitempty"`
}

// isRequest: a call that wants an answer (a notification has no id).
func (m *message) isRequest() bool { return m.Method != "" && len(m.ID) > 0 }

type responseError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// JSON-RPC and LSP error codes.
const (
	codeParseError     = -32700
	codeInvalidRequest = -32600
	codeMethodNotFound = -32601
	codeInvalidParams  = -32602
	codeNotInitialized = -32002
)

// readMessage reads one message's body, of at most maxBody bytes. io.EOF
// is a stream that ended between messages.
func readMessage(r *bufio.Reader, maxBody int) ([]byte, error) {
	length := -1
	for lines := 0; ; lines++ {
		if lines == maxHeaderLines {
			return nil, fmt.Errorf("%w: more than %d header lines", errFraming, maxHeaderLines)
		}
		line, err := readLine(r)
		if err != nil {
			if err == io.EOF && lines > 0 {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%w: %q", errFraming, line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: Content-Length %q", errFraming, value)
			}
			length = n
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("%w: no Content-Length", errFraming)
	}
	if length > maxBody {
		return nil, fmt.Errorf("%w: a body of %d bytes is over the limit of %d", errFraming, length, maxBody)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return body, nil
}

// readLine reads a header line ended by CRLF (a bare LF is accepted), of at
// most maxHeaderLine bytes.
func readLine(r *bufio.Reader) (string, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxHeaderLine {
			return "", fmt.Errorf("%w: a header line over %d bytes", errFraming, maxHeaderLine)
		}
		switch {
		case err == nil:
			return string(bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(line) > 0:
			return "", io.ErrUnexpectedEOF
		default:
			return "", err
		}
	}
}

// writeMessage writes v as one message.
func writeMessage(w io.Writer, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "Content-Length: %d\r\n\r\n", len(body))
	buf.Write(body)
	_, err = w.Write(buf.Bytes())
	return err
}
