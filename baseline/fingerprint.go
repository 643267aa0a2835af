package baseline

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/iacscan/iacscan/rules"
)

// fingerprint identifies a finding independently of line numbers: the rule,
// the file, the element and what was found. Stand-in until the shared
// rules.Fingerprint (#11) lands.
func fingerprint(f *rules.Finding) string {
	h := sha256.New()
	for _, s := range []string{f.Rule.ID, f.Loc.File, f.Resource, f.Message} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
