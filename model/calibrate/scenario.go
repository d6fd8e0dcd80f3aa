package calibrate

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// Problem is the calibration of a scenario to observed series: the
// parameters the scenario marks calibrate: true (priors from their ranges,
// scales or knot ranges), one Target per observation the run covers, and
// the simulator that runs the engine at a parameter vector.
type Problem struct {
	Scenario *scenario.Scenario
	Params   []uncertainty.Param // the calibrated ones, in the scenario's order
	// Nuisance are the scenario's other uncertain parameters. Each
	// simulation draws them from their priors, so the fit holds whatever
	// they are, and the final particles keep the values they were
	// simulated with: a sweep of the calibrated scenario draws whole rows
	// of calibrated and nuisance values together, never a fitted value
	// with an assumption it was not fitted with.
	Nuisance []uncertainty.Param
	Series   []*observed.Series // each cut to the observations the run covers
	Targets  []Target           // one per observation, series by series
	Skipped  []string           // observations outside the run, with why
	Until    int                // fit only observations of years up to this (0: all)
	// Discrepancy is the model discrepancy's standard deviation as a share
	// of each observed value, for series that state none of their own.
	Discrepancy float64
}

// NewProblem prepares the calibration of sc to series. Observations of a
// series with role fit whose year is at most until (all if until is 0) are
// fitted; the others are simulated and reported (posterior predictive).
// discrepancy is the model discrepancy, a share of the observed value.
func NewProblem(sc *scenario.Scenario, series []*observed.Series, until int, discrepancy float64) (*Problem, error) {
	p := &Problem{Scenario: sc, Until: until, Discrepancy: discrepancy}
	for _, prm := range uncertainty.Priors(sc) {
		if !prm.Calibrate {
			p.Nuisance = append(p.Nuisance, prm)
			continue
		}
		if prm.Kind != uncertainty.Value && prm.Kind != uncertainty.Factor {
			return nil, fmt.Errorf("calibrate: %s: a %s parameter cannot be calibrated; mark scalars, schedules or durations", prm.Path, prm.Kind)
		}
		p.Params = append(p.Params, prm)
	}
	if len(p.Params) == 0 {
		return nil, fmt.Errorf("calibrate: scenario %s marks no parameter calibrate: true", sc.Name)
	}
	fits := 0
	for _, s := range series {
		cut := *s
		cut.Observations = nil
		for _, o := range s.Observations {
			if !covers(sc, o) {
				p.Skipped = append(p.Skipped, fmt.Sprintf("%s %s: outside the run %s to %s", s.Name, o.Reference, sc.Start.Format(time.DateOnly), sc.End.Format(time.DateOnly)))
				continue
			}
			cut.Observations = append(cut.Observations, o)
			fit := s.Role == observed.Fit && (until == 0 || o.Year <= until)
			if fit {
				fits++
			}
			name := s.Name + " " + o.Reference
			if o.Region != "" {
				name += " " + o.Region
			}
			md := discrepancy
			if s.Model.Discrepancy != nil {
				md = s.Model.Discrepancy.Value
			}
			p.Targets = append(p.Targets, Target{Name: name, Value: o.Value, SD: o.SD(), Discrepancy: md * math.Abs(o.Value), Fit: fit})
		}
		if len(cut.Observations) > 0 {
			p.Series = append(p.Series, &cut)
		}
	}
	if fits == 0 {
		return nil, fmt.Errorf("calibrate: no observation to fit in scenario %s's run (%s to %s) up to %d", sc.Name, sc.Start.Format(time.DateOnly), sc.End.Format(time.DateOnly), until)
	}
	return p, nil
}

