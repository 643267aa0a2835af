package format

import (
	"errors"
	"io/fs"

	"github.com/iacscan/iacscan/internal/safefile"
	"github.com/iacscan/iacscan/model"
)

// ReadError reports an unreadable file without repeating its path.
func ReadError(path string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	if safefile.Skipped(err) {
		// Refused on purpose (a link out of the scan root, a FIFO): said,
		// naming the file and never what it points to.
		return &model.InputError{Loc: model.Location{File: path}, Message: "skipped: " + msg, Err: err, Warning: true}
	}
	return &model.InputError{Loc: model.Location{File: path}, Message: "cannot read: " + msg, Err: err}
}
