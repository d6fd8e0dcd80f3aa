package uncertainty

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/thuis-nl/thuis/model/column"
	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/scenario"
)

// How a parameter varies.
const (
	Value  = "value"  // the value itself (of a scalar, or of one schedule knot: PATH@DATE)
	Factor = "factor" // a factor on a whole schedule or duration
	Shares = "shares" // a split, from a Dirichlet distribution
	Joint  = "joint"  // whole rows of a calibrated scenario's posterior sample
)

// Param is one varied parameter.
type Param struct {
	Path  string
	Kind  string
	Dist  dist.Spec // Value and Factor
	Keys  []string  // Shares: the split's keys
	Alpha []float64 // Shares: Dirichlet parameters; a zero share stays zero
	Whole bool      // the value counts people, places or units: rounded

	// Calibrate: the scenario marks the parameter for thuis calibrate.
	Calibrate bool

	// Joint: the posterior's parameters, one per column, and its rows.
	Members []Param
	Weights []float64
	Rows    [][]float64

	// Lever marks a policy lever (a choice with levels or a lever
	// range), which Levers lists and Varied and Priors never do: a lever
	// is what we do, an assumption how the world works. Levels are the
	// values to try; for a lever range they are Grid's points, and Dist
	// is uniform on the range.
	Lever  bool
	Levels []float64
}

// Columns names the values the parameter contributes to a sample.
func (p Param) Columns() []string {
	if p.Kind == Joint {
		var cols []string
		for _, m := range p.Members {
			cols = append(cols, m.Columns()...)
		}
		return cols
	}
	if p.Kind != Shares {
		return []string{p.Path}
	}
	cols := make([]string, len(p.Keys))
	for i, k := range p.Keys {
		cols[i] = p.Path + "." + k
	}
	return cols
}

// Names are the columns of Columns in a CSV ([column.For]): the paths
// made safe, with what each holds; a sweep's runs.csv and a calibration's
// posterior name them so.
func (p Param) Names() []string {
	switch p.Kind {
	case Joint:
		var names []string
		for _, m := range p.Members {
			names = append(names, m.Names()...)
		}
		return names
	case Shares:
		names := make([]string, len(p.Keys))
		for i, k := range p.Keys {
			names[i] = column.ForShare(p.Path, k)
		}
		return names
	case Factor:
		return []string{column.For(p.Path, column.Factor)}
	}
	return []string{column.For(p.Path, column.Value)}
}

var wholeUnits = map[string]bool{"people": true, "places": true, "units": true}

// Whole reports whether a value in unit counts people, places or units,
// and so is rounded to a whole number when drawn or set.
func Whole(unit string) bool { return wholeUnits[unit] }

