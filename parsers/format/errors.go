package format

import (
	"errors"
	"io/fs"

	"github.com/iacscan/iacscan/model"
)

// ReadError reports an unreadable file without repeating its path.
func ReadError(path string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &model.InputError{Loc: model.Location{File: path}, Message: "cannot read: " + msg, Err: err}
}
