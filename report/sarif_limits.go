package report

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/iacscan/iacscan/rules"
)

// GitHub's hard limits on an upload ("SARIF results exceed limits" in its
// code scanning documentation): a file over any of them is rejected whole,
// so the writer never produces one.
const (
	maxSARIFResults = 25000 // results per run
	// maxSARIFLocations counts a result's locations and related locations.
	maxSARIFLocations = 1000
	maxSARIFTags      = 20       // tags per rule
	maxSARIFUpload    = 10 << 20 // bytes, gzip-compressed, as uploads are
	// uploadMargin is kept free below maxSARIFUpload for what is added
	// after the results are chosen (the notification saying what was left
	// out) and for gzip's cost of one stream over separate ones.
	uploadMargin = 64 << 10
)

// placed is a result and the finding it was written from, which decides its
// priority when not every result fits.
type placed struct {
	result  *sarif.Result
	finding *rules.Finding
}

// fitLimits keeps the results that fit GitHub's limits: the most severe,
// active before suppressed, up to maxSARIFResults and the compressed size
// left by the rest of the run (frame). Kept results stay in finding order.
// The rest are counted by severity in the invocation's notifications and
// in the returned note ("" when everything fits).
func (b *sarifBuilder) fitLimits(frame int) string {
	order := make([]int, len(b.placed))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		fi, fj := b.placed[i].finding, b.placed[j].finding
		if c := cmpBool(fi.Suppressed != nil, fj.Suppressed != nil); c != 0 {
			return c
		}
		return cmp.Compare(fj.Rule.Severity, fi.Rule.Severity)
	})
	size := newUploadSize(maxSARIFUpload - uploadMargin - frame)
	keep := make([]bool, len(b.placed))
	kept := 0
	for _, i := range order {
		if kept == maxSARIFResults || !size.add(b.placed[i].result) {
			break
		}
		keep[i] = true
		kept++
	}
	if kept == len(b.placed) {
		return ""
	}
	var left [rules.Critical + 1]int
	results := make([]*sarif.Result, 0, kept)
	for i, p := range b.placed {
		if keep[i] {
			results = append(results, p.result)
		} else {
			left[p.finding.Rule.Severity]++
		}
	}
	b.run.Results = results
	var parts []string
	for _, s := range severitiesDown {
		if left[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", left[s], s))
		}
	}
	why := fmt.Sprintf("GitHub rejects a run of more than %d", maxSARIFResults)
	if kept < maxSARIFResults {
		why = fmt.Sprintf("GitHub rejects an upload over %d MB compressed", maxSARIFUpload>>20)
	}
	note := fmt.Sprintf("%d of %d results left out of the SARIF report (%s): %s; the most severe were kept, and the JSON report lists every finding",
		len(b.placed)-kept, len(b.placed), why, strings.Join(parts, ", "))
	b.invocation.AddTToolExecutionNotification(sarif.NewNotification().WithLevel("warning").WithTextMessage(sentence(note)))
	return note
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// uploadSize tracks the gzip-compressed size of results as they would be
// written, against a budget.
type uploadSize struct {
	budget  int
	zipped  countingWriter
	zw      *gzip.Writer
	pending int // bytes written to zw since its last flush
	buf     bytes.Buffer
	enc     *json.Encoder
}

func newUploadSize(budget int) *uploadSize {
	u := &uploadSize{budget: budget}
	u.zw, _ = gzip.NewWriterLevel(&u.zipped, gzip.BestSpeed) // a valid level: no error
	u.enc = json.NewEncoder(&u.buf)
	u.enc.SetIndent("        ", "  ")
	u.enc.SetEscapeHTML(false)
	return u
}

// add reports whether the result fits in what is left of the budget, and
// counts it if so. Compressed bytes are known at a flush; what was written
// since counts uncompressed, so the size is never underestimated.
func (u *uploadSize) add(res *sarif.Result) bool {
	u.buf.Reset()
	if err := u.enc.Encode(res); err != nil {
		return false
	}
	n := u.buf.Len() + len(",\n        ")
	if int(u.zipped)+u.pending+n > u.budget {
		u.zw.Flush()
		u.pending = 0
		if int(u.zipped)+n > u.budget {
			return false
		}
	}
	u.zw.Write(u.buf.Bytes())
	u.pending += n
	if u.pending > 1<<20 {
		u.zw.Flush()
		u.pending = 0
	}
	return true
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// compressedSize is the gzip-compressed size of data.
func compressedSize(data []byte) int {
	var n countingWriter
	zw, _ := gzip.NewWriterLevel(&n, gzip.BestSpeed)
	zw.Write(data)
	zw.Close()
	return int(n)
}