// Varied lists the parameters a sweep of sc varies, in the scenario's
// parameter order. A calibrated scenario's posterior replaces the
// parameters it holds with one Joint parameter, first: a sweep then draws
// whole posterior rows, keeping the correlations the data induce.
func Varied(sc *scenario.Scenario) []Param {
	all := Priors(sc)
	if sc.Posterior == nil {
		return all
	}
	byPath := map[string]Param{}
	for _, p := range all {
		byPath[p.Path] = p
	}
	joint := Param{Path: "posterior", Kind: Joint, Weights: sc.Posterior.Weights, Rows: sc.Posterior.Rows}
	in := map[string]bool{}
	cols := sc.Posterior.Columns
	for i := 0; i < len(cols); i++ {
		c := cols[i]
		m, ok := byPath[c]
		if !ok {
			// A split's shares come as PATH.KEY columns, in its key order.
			if j := strings.LastIndex(c, "."); j > 0 {
				if s, ok := byPath[c[:j]]; ok && s.Kind == Shares && i+len(s.Keys) <= len(cols) && equal(cols[i:i+len(s.Keys)], s.Columns()) {
					joint.Members = append(joint.Members, s)
					in[s.Path] = true
					i += len(s.Keys) - 1
					continue
				}
			}
			// Loader-checked: an uncertain parameter. Without a prior of
			// its own it still varies as the posterior says, as a value.
			m = Param{Path: c, Kind: Value}
		}
		joint.Members = append(joint.Members, m)
		in[c] = true
	}
	out := []Param{joint}
	for _, p := range all {
		if !in[p.Path] {
			out = append(out, p)
		}
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Priors lists every uncertain parameter with its prior distribution,
// ignoring any posterior: what thuis calibrate fits (those marked
// Calibrate) and what a sweep of an uncalibrated scenario varies.
func Priors(sc *scenario.Scenario) []Param {
	var out []Param
	for _, prm := range sc.Params() {
		m := prm.Info()
		if m.Status == scenario.Choice {
			continue
		}
		switch v := prm.(type) {
		case *scenario.Quantity:
			if p, ok := valueParam(m, v.Value); ok {
				p.Whole = wholeUnits[m.Unit]
				out = append(out, p)
			}
		case *scenario.Schedule:
			if m.Range != nil && len(v.Points) == 1 {
				if p, ok := valueParam(m, v.Points[0].Value); ok {
					out = append(out, p)
				}
			} else if p, ok := factorParam(m); ok {
				out = append(out, p)
			}
			for _, pt := range v.Points {
				if pt.Range != nil && pt.Range[0] < pt.Range[1] {
					out = append(out, Param{Path: scenario.KnotPath(m.Path, pt.Date), Kind: Value,
						Dist: dist.Spec{Kind: dist.Triangular, P: map[string]float64{"min": pt.Range[0], "mode": pt.Value, "max": pt.Range[1]}}})
				}
			}
		case *scenario.Duration:
			if p, ok := factorParam(m); ok {
				out = append(out, p)
			}
		case *scenario.Split:
			if m.Concentration > 0 {
				p := Param{Path: m.Path, Kind: Shares, Keys: v.Keys}
				for _, s := range v.Shares {
					p.Alpha = append(p.Alpha, m.Concentration*s)
				}
				out = append(out, p)
			}
		}
	}
	markCalibrate(sc, out)
	return out
}

// markCalibrate sets Calibrate on the parameters (and knots) of
// parameters the scenario marks calibrate: true.
func markCalibrate(sc *scenario.Scenario, ps []Param) {
	marked := map[string]bool{}
	for _, prm := range sc.Params() {
		if m := prm.Info(); m.Calibrate {
			marked[m.Path] = true
		}
	}
	for i := range ps {
		base, _, _ := strings.Cut(ps[i].Path, "@")
		ps[i].Calibrate = marked[base]
	}
}

func valueParam(m *scenario.Meta, value float64) (Param, bool) {
	p := Param{Path: m.Path, Kind: Value}
	switch {
	case m.Sample != nil:
		p.Dist = *m.Sample
	case m.Range != nil && m.Range[0] < m.Range[1]:
		p.Dist = dist.Spec{Kind: dist.Triangular, P: map[string]float64{"min": m.Range[0], "mode": value, "max": m.Range[1]}}
	default:
		return p, false // no uncertainty, or a range of zero width
	}
	return p, true
}

func factorParam(m *scenario.Meta) (Param, bool) {
	p := Param{Path: m.Path, Kind: Factor}
	switch {
	case m.Sample != nil:
		p.Dist = *m.Sample
	case m.Scale != nil && m.Scale[0] < m.Scale[1]:
		lo, hi := m.Scale[0], m.Scale[1]
		if lo <= 1 && 1 <= hi {
			p.Dist = dist.Spec{Kind: dist.Triangular, P: map[string]float64{"min": lo, "mode": 1, "max": hi}}
		} else {
			p.Dist = dist.Spec{Kind: dist.Uniform, P: map[string]float64{"min": lo, "max": hi}}
		}
	default:
		return p, false
	}
	return p, true
}

// Levers lists the policy levers of sc, in the scenario's parameter
// order: every choice that declares levels or a lever range. A lever
// range [low, high] is tried at points equally spaced values from low
// to high (at least 2), rounded if the value counts people, places or
// units.
func Levers(sc *scenario.Scenario, points int) []Param {
	points = max(points, 2)
	var out []Param
	for _, prm := range sc.Params() {
		m := prm.Info()
		if m.Status != scenario.Choice || (m.Levels == nil && m.Lever == nil) {
			continue
		}
		p := Param{Path: m.Path, Kind: Value, Lever: true, Whole: wholeUnits[m.Unit], Levels: m.Levels}
		if m.Lever != nil {
			lo, hi := m.Lever[0], m.Lever[1]
			p.Dist = dist.Spec{Kind: dist.Uniform, P: map[string]float64{"min": lo, "max": hi}}
			p.Levels = nil
			for i := 0; i < points; i++ {
				v := lo + (hi-lo)*float64(i)/float64(points-1)
				if p.Whole {
					v = math.Round(v)
				}
				if len(p.Levels) == 0 || v > p.Levels[len(p.Levels)-1] {
					p.Levels = append(p.Levels, v)
				}
			}
		} else {
			lo, hi := m.Levels[0], m.Levels[len(m.Levels)-1]
			p.Dist = dist.Spec{Kind: dist.Uniform, P: map[string]float64{"min": lo, "max": hi}}
		}
		out = append(out, p)
	}
	return out
}

// Grid returns the policies a sweep with levers runs: every combination
// of the levers' levels, the last lever varying fastest. No levers give
// one empty policy.
func Grid(levers []Param) [][]float64 {
	grid := [][]float64{{}}
	for _, l := range levers {
		var next [][]float64
		for _, g := range grid {
			for _, v := range l.Levels {
				next = append(next, append(append([]float64(nil), g...), v))
			}
		}
		grid = next
	}
	return grid
}

// Samplers.
const (
	Random = "random" // independent draws
	LHS    = "lhs"    // Latin hypercube: each of n equal-probability strata of every parameter is drawn once
)

// Sampler draws the values of the varied parameters for each sample.
type Sampler struct {
	method  string
	params  []Param
	samples int
	seed    uint64
	strata  [][]float64 // LHS: per parameter, a uniform per sample
}

// MaxSamples is the most samples a Sampler prepares: a Latin hypercube
// holds n values per parameter (8 MB per parameter at the limit).
const MaxSamples = 1_000_000

// NewSampler prepares samples 0..n-1 of params with the given method and
// master seed.
func NewSampler(method string, params []Param, n int, seed uint64) (*Sampler, error) {
	if n < 0 || n > MaxSamples {
		// A Latin hypercube holds every sample of every parameter.
		return nil, fmt.Errorf("uncertainty: %d samples; give 0 to %d", n, MaxSamples)
	}
	s := &Sampler{method: method, params: params, samples: n, seed: seed}
	switch method {
	case Random:
	case LHS:
		// One column per parameter, each with its own stream keyed by
		// path, so a parameter gets the same strata in every scenario.
		s.strata = make([][]float64, len(params))
		for i, p := range params {
			if p.Kind == Shares {
				continue // Dirichlet splits are drawn at random
			}
			// A joint posterior is stratified too: its row is the inverse
			// CDF of the weights at a stratified uniform.
			batch := mat.NewDense(n, 1, nil)
			src := rand.NewPCG(seed, key(p.Path))
			samplemv.LatinHypercube{Q: distmv.NewUnitUniform(1, nil), Src: src}.Sample(batch)
			s.strata[i] = batch.RawMatrix().Data
		}
	default:
		return nil, fmt.Errorf("sampler %q: use %s or %s", method, Random, LHS)
	}
	return s, nil
}

// Columns names the values of a sample, in order.
func (s *Sampler) Columns() []string {
	var cols []string
	for _, p := range s.params {
		cols = append(cols, p.Columns()...)
	}
	return cols
}

// Values returns the values of sample i (0 <= i < n), one per column.
func (s *Sampler) Values(i int) []float64 {
	var out []float64
	for j, p := range s.params {
		src := rand.NewPCG(mix(s.seed, uint64(i)), key(p.Path))
		if p.Kind == Shares {
			out = append(out, dirichlet(p.Alpha, src)...)
			continue
		}
		var u float64
		if s.strata != nil {
			u = s.strata[j][i]
		} else {
			u = rand.New(src).Float64()
		}
		if p.Kind == Joint {
			out = append(out, p.Rows[row(p.Weights, u)]...)
			continue
		}
		v := p.Dist.Quantile(u)
		if p.Whole {
			v = math.Round(v)
		}
		out = append(out, v)
	}
	return out
}

// row picks the row whose cumulative weight first exceeds u.
func row(weights []float64, u float64) int {
	acc := 0.0
	for i, w := range weights {
		acc += w
		if u < acc {
			return i
		}
	}
	return len(weights) - 1
}

// dirichlet draws shares; zero shares stay zero.
func dirichlet(alpha []float64, src rand.Source) []float64 {
	var pos []float64
	for _, a := range alpha {
		if a > 0 {
			pos = append(pos, a)
		}
	}
	out := make([]float64, len(alpha))
	if len(pos) == 0 {
		return out
	}
	var draw []float64
	if len(pos) == 1 {
		draw = []float64{1}
	} else {
		draw = distmv.NewDirichlet(pos, src).Rand(nil)
	}
	k := 0
	for i, a := range alpha {
		if a > 0 {
			out[i] = draw[k]
			k++
		}
	}
	return out
}

// key hashes a parameter path into a stream number.
func key(path string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(path))
	return h.Sum64()
}

// mix combines a seed and an index (splitmix64), so nearby indices give
// unrelated streams.
func mix(seed, i uint64) uint64 {
	z := seed + (i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// RunSeed is the simulation seed of run i of a sweep with this master seed.
func RunSeed(master uint64, i int) uint64 { return mix(master^0x5eed, uint64(i)) }

// Apply returns a copy of sc with the parameters set to values (as from
// Sampler.Values); sc itself is not changed.
func Apply(sc *scenario.Scenario, params []Param, values []float64) (*scenario.Scenario, error) {
	t, err := NewTemplate(sc)
	if err != nil {
		return nil, err
	}
	return t.Apply(params, values)
}

// A Template is a scenario to which values are applied many times, as a
// sweep applies each run's: it is encoded once, and each Apply decodes a
// fresh copy. Encoding was most of copying a scenario, which a sweep did
// for every run (issue 10: a sweep's work beside its runs).
type Template struct {
	sc  *scenario.Scenario
	gob []byte
}

// NewTemplate returns a Template of sc as it is now: a later change to sc
// is not in the copies.
func NewTemplate(sc *scenario.Scenario) (*Template, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(sc); err != nil {
		return nil, fmt.Errorf("copying scenario %s: %w", sc.Name, err)
	}
	return &Template{sc: sc, gob: buf.Bytes()}, nil
}

// Apply returns a copy of the template's scenario with the parameters
// set to values, as [Apply] does.
func (tm *Template) Apply(params []Param, values []float64) (*scenario.Scenario, error) {
	sc := tm.sc
	c := new(scenario.Scenario)
	if err := gob.NewDecoder(bytes.NewReader(tm.gob)).Decode(c); err != nil {
		return nil, fmt.Errorf("copying scenario %s: %w", sc.Name, err)
	}
	byPath := map[string]scenario.Param{}
	for _, p := range c.Params() {
		byPath[p.Info().Path] = p
	}
	var flat []Param
	for _, p := range params {
		if p.Kind == Joint {
			flat = append(flat, p.Members...)
		} else {
			flat = append(flat, p)
		}
	}
	k := 0
	for _, p := range flat {
		base, knot, isKnot := strings.Cut(p.Path, "@")
		target, ok := byPath[base]
		if !ok {
			return nil, fmt.Errorf("scenario %s has no parameter %s", sc.Name, p.Path)
		}
		switch t := target.(type) {
		case *scenario.Quantity:
			t.Value = values[k]
		case *scenario.Schedule:
			if isKnot {
				found := false
				for i := range t.Points {
					if t.Points[i].Date.Format(time.DateOnly) == knot {
						t.Points[i].Value = values[k]
						found = true
					}
				}
				if !found {
					return nil, fmt.Errorf("scenario %s: %s has no knot on %s", sc.Name, base, knot)
				}
			} else if p.Kind == Value {
				t.Points[0].Value = values[k]
			} else {
				for i := range t.Points {
					t.Points[i].Value *= values[k]
				}
			}
		case *scenario.Duration:
			t.Dist = t.Dist.Scaled(values[k])
		case *scenario.Split:
			copy(t.Shares, values[k:k+len(p.Keys)])
			k += len(p.Keys)
			continue
		}
		k++
	}
	return c, nil
}
