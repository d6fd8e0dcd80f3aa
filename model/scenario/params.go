package scenario

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/thuis-nl/thuis/model/dist"
)

// Status says where a parameter's number comes from.
type Status string

const (
	// Observed: a figure from a cited source (source:).
	Observed Status = "observed"
	// Assumed: no source; a modelling assumption with a plausible range.
	Assumed Status = "assumed"
	// Calibrated: fitted so that the model reproduces an observation.
	Calibrated Status = "calibrated"
	// Choice: a policy lever that defines the scenario (a "what if").
	Choice Status = "choice"
)

// Meta is what every parameter carries besides its value: unit, where the
// number comes from, and for assumptions how uncertain it is.
type Meta struct {
	Path   string // field path in the scenario, e.g. "inflow.eviction.rate"
	File   string
	Line   int
	Unit   string
	Status Status
	Note   string // the source, assumption, calibration or choice text

	// Range is the plausible range of a scalar's value, in its unit
	// (assumed and calibrated scalars).
	Range []float64
	// Scale is the plausible range of a factor applied to a whole schedule
	// or duration (assumed and calibrated ones).
	Scale []float64
	// Concentration is the Dirichlet concentration of an assumed split:
	// larger means more certain.
	Concentration float64
	// Sample is an explicit distribution for sweeps: of the value itself
	// (scalars, in their unit) or of a factor on the whole (schedules and
	// durations). Any status but choice may carry one.
	Sample *dist.Spec
	// Calibrate marks an uncertain parameter for thuis calibrate to fit:
	// its range, scale, sample or knot ranges are the prior.
	Calibrate bool

	// Levels and Lever make a choice a policy lever, which a sweep with
	// levers crosses with the uncertain parameters: Levels are the values
	// to try, increasing; Lever is the range [low, high] to explore. A
	// scalar or a constant schedule may declare one of them, and only a
	// choice: a lever is what we do, not how the world works.
	Levels []float64
	Lever  []float64

	// allowed is the interval the value must lie in (scalars and
	// schedules), kept to check what a posterior's rows can set.
	allowed bounds
}

// Allowed returns the interval a scalar's or schedule's value must lie
// in, and how a message says it ("in [0, 1]"); ok is false for kinds with
// no such interval. Tools that set values the file did not give (a
// lever search) check them against it, as the loader checks the file's.
func (m *Meta) Allowed() (lo, hi float64, text string, ok bool) {
	return m.allowed.lo, m.allowed.hi, m.allowed.text, m.allowed.text != ""
}

// Param is implemented by every parameter kind, so tools can list them.
type Param interface {
	Info() *Meta
	// Describe renders the value compactly, e.g. "0.14" or "2021-01-01: 7700 → 2023-01-01: 9500".
	Describe() string
}

// Quantity is a scalar with a unit.
type Quantity struct {
	Meta
	Value float64
	bad   bool // the value is missing, not a number or out of bounds: reported, and not checked again
}

func (q *Quantity) Info() *Meta      { return &q.Meta }
func (q *Quantity) Describe() string { return fmtNum(q.Value) }

// Point is one point of a schedule. A knot may carry its own plausible
// range, making its value an uncertain parameter of its own (path
// "PATH@DATE"), so a curve's shape, not only its level, can vary or be
// calibrated.
type Point struct {
	Date  time.Time
	Value float64
	Range []float64 // nil: the knot is fixed (or varies with the whole schedule)
}

// KnotPath is the parameter path of a schedule knot: "inflow.x.rate@2014-01-01".
func KnotPath(path string, date time.Time) string { return path + "@" + date.Format(dateLayout) }

// Schedule is a value that changes over time: piecewise linear between its
// points (or a step function), constant before the first and after the last.
type Schedule struct {
	Meta
	Points []Point
	Step   bool // step: hold each value until the next point
}

func (s *Schedule) Info() *Meta { return &s.Meta }
func (s *Schedule) Describe() string {
	if len(s.Points) == 1 {
		return fmtNum(s.Points[0].Value)
	}
	parts := make([]string, len(s.Points))
	for i, p := range s.Points {
		parts[i] = fmt.Sprintf("%s: %s", p.Date.Format(dateLayout), fmtNum(p.Value))
	}
	sep := " → "
	if s.Step {
		sep = " | "
	}
	return strings.Join(parts, sep)
}

