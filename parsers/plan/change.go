package plan

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	tfjson "github.com/hashicorp/terraform-json"
)

// changeEntry is what is read of an entry of resource_changes: not the
// values before the change, which in a plan of updates are as large as the
// values after it. The values after it are kept as JSON text, for attrs to
// convert without the maps encoding/json would build.
type changeEntry struct {
	Address, ModuleAddress, Type, Name, DeposedKey string
	Mode                                           tfjson.ResourceMode
	HasChange                                      bool
	Actions                                        tfjson.Actions
	After                                          []byte
	AfterUnknown, AfterSensitive                   any
}

// readChange reads the entry of resource_changes at start, and returns it
// with its extent. Most entries are read from their text once validated
// (readChangeText); the others, and every entry that is not valid, are
// decoded by encoding/json, which says what is wrong.
func readChange(data []byte, start int) (changeEntry, span, error) {
	end, ok := validValue(data, start, 0)
	if ok {
		if e, ok := readChangeText(data, span{start, end}); ok {
			return e, span{start, end}, nil
		}
	} else {
		var err error
		if end, err = valueEnd(data, start); err != nil {
			return changeEntry{}, span{}, err
		}
	}
	s := span{start, end}
	var rc resourceChange
	if err := decode(data, s, &rc); err != nil {
		return changeEntry{}, s, err
	}
	e := changeEntry{Address: rc.Address, ModuleAddress: rc.ModuleAddress, Mode: rc.Mode,
		Type: rc.Type, Name: rc.Name, DeposedKey: rc.DeposedKey, HasChange: rc.Change != nil}
	if c := rc.Change; c != nil {
		e.Actions, e.After, e.AfterUnknown, e.AfterSensitive = c.Actions, c.After, c.AfterUnknown, c.AfterSensitive
	}
	return e, s, nil
}

// resourceChange is changeEntry as encoding/json decodes it (the part of
// tfjson.ResourceChange that is read).
type resourceChange struct {
	Address       string              `json:"address"`
	ModuleAddress string              `json:"module_address"`
	Mode          tfjson.ResourceMode `json:"mode"`
	Type          string              `json:"type"`
	Name          string              `json:"name"`
	DeposedKey    string              `json:"deposed"`
	Change        *struct {
		Actions        tfjson.Actions  `json:"actions"`
		After          json.RawMessage `json:"after"`
		AfterUnknown   any             `json:"after_unknown"`
		AfterSensitive any             `json:"after_sensitive"`
	} `json:"change"`
}

// decodedChange is resourceChange with the values decoded by encoding/json:
// what an entry whose values attrs cannot convert is decoded into, for the
// error that explains why.
type decodedChange struct {
	Change *struct {
		After any `json:"after"`
	} `json:"change"`
}

// errSlowPath stops readChangeText's walk: the entry is left to
// encoding/json.
var errSlowPath = errors.New("decoded by encoding/json")

// readChangeText reads the entry at s, valid JSON, as encoding/json would
// decode it into resourceChange, from its text. It reports false for an
// entry that has a member of a type resourceChange does not take, or that
// encoding/json might read differently from the plain reading (a key
// repeated, or one that matches a field only case-insensitively).
func readChangeText(data []byte, s span) (changeEntry, bool) {
	var e changeEntry
	var seen uint
	once := func(bit uint) error {
		if seen&bit != 0 {
			return errSlowPath
		}
		seen |= bit
		return nil
	}
	_, err := memberValues(data, s.start, func(key string, start int) (int, error) {
		if key == "change" {
			if err := once(64); err != nil {
				return 0, err
			}
			return readChangeValues(data, start, &e)
		}
		end, err := valueEnd(data, start)
		if err != nil {
			return 0, err
		}
		v := span{start, end}
		var field *string
		var bit uint
		switch key {
		case "address":
			field, bit = &e.Address, 1
		case "module_address":
			field, bit = &e.ModuleAddress, 2
		case "mode":
			field, bit = (*string)(&e.Mode), 4
		case "type":
			field, bit = &e.Type, 8
		case "name":
			field, bit = &e.Name, 16
		case "deposed":
			field, bit = &e.DeposedKey, 32
		default:
			if foldsTo(key, "address", "module_address", "mode", "type", "name", "deposed", "change") {
				return 0, errSlowPath
			}
			return end, nil
		}
		if err := once(bit); err != nil {
			return 0, err
		}
		return end, stringField(data, v, field)
	})
	return e, err == nil
}