// covers reports whether the run has the snapshots an observation needs.
func covers(sc *scenario.Scenario, o observed.Observation) bool {
	if o.OfYear() {
		from := time.Date(o.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		return !from.Before(sc.Start) && !from.AddDate(1, 0, 0).After(sc.End)
	}
	return !o.Date.Before(sc.Start) && !o.Date.After(sc.End)
}

// Parameters are the calibrated parameters with their priors, for Config.
func (p *Problem) Parameters() []Parameter {
	out := make([]Parameter, len(p.Params))
	for i, prm := range p.Params {
		out[i] = Parameter{Name: prm.Path, Prior: prm.Dist}
	}
	return out
}

// Simulate runs the scenario once with the calibrated parameters at theta
// (the others at their values in the file) and returns the model's value
// of every target.
func (p *Problem) Simulate(ctx context.Context, theta []float64, seed uint64) ([]float64, error) {
	params := append(append([]uncertainty.Param(nil), p.Params...), p.Nuisance...)
	sc, err := uncertainty.Apply(p.Scenario, params, append(append([]float64(nil), theta...), p.NuisanceValues(theta)...))
	if err != nil {
		return nil, err
	}
	res, err := sim.Run(ctx, sc, seed)
	if err != nil {
		return nil, err
	}
	out := make([]float64, 0, len(p.Targets))
	for _, s := range p.Series {
		v, err := s.Simulate(res)
		if err != nil {
			return nil, err
		}
		out = append(out, v...)
	}
	return out, nil
}

// NuisanceValues draws the nuisance parameters for a proposal from their
// priors. The stream is keyed by the proposal's calibrated values, so a
// particle simulated again (for its posterior predictive) keeps them;
// proposals, whose values differ, get independent draws.
func (p *Problem) NuisanceValues(theta []float64) []float64 {
	if len(p.Nuisance) == 0 {
		return nil
	}
	h := fnv.New64a()
	var b [8]byte
	for _, x := range theta {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
		h.Write(b[:])
	}
	s, err := uncertainty.NewSampler(uncertainty.Random, p.Nuisance, 1, h.Sum64())
	if err != nil {
		panic(err) // Random never fails
	}
	return s.Values(0)
}

// NuisanceColumns names the nuisance values (a split gives one per key).
func (p *Problem) NuisanceColumns() []string {
	var cols []string
	for _, n := range p.Nuisance {
		cols = append(cols, n.Columns()...)
	}
	return cols
}

// Identity hashes what a calibration's result depends on: the scenario
// (its files), the observed series (as cut to the run, with their errors
// and roles), the parameters and priors, and the method's settings. A
// committed calibration carries it, so a test can tell that it still
// matches its inputs without rerunning it.
func (p *Problem) Identity(cfg Config) string {
	h := sha256.New()
	fmt.Fprintf(h, "scenario %s %s\n", p.Scenario.Name, p.Scenario.SHA256)
	for _, prm := range p.Params {
		fmt.Fprintf(h, "param %s %s %v\n", prm.Path, prm.Kind, prm.Dist)
	}
	for _, prm := range p.Nuisance {
		fmt.Fprintf(h, "nuisance %s %s %v %v\n", prm.Path, prm.Kind, prm.Dist, prm.Alpha)
	}
	for _, t := range p.Targets {
		fmt.Fprintf(h, "target %q %v %v %v %v\n", t.Name, t.Value, t.SD, t.Discrepancy, t.Fit)
	}
	fmt.Fprintf(h, "method apmc N %d alpha %v minaccept %v budget %d seed %d until %d\n",
		cfg.N, cfg.Alpha, cfg.MinAccept, cfg.Budget, cfg.Seed, p.Until)
	return hex.EncodeToString(h.Sum(nil))
}

// CalibratedScenario writes the scenario that extends the calibrated one
// with the fit: every calibrated parameter set to its posterior median
// (a knot's value; a factor's effect on the whole schedule or duration),
// marked calibrated: with the data, the method and the date, and the joint
// posterior named, relative to those medians, in posteriorFile.
//
// It returns the scenario text and the posterior rows to write beside it:
// knots and scalars in their own units, factors divided by their median,
// so a sweep that applies a row to the written values reproduces the
// fitted draw.
//
// extends is how the new file names the original: its name if both are in
// one directory (or the original is a shipped one), else a path relative
// to the new file.
func (p *Problem) CalibratedScenario(res *Result, name, extends, posteriorFile, method string, when time.Time) (string, *Posterior) {
	med := res.Quantiles(0.5)
	byPath := map[string]scenario.Param{}
	for _, prm := range p.Scenario.Params() {
		byPath[prm.Info().Path] = prm
	}
	var fitted []string
	for _, s := range p.Series {
		var years []int
		for _, o := range s.Observations {
			if s.Role == observed.Fit && (p.Until == 0 || o.Year <= p.Until) {
				years = append(years, o.Year)
			}
		}
		if len(years) > 0 {
			sort.Ints(years)
			fitted = append(fitted, fmt.Sprintf("%s %d-%d", s.Name, years[0], years[len(years)-1]))
		}
	}
	note := fmt.Sprintf("%s on %s; %s: posterior median; joint posterior in %s", method, strings.Join(fitted, " and "), when.Format(time.DateOnly), posteriorFile)

	// One entry per parameter path; knots of one schedule share it.
	entries := map[string]string{}
	done := map[string]bool{}
	post := &Posterior{Params: append([]string(nil), res.Params...), Weights: res.Weights}
	scaleOf := make([]float64, len(p.Params))
	for i := range scaleOf {
		scaleOf[i] = 1
	}
	for i, prm := range p.Params {
		base, _, _ := strings.Cut(prm.Path, "@")
		if done[base] {
			continue
		}
		done[base] = true
		switch t := byPath[base].(type) {
		case *scenario.Schedule:
			if prm.Kind == uncertainty.Value && prm.Path == base {
				// A constant with a range: its value is the parameter.
				entries[base] = fmt.Sprintf("{value: %s, unit: %s, calibrated: %q, range: [%s, %s]}", num(med[i][0]), t.Unit, note, num(t.Range[0]), num(t.Range[1]))
				continue
			}
			factor := 1.0
			knots := map[string]float64{}
			for j, q := range p.Params {
				if b, knot, ok := strings.Cut(q.Path, "@"); ok && b == base {
					knots[knot] = med[j][0]
				} else if q.Path == base {
					factor = med[j][0]
					scaleOf[j] = factor
				}
			}
			var pts []string
			for _, pt := range t.Points {
				d := pt.Date.Format(time.DateOnly)
				v, isKnot := knots[d]
				if !isKnot {
					v = pt.Value * factor
				}
				if pt.Range != nil {
					pts = append(pts, fmt.Sprintf("%s: {value: %s, range: [%s, %s]}", d, num(v), num(pt.Range[0]), num(pt.Range[1])))
				} else {
					pts = append(pts, fmt.Sprintf("%s: %s", d, num(v)))
				}
			}
			interp := "linear"
			if t.Step {
				interp = "step"
			}
			var extra string
			if t.Scale != nil {
				extra = fmt.Sprintf(", scale: [%s, %s]", num(t.Scale[0]/factor), num(t.Scale[1]/factor))
			}
			entries[base] = fmt.Sprintf("{unit: %s, calibrated: %q, interpolation: %s, schedule: {%s}%s}", t.Unit, note, interp, strings.Join(pts, ", "), extra)
		case *scenario.Duration:
			f := med[i][0]
			scaleOf[i] = f
			d := t.Dist.Scaled(f)
			var fields []string
			keys := make([]string, 0, len(d.P))
			for k := range d.P {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fields = append(fields, fmt.Sprintf("%s: %s", k, num(d.P[k])))
			}
			var extra string
			if t.Scale != nil {
				extra = fmt.Sprintf(", scale: [%s, %s]", num(t.Scale[0]/f), num(t.Scale[1]/f))
			}
			entries[base] = fmt.Sprintf("{dist: %s, %s, unit: %s, calibrated: %q%s}", d.Kind, strings.Join(fields, ", "), t.Unit, note, extra)
		case *scenario.Quantity:
			extra := ""
			if t.Range != nil {
				extra = fmt.Sprintf(", range: [%s, %s]", num(t.Range[0]), num(t.Range[1]))
			}
			entries[base] = fmt.Sprintf("{value: %s, unit: %s, calibrated: %q%s}", num(med[i][0]), t.Unit, note, extra)
		}
	}
	post.Params = append(post.Params, p.NuisanceColumns()...)
	for _, th := range res.Particles {
		row := make([]float64, len(th))
		for j := range th {
			row[j] = th[j] / scaleOf[j]
		}
		post.Particles = append(post.Particles, append(row, p.NuisanceValues(th)...))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s fitted to observed data by thuis calibrate.\n", name, p.Scenario.Name)
	fmt.Fprintf(&b, "# Generated; do not edit by hand. %s.\n", note)
	fmt.Fprintf(&b, "name: %s\n", name)
	fmt.Fprintf(&b, "description: %q\n", fmt.Sprintf("%s, calibrated: %s", strings.TrimSuffix(p.Scenario.Description, "."), strings.Join(fitted, " and ")))
	fmt.Fprintf(&b, "extends: %s\n", extends)
	fmt.Fprintf(&b, "posterior: {file: %s, note: %q}\n", posteriorFile, method)
	writeNested(&b, entries)
	return b.String(), post
}

// writeNested writes dotted paths as nested YAML mappings, in path order.
func writeNested(b *strings.Builder, leaves map[string]string) {
	paths := make([]string, 0, len(leaves))
	for p := range leaves {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var prev []string
	for _, p := range paths {
		parts := strings.Split(p, ".")
		common := 0
		for common < len(prev) && common < len(parts)-1 && prev[common] == parts[common] {
			common++
		}
		for i := common; i < len(parts)-1; i++ {
			fmt.Fprintf(b, "%s%s:\n", strings.Repeat("  ", i), parts[i])
		}
		fmt.Fprintf(b, "%s%s: %s\n", strings.Repeat("  ", len(parts)-1), parts[len(parts)-1], leaves[p])
		prev = parts[:len(parts)-1]
	}
}

// num formats a number for YAML: whole numbers plainly, others to six
// significant digits.
func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.6g", x)
}