// At returns the schedule's value on t.
func (s *Schedule) At(t time.Time) float64 {
	ps := s.Points
	if !t.After(ps[0].Date) {
		return ps[0].Value
	}
	for i := 1; i < len(ps); i++ {
		if t.Before(ps[i].Date) {
			if s.Step {
				return ps[i-1].Value
			}
			f := float64(t.Sub(ps[i-1].Date)) / float64(ps[i].Date.Sub(ps[i-1].Date))
			return ps[i-1].Value + f*(ps[i].Value-ps[i-1].Value)
		}
	}
	return ps[len(ps)-1].Value
}

// Integral returns the integral of the schedule, a rate per year, over
// [from, to): the number of units in that period.
func (s *Schedule) Integral(from, to time.Time) float64 {
	// Exact: the schedule is linear (or constant) between knots.
	if !to.After(from) {
		return 0
	}
	knots := []time.Time{from}
	for _, p := range s.Points {
		if p.Date.After(from) && p.Date.Before(to) {
			knots = append(knots, p.Date)
		}
	}
	knots = append(knots, to)
	var sum float64
	for i := 1; i < len(knots); i++ {
		a, b := knots[i-1], knots[i]
		years := b.Sub(a).Hours() / 24 / DaysPerYear
		if s.Step {
			sum += s.At(a) * years
		} else {
			sum += (s.At(a) + s.At(b)) / 2 * years
		}
	}
	return sum
}

// Duration is a random duration.
type Duration struct {
	Meta
	Dist dist.Spec
}

func (d *Duration) Info() *Meta      { return &d.Meta }
func (d *Duration) Describe() string { return d.Dist.String() }

// Days returns the number of days in one unit of the duration.
func (d *Duration) Days() float64 { return durationUnits[d.Unit] }

// Split divides people (or units) over named destinations; shares sum to 1.
type Split struct {
	Meta
	Keys   []string // in file order
	Shares []float64
}

func (s *Split) Info() *Meta { return &s.Meta }
func (s *Split) Describe() string {
	parts := make([]string, len(s.Keys))
	for i, k := range s.Keys {
		parts[i] = fmt.Sprintf("%s %s", k, fmtNum(s.Shares[i]))
	}
	return strings.Join(parts, ", ")
}

// Share returns the share of key, 0 if absent.
func (s *Split) Share(key string) float64 {
	for i, k := range s.Keys {
		if k == key {
			return s.Shares[i]
		}
	}
	return 0
}

func fmtNum(v float64) string { return fmt.Sprintf("%g", v) }

// Days per time unit. Months and years are average calendar lengths.
const DaysPerYear = 365.25

var durationUnits = map[string]float64{"days": 1, "weeks": 7, "months": DaysPerYear / 12, "years": DaysPerYear}

var durationUnitNames = []string{"days", "weeks", "months", "years"}

