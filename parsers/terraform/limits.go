package terraform

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// Bounds on what one configuration can make iacscan compute. Real
// configuration stays far below them; configuration beyond them (generated
// data, or text built to blow up: nested for expressions, a local that
// doubles another, a count of a million) is not evaluated further. Every
// bound that is hit is reported as a warning at the expression or block, and
// what was not computed is unknown or not scanned, never cut short silently.
const (
	// maxInstances bounds the instances of one count, for_each or dynamic
	// block.
	maxInstances = 1000
	// maxRootInstances bounds the resource instances and dynamic blocks of
	// one root module with all the modules it calls.
	maxRootInstances = 100_000
	// maxValueSize bounds one value: its elements plus its string bytes.
	maxValueSize = 1 << 20
	// maxDigits bounds the decimal exponent of a number: writing 1e100000000
	// as text takes a hundred million digits.
	maxDigits = 1000
	// maxWork bounds, for one root module, the for expression iterations
	// plus the value elements handed to functions or produced by
	// expressions.
	maxWork = 1 << 20
	// maxScanWork bounds the same over all the root modules of a scan: a
	// repository of many small roots, each built to use up its own bound,
	// must not add up to hours.
	maxScanWork = 4 * maxWork
	// maxEvalTime bounds the wall time of evaluation over all the root
	// modules of a scan: a step of work may cost a microsecond or a hundred
	// (a template formatting numbers, a function on a large value), so
	// roots built to use up their steps at the dearest could still add up
	// to minutes each. Real configuration evaluates in well under a second.
	maxEvalTime = 20 * time.Second
)

// workLimits are the bounds that cost time to reach; tests lower them
// (Options.limits) to reach them cheaply.
type workLimits struct {
	work, scanWork, rootInstances int
	scanTime                      time.Duration
}

func (l *workLimits) orDefault() workLimits {
	if l == nil {
		return workLimits{work: maxWork, scanWork: maxScanWork, rootInstances: maxRootInstances, scanTime: maxEvalTime}
	}
	l2 := *l
	if l2.scanTime == 0 {
		l2.scanTime = maxEvalTime
	}
	return l2
}

// errLimit is what a function or expression returns when evaluating it
// would exceed a bound.
var errLimit = errors.New("beyond iacscan's evaluation limits")

// budget is the evaluation work left for the root module being evaluated.
// Guarded expressions and functions spend from it; refusals counts the
// times a bound was hit, and reason says why the last time. Root modules
// evaluated in parallel have a budget each and share the scan's.
type budget struct {
	work     int        // left for the root module
	scan     *scanSpend // what the scan has left, the root's included
	limits   workLimits
	refusals int
	reason   string
	// scanSpent records that the scan's bound refused work: how much was
	// left for this root depended on what ran before it.
	scanSpent bool
	// outOfTime records that the scan's time bound refused work.
	outOfTime bool
	guarded   map[any]any // expression → its guarded form
}

func newBudget(limits workLimits) *budget {
	return newBudgetIn(limits, newScanSpend(limits))
}

// scanSpend is what a scan may spend over all its root modules, shared
// by the roots evaluated in parallel: steps of work, and time until the
// deadline.
type scanSpend struct {
	work     atomic.Int64
	deadline time.Time
}

func newScanSpend(limits workLimits) *scanSpend {
	s := &scanSpend{deadline: time.Now().Add(limits.scanTime)}
	s.work.Store(int64(limits.scanWork))
	return s
}

func newBudgetIn(limits workLimits, scan *scanSpend) *budget {
	return &budget{work: limits.work, scan: scan, limits: limits, guarded: make(map[any]any)}
}

// startRoot gives a root module its own bound, within what the scan has
// left.
func (b *budget) startRoot() { b.work = b.limits.work }

// spend takes n units of work, or records a refusal when fewer are left.
func (b *budget) spend(n int) bool {
	if b.outOfTime || time.Now().After(b.scan.deadline) {
		b.outOfTime = true
		b.refuse(fmt.Sprintf("more than %v of evaluation in this scan (all root modules)", b.limits.scanTime))
		return false
	}
	for {
		left := b.scan.work.Load()
		switch {
		case int64(n) > left:
			b.scanSpent = true
			b.refuse(fmt.Sprintf("more than %d steps of evaluation in this scan (all root modules)", b.limits.scanWork))
			return false
		case n > b.work:
			b.refuse(fmt.Sprintf("more than %d steps of evaluation in one root module", b.limits.work))
			return false
		}
		if b.scan.work.CompareAndSwap(left, left-int64(n)) {
			b.work -= n
			return true
		}
	}
}

func (b *budget) refuse(reason string) {
	b.refusals++
	b.reason = reason
}

// fits charges the work of measuring v and reports whether v is within
// maxValueSize and maxDigits, recording a refusal when it is not.
func (b *budget) fits(v cty.Value) bool {
	m := measure(v)
	if !b.spend(m.nodes) {
		return false
	}
	switch {
	case m.digits > maxDigits:
		b.refuse(fmt.Sprintf("a number of more than %d digits", maxDigits))
	case m.size > maxValueSize:
		b.refuse(fmt.Sprintf("a value of more than %d elements and bytes", maxValueSize))
	default:
		return true
	}
	return false
}

// measurement is the size of a value: nodes visited, elements plus string
// bytes, and the largest decimal exponent of its numbers. Measuring stops
// as soon as the value is known to be too large.
type measurement struct {
	nodes, size, digits int
}

func measure(vals ...cty.Value) measurement {
	var m measurement
	for _, v := range vals {
		m.add(v)
	}
	return m
}

func (m *measurement) add(v cty.Value) {
	if m.size > maxValueSize || m.digits > maxDigits {
		return
	}
	v, _ = v.Unmark()
	m.nodes++
	m.size++
	if !v.IsKnown() || v.IsNull() {
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		m.size += len(v.AsString())
	case ty == cty.Number:
		m.digits = max(m.digits, decimalExponent(v))
	case ty.IsCapsuleType():
	case v.CanIterateElements():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if ty.IsMapType() || ty.IsObjectType() {
				m.add(k)
			}
			m.add(e)
		}
	}
}

// decimalExponent is about the number of digits a number's integer part,
// or its leading zeros, take when written out.
func decimalExponent(v cty.Value) int {
	f := v.AsBigFloat()
	if f.IsInf() {
		return 0
	}
	exp := f.MantExp(nil)
	return abs(exp) * 30103 / 100000 // log10(2)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