// readChangeValues reads the change member of a resource change, at i, and
// returns the offset past it.
func readChangeValues(data []byte, i int, e *changeEntry) (int, error) {
	if data[i] == 'n' {
		return i + len("null"), nil
	}
	if data[i] != '{' {
		return 0, errSlowPath
	}
	e.HasChange = true
	var seen uint
	return members(data, i, func(key string, v span) error {
		var bit uint
		switch key {
		case "actions":
			bit = 1
		case "after":
			bit = 2
		case "after_unknown":
			bit = 4
		case "after_sensitive":
			bit = 8
		default:
			if foldsTo(key, "actions", "after", "after_unknown", "after_sensitive") {
				return errSlowPath
			}
			return nil
		}
		if seen&bit != 0 {
			return errSlowPath
		}
		seen |= bit
		var ok bool
		switch key {
		case "actions":
			e.Actions, ok = actionsValue(data, v)
		case "after":
			e.After, ok = data[v.start:v.end], true
		case "after_unknown":
			e.AfterUnknown, ok = anyValue(data, v)
		case "after_sensitive":
			e.AfterSensitive, ok = anyValue(data, v)
		}
		if !ok {
			return errSlowPath
		}
		return nil
	})
}

// foldsTo reports whether encoding/json might match key to one of names
// although it is none of them: equal but for case, or not ASCII (Unicode
// has letters that fold to ASCII ones).
func foldsTo(key string, names ...string) bool {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			return true
		}
	}
	for _, n := range names {
		if strings.EqualFold(key, n) {
			return true
		}
	}
	return false
}

// stringField sets *field to the string at s; null leaves it alone, as
// encoding/json does.
func stringField(data []byte, s span, field *string) error {
	switch data[s.start] {
	case 'n':
		return nil
	case '"':
		v, err := str(data, s)
		if err != nil {
			return errSlowPath
		}
		*field = v
		return nil
	}
	return errSlowPath
}

// actionsValue reads the actions of a change: a list of strings, or null.
func actionsValue(data []byte, s span) (tfjson.Actions, bool) {
	if data[s.start] == 'n' {
		return nil, true
	}
	if data[s.start] != '[' {
		return nil, false
	}
	acts := tfjson.Actions{}
	_, err := elements(data, s.start, func(v span) error {
		var a string
		if err := stringField(data, v, &a); err != nil {
			return err
		}
		acts = append(acts, tfjson.Action(a))
		return nil
	})
	return acts, err == nil
}

// anyValue decodes the valid JSON at s as encoding/json decodes into any:
// float64 numbers (false when one is out of range, which encoding/json
// refuses), the last of repeated keys.
func anyValue(data []byte, s span) (any, bool) {
	switch data[s.start] {
	case 'n':
		return nil, true
	case 't':
		return true, true
	case 'f':
		return false, true
	case '"':
		v, err := str(data, s)
		return v, err == nil
	case '[':
		list := []any{}
		_, err := elements(data, s.start, func(v span) error {
			item, ok := anyValue(data, v)
			if !ok {
				return errSlowPath
			}
			list = append(list, item)
			return nil
		})
		return list, err == nil
	case '{':
		m := map[string]any{}
		_, err := members(data, s.start, func(key string, v span) error {
			item, ok := anyValue(data, v)
			if !ok {
				return errSlowPath
			}
			m[key] = item
			return nil
		})
		return m, err == nil
	}
	f, err := strconv.ParseFloat(string(data[s.start:s.end]), 64)
	return f, err == nil
}