// meta decodes the fields every parameter shares. It returns the remaining
// fields for the caller. kind is "scalar", "schedule", "duration" or "split"
// and decides which uncertainty field an assumption must carry.
func (d *decoder) meta(n *yaml.Node, path, kind string, units []string, extra map[string]field) Meta {
	m := Meta{Path: path, File: d.fileOf(n), Line: n.Line}
	d.knotRanges = false
	malformed := false // an uncertainty field was given but is wrong: already reported
	statuses := map[string]Status{"source": Observed, "assumption": Assumed, "calibrated": Calibrated, "choice": Choice}
	var seen []string
	fields := map[string]field{
		"unit": req(func(v *yaml.Node, p string) {
			m.Unit = d.oneOf(v, p, units...)
		}),
	}
	for key, st := range statuses {
		fields[key] = opt(func(v *yaml.Node, p string) {
			seen = append(seen, key)
			m.Status = st
			m.Note = d.str(v, p)
			if m.Note == "" && v.Kind == yaml.ScalarNode {
				d.errorf(v, p, "must not be empty: say where the number comes from")
			}
		})
	}
	fields["calibrate"] = opt(func(v *yaml.Node, p string) { m.Calibrate = d.boolean(v, p) })
	uncertainty := map[string]string{"scalar": "range", "schedule": "range or scale", "duration": "scale", "split": "concentration"}[kind]
	var leverNode *yaml.Node
	if kind == "scalar" || kind == "schedule" {
		fields["levels"] = opt(func(v *yaml.Node, p string) { leverNode = v; m.Levels = d.levels(v, p) })
		fields["lever"] = opt(func(v *yaml.Node, p string) {
			leverNode = v
			m.Lever = d.floatPair(v, p)
			if m.Lever != nil && m.Lever[0] == m.Lever[1] {
				d.errorf(v, p, "[%g, %g] is empty; give low < high", m.Lever[0], m.Lever[1])
			}
		})
	}
	factors := func(f func(v *yaml.Node, p string)) func(v *yaml.Node, p string) {
		if kind == "scalar" {
			return f
		}
		return func(v *yaml.Node, p string) { // a factor on the whole, not a count
			counts := d.counts
			d.counts = false
			f(v, p)
			d.counts = counts
		}
	}
	if kind != "split" {
		fields["sample"] = opt(factors(func(v *yaml.Node, p string) {
			m.Sample = d.distSpec(v, p)
			malformed = malformed || m.Sample == nil
		}))
	}
	if kind == "schedule" {
		fields["range"] = opt(func(v *yaml.Node, p string) { m.Range = d.floatPair(v, p); malformed = m.Range == nil })
		fields["scale"] = opt(factors(func(v *yaml.Node, p string) {
			m.Scale = d.floatPair(v, p)
			malformed = m.Scale == nil
			if m.Scale != nil && m.Scale[0] <= 0 {
				d.errorf(v, p, "scale factors must be > 0, got [%g, %g]", m.Scale[0], m.Scale[1])
			}
		}))
	}
	switch uncertainty {
	case "range", "scale":
		fields[uncertainty] = opt(func(v *yaml.Node, p string) {
			r := d.floatPair(v, p)
			malformed = r == nil
			if uncertainty == "range" {
				m.Range = r
			} else {
				m.Scale = r
				if r != nil && r[0] <= 0 {
					d.errorf(v, p, "scale factors must be > 0, got [%g, %g]", r[0], r[1])
				}
			}
		})
	case "concentration":
		fields["concentration"] = opt(func(v *yaml.Node, p string) {
			if c, ok := d.float(v, p); ok {
				if !(c >= MinConcentration && c <= MaxConcentration) {
					d.errorf(v, p, "%g is not allowed: must be in [%g, %g]", c, float64(MinConcentration), float64(MaxConcentration))
				}
				m.Concentration = c
			}
		})
	}
	for k, f := range extra {
		fields[k] = f
	}
	d.mapping(n, path, fields)
	if n.Kind != yaml.MappingNode {
		return m
	}
	switch {
	case len(seen) == 0:
		d.errorf(n, path, "needs one of source, assumption, calibrated or choice: every parameter says where its number comes from")
	case len(seen) > 1:
		sort.Strings(seen)
		d.errorf(n, path, "has %s; give exactly one of source, assumption, calibrated or choice", strings.Join(seen, " and "))
	}
	uncertain := m.Status == Assumed || m.Status == Calibrated
	has := m.Range != nil || m.Scale != nil || m.Concentration != 0
	switch {
	case m.Sample != nil && has:
		d.errorf(n, path, "give %s or sample, not both", uncertainty)
	case m.Sample != nil && m.Status == Choice && leverNode == nil && (kind == "scalar" || kind == "schedule"):
		d.errorf(n, path, "is a choice, which a sweep does not vary; remove sample, or mark it as an assumption; to explore it as a policy lever give levels: [...] or lever: [low, high]")
	case m.Sample != nil && m.Status == Choice:
		d.errorf(n, path, "is a choice, which a sweep does not vary; remove sample, or mark it as an assumption")
	}
	if leverNode != nil && len(seen) == 1 && m.Status != Choice {
		d.errorf(leverNode, path, "is %s, and only a choice declares levels or a lever range: a lever is what we do, not how the world works", m.Status)
	}
	if m.Levels != nil && m.Lever != nil {
		d.errorf(n, path, "give levels or lever, not both")
	}
	has = has || m.Sample != nil || malformed || d.knotRanges
	if m.Calibrate && (!uncertain || !has) {
		d.errorf(n, join(path, "calibrate"), "only an assumption or calibrated parameter with a prior (%s, sample or knot ranges) can be calibrated", uncertainty)
	}
	if uncertain && !has {
		d.errorf(n, path, "is %s but has no %s: give the plausible %s", m.Status, uncertainty, map[string]string{
			"range": "range [low, high] in its unit", "scale": "scale factor range [low, high]",
			"range or scale": "range [low, high] of its constant value, or scale factor range [low, high] of the whole schedule",
			"concentration":  fmt.Sprintf("Dirichlet concentration (in [%g, %g])", float64(MinConcentration), float64(MaxConcentration))}[uncertainty])
	}
	if !uncertain && (m.Range != nil || m.Scale != nil || m.Concentration != 0 || d.knotRanges) {
		d.errorf(n, path, "has a %s but is %s; only assumptions and calibrated parameters carry one", uncertainty, m.Status)
	}
	return m
}

// levels decodes the levels of a lever: two or more numbers, increasing.
func (d *decoder) levels(n *yaml.Node, path string) []float64 {
	if n.Kind != yaml.SequenceNode || len(n.Content) < 2 {
		d.errorf(n, path, "must be a list of two or more numbers, got %s", kindName(n))
		return nil
	}
	var out []float64
	for _, c := range n.Content {
		x, ok := d.float(c, path)
		if !ok {
			return nil
		}
		if len(out) > 0 && x <= out[len(out)-1] {
			d.errorf(c, path, "levels must increase; %g follows %g", x, out[len(out)-1])
			return nil
		}
		out = append(out, x)
	}
	return out
}

// checkLever reports levels or a lever range outside what the value
// allows.
func (d *decoder) checkLever(n *yaml.Node, path string, m *Meta, b bounds) {
	for _, x := range m.Levels {
		b.check(d, n, join(path, "levels"), "level", x)
	}
	for _, x := range m.Lever {
		b.check(d, n, join(path, "lever"), "lever bound", x)
	}
}

// distSpec decodes a distribution {dist: KIND, PARAM: number, ...}.
func (d *decoder) distSpec(n *yaml.Node, path string) *dist.Spec {
	spec := &dist.Spec{P: map[string]float64{}}
	fields := map[string]field{
		"dist": req(func(v *yaml.Node, p string) { spec.Kind = dist.Kind(d.oneOf(v, p, dist.Kinds()...)) }),
	}
	for _, name := range distParams {
		fields[name] = opt(func(v *yaml.Node, p string) {
			if x, ok := d.float(v, p); ok {
				spec.P[name] = x
			}
		})
	}
	before := len(d.errs)
	d.mapping(n, path, fields)
	if len(d.errs) > before || spec.Kind == "" {
		return nil
	}
	if err := spec.Validate(); err != nil {
		d.errorf(n, path, "%v", err)
		return nil
	}
	return spec
}

var distParams = []string{"value", "mean", "sd", "min", "max", "mode", "alpha", "beta"}

// checkSample reports a sample distribution whose values can fall outside
// what the parameter allows.
func (d *decoder) checkSample(n *yaml.Node, path string, m *Meta, b bounds, what string) {
	if m.Sample == nil {
		return
	}
	lo, hi := m.Sample.Reach()
	if lo < b.lo || hi > b.hi {
		d.errorf(n, join(path, "sample"), "%s can draw values in [%.6g, %.6g]; %s must be %s", m.Sample, lo, hi, what, b.text)
	}
}

func (d *decoder) floatPair(n *yaml.Node, path string) []float64 {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		d.errorf(n, path, "must be a list of two numbers [low, high], got %s", kindName(n))
		return nil
	}
	lo, ok1 := d.float(n.Content[0], path)
	hi, ok2 := d.float(n.Content[1], path)
	if !ok1 || !ok2 {
		return nil
	}
	if lo > hi {
		d.errorf(n, path, "low %g is above high %g", lo, hi)
		return nil
	}
	return []float64{lo, hi}
}

// bounds is the interval a value must lie in.
type bounds struct {
	lo, hi float64
	text   string
}

var (
	nonNegative = bounds{0, inf, ">= 0"}
	shareBounds = bounds{0, 1, "in [0, 1]"}
)

var inf = math.Inf(1)

func (b bounds) check(d *decoder, n *yaml.Node, path, what string, v float64) {
	if v < b.lo || v > b.hi {
		d.errorf(n, path, "%s %g is not allowed: must be %s", what, v, b.text)
	}
}

func (d *decoder) quantity(n *yaml.Node, path string, units []string, b bounds) *Quantity {
	d.counts = isCount(units)
	defer func() { d.counts = false }()
	q := &Quantity{}
	var valueNode *yaml.Node
	q.Meta = d.meta(n, path, "scalar", units, map[string]field{
		"value": req(func(v *yaml.Node, p string) {
			valueNode = v
			if x, ok := d.float(v, p); ok {
				q.Value = x
				q.bad = x < b.lo || x > b.hi
				b.check(d, v, p, "value", x)
			} else {
				q.bad = true
			}
		}),
	})
	q.allowed = b
	d.checkSample(n, path, &q.Meta, b, "the value")
	d.checkLever(n, path, &q.Meta, b)
	if q.Range != nil && valueNode != nil && !q.bad { // a bad value is reported once
		if q.Range[0] > q.Value || q.Range[1] < q.Value {
			d.errorf(valueNode, path, "value %g is outside its own range [%g, %g]", q.Value, q.Range[0], q.Range[1])
		}
		b.check(d, valueNode, join(path, "range"), "range bound", q.Range[0])
		b.check(d, valueNode, join(path, "range"), "range bound", q.Range[1])
	}
	return q
}

func (d *decoder) schedule(n *yaml.Node, path string, units []string, b bounds) *Schedule {
	d.counts = isCount(units)
	defer func() { d.counts = false }()
	s := &Schedule{}
	var hasValue, hasSchedule bool
	s.Meta = d.meta(n, path, "schedule", units, map[string]field{
		"value": opt(func(v *yaml.Node, p string) {
			hasValue = true
			if x, ok := d.float(v, p); ok {
				b.check(d, v, p, "value", x)
				s.Points = []Point{{Value: x}}
			}
		}),
		"schedule": opt(func(v *yaml.Node, p string) {
			hasSchedule = true
			s.Points = d.points(v, p, b)
		}),
		"interpolation": opt(func(v *yaml.Node, p string) {
			s.Step = d.oneOf(v, p, "linear", "step") == "step"
		}),
	})
	if n.Kind == yaml.MappingNode && hasValue == hasSchedule {
		d.errorf(n, path, "give either value (constant) or schedule (date: value, ...), not %s", map[bool]string{true: "both", false: "neither"}[hasValue])
	}
	s.allowed = b
	d.checkSample(n, path, &s.Meta, nonNegative, "a factor on the schedule")
	d.checkLever(n, path, &s.Meta, b)
	if hasSchedule && (s.Levels != nil || s.Lever != nil) {
		d.errorf(n, path, "levels and lever apply to a constant value; give value: instead of schedule:")
	}
	if d.knotRanges && (s.Range != nil || s.Scale != nil || s.Sample != nil) {
		d.errorf(n, path, "give ranges on the knots or a range, scale or sample of the whole schedule, not both")
	}
	if s.Range != nil {
		switch {
		case s.Scale != nil:
			d.errorf(n, path, "give range or scale, not both")
		case hasSchedule:
			d.errorf(n, path, "range applies to a constant value; for a schedule give scale [low, high], a factor on the whole schedule")
		case hasValue && len(s.Points) == 1:
			if v := s.Points[0].Value; v < s.Range[0] || v > s.Range[1] {
				d.errorf(n, path, "value %g is outside its own range [%g, %g]", v, s.Range[0], s.Range[1])
			}
			b.check(d, n, join(path, "range"), "range bound", s.Range[0])
			b.check(d, n, join(path, "range"), "range bound", s.Range[1])
		}
	}
	if len(s.Points) == 0 {
		s.Points = []Point{{}} // keep At safe after errors
	} else {
		d.checkReach(s, b)
	}
	return s
}

func (d *decoder) points(n *yaml.Node, path string, b bounds) []Point {
	if !d.isMap(n, path) {
		return nil
	}
	var ps []Point
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		t := d.date(k, p)
		var x float64
		var ok bool
		var rng []float64
		if v.Kind == yaml.MappingNode {
			// A knot with its own range: {value: X, range: [LOW, HIGH]}.
			d.mapping(v, p, map[string]field{
				"value": req(func(v *yaml.Node, p string) { x, ok = d.float(v, p) }),
				"range": req(func(v *yaml.Node, p string) { rng = d.floatPair(v, p) }),
			})
			if ok && rng != nil {
				if x < rng[0] || x > rng[1] {
					d.errorf(v, p, "value %g is outside its own range [%g, %g]", x, rng[0], rng[1])
				}
				b.check(d, v, join(p, "range"), "range bound", rng[0])
				b.check(d, v, join(p, "range"), "range bound", rng[1])
				d.knotRanges = true
			}
		} else {
			x, ok = d.float(v, p)
		}
		if !ok || t.IsZero() {
			continue
		}
		b.check(d, v, p, "value", x)
		if len(ps) > 0 && !t.After(ps[len(ps)-1].Date) {
			d.errorf(k, p, "dates must be strictly increasing; %s follows %s", t.Format(dateLayout), ps[len(ps)-1].Date.Format(dateLayout))
			continue
		}
		ps = append(ps, Point{Date: t, Value: x, Range: rng})
	}
	if len(n.Content) == 0 {
		d.errorf(n, path, "needs at least one date: value")
	}
	return ps
}

func (d *decoder) duration(n *yaml.Node, path string) *Duration {
	du := &Duration{Dist: dist.Spec{P: map[string]float64{}}}
	extra := map[string]field{
		"dist": req(func(v *yaml.Node, p string) {
			du.Dist.Kind = dist.Kind(d.oneOf(v, p, dist.Kinds()...))
		}),
	}
	for _, name := range []string{"value", "mean", "sd", "min", "max", "mode", "alpha", "beta"} {
		extra[name] = opt(func(v *yaml.Node, p string) {
			if x, ok := d.float(v, p); ok {
				du.Dist.P[name] = x
			}
		})
	}
	du.Meta = d.meta(n, path, "duration", durationUnitNames, extra)
	d.checkSample(n, path, &du.Meta, bounds{1e-12, inf, "> 0"}, "a factor on the duration")
	if du.Dist.Kind != "" {
		if err := du.Dist.Validate(); err != nil {
			d.errorf(n, path, "%v", err)
		} else if lo, has := du.Dist.P["min"]; (du.Dist.Kind == dist.Normal || du.Dist.Kind == dist.Uniform || du.Dist.Kind == dist.Triangular) && (!has || lo < 0) {
			d.errorf(n, path, "a %s duration needs min >= 0, so no duration is negative", du.Dist.Kind)
		} else {
			d.checkDurationLimits(du)
		}
	}
	return du
}

// split decodes {shares: {key: share, ...}, unit: share, ...}. allowed lists
// the keys that may appear (nil: any); extra are further fields.
func (d *decoder) split(n *yaml.Node, path string, allowed []string, extra ...map[string]field) *Split {
	s := &Split{}
	var sharesNode *yaml.Node
	rejected := false // a key was refused: its share is missing from the sum
	fields := map[string]field{}
	for _, x := range extra {
		for k, f := range x {
			fields[k] = f
		}
	}
	fields["shares"] = req(func(v *yaml.Node, p string) {
		sharesNode = v
		d.entries(v, p, func(key string, k, val *yaml.Node, p string) {
			if allowed != nil && !contains(allowed, key) {
				d.errorf(k, p, "unknown destination; allowed: %s", strings.Join(allowed, ", "))
				rejected = true
				return
			}
			if x, ok := d.float(val, p); ok {
				shareBounds.check(d, val, p, "share", x)
				s.Keys = append(s.Keys, key)
				s.Shares = append(s.Shares, x)
			}
		})
	})
	s.Meta = d.meta(n, path, "split", []string{"share"}, fields)
	if sharesNode != nil && sharesNode.Kind == yaml.MappingNode {
		var sum float64
		for _, x := range s.Shares {
			sum += x
		}
		if len(s.Shares) == 0 {
			d.errorf(sharesNode, join(path, "shares"), "needs at least one share")
		} else if !rejected && (sum < 1-1e-6 || sum > 1+1e-6) {
			d.errorf(sharesNode, join(path, "shares"), "shares sum to %g; they must sum to 1", sum)
		}
	}
	return s
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
