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

	"github.com/thuis-nl/thuis/model/column"
	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/uncertainty"
	"gonum.org/v1/gonum/floats"
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
		if prm.Kind != uncertainty.Value && prm.Kind != uncertainty.Factor && prm.Kind != uncertainty.Shares {
			return nil, fmt.Errorf("calibrate: %s: a %s parameter cannot be calibrated; mark scalars, schedules, durations or splits", prm.Path, prm.Kind)
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

// Parameters are the coordinates of the calibration, with their priors,
// for Config: one per calibrated scalar, schedule factor, knot or
// duration factor, and one per share of a calibrated split.
//
// A split is fitted as the logs of its Gamma weights: a Dirichlet(α) draw
// is independent Gamma(α_k, 1) weights divided by their sum, so the
// weights have a prior that is a product of univariate densities, which
// the kernel and the importance weights need, and any weights are valid
// shares. On the log scale a small share's prior (α_k < 1) does not pile up
// at 0, where it would give proposals there huge importance weights. The
// weights' sum is not identified by the data and keeps its Gamma(Σα_k, 1)
// prior. Shares fixed at zero have no weight.
func (p *Problem) Parameters() []Parameter {
	var out []Parameter
	for _, prm := range p.Params {
		if prm.Kind != uncertainty.Shares {
			out = append(out, Parameter{Name: prm.Path, Prior: prm.Dist})
			continue
		}
		for k, a := range prm.Alpha {
			if a > 0 {
				out = append(out, Parameter{Name: prm.Path + "." + prm.Keys[k] + ".log_weight",
					Prior: dist.Spec{Kind: dist.Gamma, P: map[string]float64{"mean": a, "sd": math.Sqrt(a)}}, Log: true})
			}
		}
	}
	return out
}

// applied returns the values of the calibrated parameters at theta, as
// uncertainty.Apply takes them: a split's weights become its shares.
func (p *Problem) applied(theta []float64) []float64 {
	var out []float64
	i := 0
	for _, prm := range p.Params {
		if prm.Kind != uncertainty.Shares {
			out = append(out, theta[i])
			i++
			continue
		}
		start, sum := len(out), 0.0
		for _, a := range prm.Alpha {
			w := 0.0
			if a > 0 {
				w = math.Exp(theta[i])
				i++
			}
			out = append(out, w)
			sum += w
		}
		for k := start; k < len(out); k++ {
			out[k] /= sum
		}
	}
	return out
}

// coordinates is applied's inverse: the coordinates that give values,
// a split's log weights as the logs of its shares (the weights' sum is
// not identified: any gives the same shares).
func (p *Problem) coordinates(values []float64) []float64 {
	var theta []float64
	j := 0
	for _, prm := range p.Params {
		if prm.Kind != uncertainty.Shares {
			theta = append(theta, values[j])
			j++
			continue
		}
		for i, alpha := range prm.Alpha {
			if alpha > 0 {
				theta = append(theta, math.Log(values[j+i]))
			}
		}
		j += len(prm.Keys)
	}
	return theta
}

// columns names the values applied returns.
func (p *Problem) columns() []string {
	var cols []string
	for _, prm := range p.Params {
		cols = append(cols, prm.Columns()...)
	}
	return cols
}

// Marginal is one calibrated value's prior and posterior: a scalar, a
// factor, a knot, or one share of a split.
type Marginal struct {
	Name   string    // the parameter's path; a share's PATH.KEY
	Column string    // its column in runs.csv and a calibrated posterior
	Kind   string    // uncertainty.Value, Factor or Shares
	Prior  dist.Spec // a share's is its Beta(α_k, Σα − α_k) marginal
	// Values are the value in each final particle (weights: Result.Weights).
	Values []float64
}

// Quantiles returns the weighted quantiles of the marginal's values.
func (m Marginal) Quantiles(weights []float64, probs ...float64) []float64 {
	return weightedQuantiles(m.Values, weights, probs)
}

// Marginals returns the calibrated values' priors and their values in the
// final particles, in the scenario's units: shares, not weights.
func (p *Problem) Marginals(res *Result) []Marginal {
	var out []Marginal
	for _, prm := range p.Params {
		if prm.Kind != uncertainty.Shares {
			out = append(out, Marginal{Name: prm.Path, Column: prm.Names()[0], Kind: prm.Kind, Prior: prm.Dist})
			continue
		}
		total := floats.Sum(prm.Alpha)
		for k, a := range prm.Alpha {
			if a > 0 {
				out = append(out, Marginal{Name: prm.Path + "." + prm.Keys[k], Column: column.ForShare(prm.Path, prm.Keys[k]), Kind: prm.Kind,
					Prior: dist.Spec{Kind: dist.Beta, P: map[string]float64{"alpha": a, "beta": total - a}}})
			}
		}
	}
	// Which applied value each marginal is: skip zero shares.
	var at []int
	j := 0
	for _, prm := range p.Params {
		if prm.Kind != uncertainty.Shares {
			at = append(at, j)
			j++
			continue
		}
		for _, a := range prm.Alpha {
			if a > 0 {
				at = append(at, j)
			}
			j++
		}
	}
	for _, th := range res.Particles {
		v := p.applied(th)
		for m := range out {
			out[m].Values = append(out[m].Values, v[at[m]])
		}
	}
	return out
}

// Simulate runs the scenario once with the calibrated parameters at theta
// (the others at their values in the file) and returns the model's value
// of every target.
func (p *Problem) Simulate(ctx context.Context, theta []float64, seed uint64) ([]float64, error) {
	return p.SimulateRow(ctx, p.Row(theta), seed)
}

// Row returns a particle's full row: the calibrated values at theta (a
// split's shares, not its weights) and the nuisance values it is
// simulated with, in the columns of the scenario's posterior file.
func (p *Problem) Row(theta []float64) []float64 {
	return append(p.applied(theta), p.NuisanceValues(theta)...)
}

// SimulateRow runs the scenario once with every uncertain parameter at
// its value in row (as Row gives them).
func (p *Problem) SimulateRow(ctx context.Context, row []float64, seed uint64) ([]float64, error) {
	params := append(append([]uncertainty.Param(nil), p.Params...), p.Nuisance...)
	sc, err := uncertainty.Apply(p.Scenario, params, row)
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

// Adjustment is the regression adjustment of the scenario's rows, fitted
// and nuisance values together, for Config.Adjust: each value on the
// scale of its prior's support, a split's shares as log ratios, counts
// rounded.
func (p *Problem) Adjustment() *Adjustment {
	var tr []Transform
	group := 0
	for _, prm := range append(append([]uncertainty.Param(nil), p.Params...), p.Nuisance...) {
		switch prm.Kind {
		case uncertainty.Value, uncertainty.Factor:
			lo, hi := prm.Dist.Support()
			tr = append(tr, Transform{Lo: lo, Hi: hi, Whole: prm.Whole, Keep: prm.Dist.Kind == dist.Fixed})
		case uncertainty.Shares:
			group++
			for range prm.Keys {
				tr = append(tr, Transform{Group: group})
			}
		default:
			for range prm.Columns() {
				tr = append(tr, Transform{Keep: true})
			}
		}
	}
	return &Adjustment{Row: p.Row, Transforms: tr, Simulate: p.SimulateRow}
}

// UseAdjusted returns res with its regression-adjusted posterior in place
// of the final particles: the adjusted rows' calibrated values as
// particles (a split's log weights are the logs of its shares, which
// give the same shares) and their nuisance values, the adjusted weights,
// and the runs at the adjusted rows as replicates and as outputs (no
// simulation selected them), with as distances the root mean square of
// those runs' residuals, without noise. res without an adjustment is
// returned as it is.
func (p *Problem) UseAdjusted(res *Result) *Result {
	a := res.Adjusted
	if a == nil {
		return res
	}
	out := *res
	out.Particles, out.Weights, out.Nuisance = nil, a.Weights, nil
	out.Replicates, out.Outputs, out.Seeds = a.Replicates, a.Replicates, a.Seeds
	out.Residuals, out.Distances = nil, nil
	n := len(p.applied(res.Particles[0]))
	for k, row := range a.Rows {
		out.Particles = append(out.Particles, p.coordinates(row[:n]))
		out.Nuisance = append(out.Nuisance, row[n:])
		var sum float64
		fit := 0
		for i, tg := range res.Targets {
			if tg.Fit {
				z := (a.Replicates[k][i] - tg.Value) / tg.Noise()
				sum += z * z
				fit++
			}
		}
		out.Distances = append(out.Distances, math.Sqrt(sum/float64(fit)))
	}
	return &out
}

// nuisance returns the nuisance values of particle k of res.
func (p *Problem) nuisance(res *Result, k int) []float64 {
	if res.Nuisance != nil {
		return res.Nuisance[k]
	}
	return p.NuisanceValues(res.Particles[k])
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

// names are the columns, as runs.csv names them (uncertainty.Param.Names),
// of the values applied and NuisanceValues return: those of a calibrated
// scenario's posterior file.
func (p *Problem) names() []string {
	var names []string
	for _, prm := range append(append([]uncertainty.Param(nil), p.Params...), p.Nuisance...) {
		names = append(names, prm.Names()...)
	}
	return names
}

// coordinateNames are the columns of Parameters in posterior.csv: as
// runs.csv names a parameter, and a split's weight
// PATH.KEY.log_weight, made safe.
func (p *Problem) coordinateNames() []string {
	var names []string
	for _, prm := range p.Params {
		if prm.Kind != uncertainty.Shares {
			names = append(names, prm.Names()...)
			continue
		}
		for k, a := range prm.Alpha {
			if a > 0 {
				names = append(names, column.Slug(prm.Path)+"."+column.Slug(prm.Keys[k])+".log_weight")
			}
		}
	}
	return names
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
		if prm.Kind == uncertainty.Shares {
			fmt.Fprintf(h, "param %s %s %v\n", prm.Path, prm.Kind, prm.Alpha)
		} else {
			fmt.Fprintf(h, "param %s %s %v\n", prm.Path, prm.Kind, prm.Dist)
		}
	}
	for _, prm := range p.Nuisance {
		fmt.Fprintf(h, "nuisance %s %s %v %v\n", prm.Path, prm.Kind, prm.Dist, prm.Alpha)
	}
	for _, t := range p.Targets {
		fmt.Fprintf(h, "target %q %v %v %v %v\n", t.Name, t.Value, t.SD, t.Discrepancy, t.Fit)
	}
	method := cfg.Method
	if method == "" {
		method = APMC
	}
	fmt.Fprintf(h, "method %s N %d alpha %v minaccept %v budget %d seed %d until %d\n",
		method, cfg.N, cfg.Alpha, cfg.MinAccept, cfg.Budget, cfg.Seed, p.Until)
	if cfg.Adjust != nil {
		fmt.Fprintf(h, "adjust %s\n", AdjustMethod)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Representative returns the final particle whose fresh simulation (its
// replicate) comes closest to the fitted observations, and that distance
// (root mean square, in units of each observation's noise): the one a
// single run of the calibrated scenario uses. Medians taken one parameter
// at a time need not be a combination the data favour, and the nuisance
// values each particle was fitted with matter as much as its fitted ones.
func (p *Problem) Representative(res *Result) (int, float64) {
	best, bestD := 0, math.Inf(1)
	outs := res.Replicates
	if len(outs) != len(res.Particles) {
		outs = res.Outputs
	}
	for k, y := range outs {
		var sum float64
		n := 0
		for i, tg := range res.Targets {
			if !tg.Fit {
				continue
			}
			z := (y[i] - tg.Value) / tg.Noise()
			sum += z * z
			n++
		}
		if d := math.Sqrt(sum / float64(n)); d < bestD {
			best, bestD = k, d
		}
	}
	return best, bestD
}

// CalibratedScenario writes the scenario that extends the calibrated one
// with the fit: every uncertain parameter, fitted and nuisance, set to its
// value in the representative particle (see Representative), marked
// calibrated: with the data, the method and the date, and keeping its
// prior range; and the joint posterior, named in posteriorFile.
//
// It returns the scenario text and the posterior to write beside it:
// values in their own units, factors divided by the representative's, so
// a sweep that applies a row to the written values reproduces that
// particle's draw.
//
// extends is how the new file names the original: its name if both are in
// one directory (or the original is a shipped one), else a path relative
// to the new file.
func (p *Problem) CalibratedScenario(res *Result, name, extends, posteriorFile, method string, when time.Time) (string, *Posterior) {
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
	k, d := p.Representative(res)
	data := strings.Join(fitted, " and ")
	noteFit := fmt.Sprintf("%s on %s, %s: fitted; the value of the representative particle (its fresh run fits at %.2f noise units, root mean square); joint posterior in %s", method, data, when.Format(time.DateOnly), d, posteriorFile)
	noteNuisance := fmt.Sprintf("not fitted: drawn from its prior with the representative particle of the calibration on %s (%s); its prior range is kept; joint posterior in %s", data, when.Format(time.DateOnly), posteriorFile)

	all := append(append([]uncertainty.Param(nil), p.Params...), p.Nuisance...)
	values := append(p.applied(res.Particles[k]), p.nuisance(res, k)...)
	byBase := map[string][]setting{}
	var order []string
	v := 0
	scale := make([]float64, 0, len(values)) // per value: divide posterior rows by this
	for _, prm := range all {
		n := len(prm.Columns())
		s := setting{prm, values[v : v+n]}
		for j := 0; j < n; j++ {
			if prm.Kind == uncertainty.Factor {
				scale = append(scale, values[v+j])
			} else {
				scale = append(scale, 1)
			}
		}
		v += n
		base, _, _ := strings.Cut(prm.Path, "@")
		if _, ok := byBase[base]; !ok {
			order = append(order, base)
		}
		byBase[base] = append(byBase[base], s)
	}
	fittedPath := map[string]bool{}
	for _, prm := range p.Params {
		base, _, _ := strings.Cut(prm.Path, "@")
		fittedPath[base] = true
	}
	entries := map[string]string{}
	for _, base := range order {
		if strings.HasPrefix(base, "regions.") {
			// A region set's weights live in its own file, which a scenario
			// cannot override: a single run keeps them; a sweep draws them
			// with their row.
			continue
		}
		note := noteNuisance
		if fittedPath[base] {
			note = noteFit
		}
		if e, ok := writeParam(byPath[base], byBase[base], note); ok {
			entries[base] = e
		}
	}
	post := &Posterior{Params: p.names(), Weights: res.Weights}
	for k, th := range res.Particles {
		row := append(p.applied(th), p.nuisance(res, k)...)
		for j := range row {
			row[j] /= scale[j]
		}
		post.Particles = append(post.Particles, row)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s fitted to observed data by thuis calibrate.\n", name, p.Scenario.Name)
	fmt.Fprintf(&b, "# Generated; do not edit by hand. %s on %s, %s. Every uncertain\n", method, data, when.Format(time.DateOnly))
	fmt.Fprintf(&b, "# parameter holds its value in the representative particle (the final\n")
	fmt.Fprintf(&b, "# particle whose fresh run fits best: %.2f noise units, root mean square), so a\n", d)
	fmt.Fprintf(&b, "# single run reproduces the history; a sweep draws whole rows of %s.\n", posteriorFile)
	fmt.Fprintf(&b, "name: %s\n", name)
	if nl, ok := p.Scenario.Descriptions["nl"]; ok {
		// Given per language, it stays so: a report prints the one in its
		// language.
		fmt.Fprintf(&b, "description:\n  nl: %q\n  en: %q\n",
			fmt.Sprintf("%s, gekalibreerd op %s", strings.TrimSuffix(nl, "."), strings.Join(fitted, " en ")),
			fmt.Sprintf("%s, calibrated: %s", strings.TrimSuffix(p.Scenario.Description, "."), data))
	} else {
		fmt.Fprintf(&b, "description: %q\n", fmt.Sprintf("%s, calibrated: %s", strings.TrimSuffix(p.Scenario.Description, "."), data))
	}
	fmt.Fprintf(&b, "extends: %s\n", extends)
	fmt.Fprintf(&b, "posterior: {file: %s, note: %q}\n", posteriorFile, method)
	writeNested(&b, entries)
	return b.String(), post
}

// setting is a parameter's value in a particle: one, or a split's shares.
type setting struct {
	param  uncertainty.Param
	values []float64
}

// writeParam renders a parameter set to the given values as a YAML flow
// mapping: the same unit and prior (range, scale, knot ranges,
// concentration), status calibrated with note.
func writeParam(prm scenario.Param, set []setting, note string) (string, bool) {
	switch t := prm.(type) {
	case *scenario.Quantity:
		return fmt.Sprintf("{value: %s, unit: %s, calibrated: %q%s}", num(set[0].values[0]), t.Unit, note, priorText(&t.Meta)), true
	case *scenario.Schedule:
		factor := 1.0
		knots := map[string]float64{}
		for _, s := range set {
			_, knot, isKnot := strings.Cut(s.param.Path, "@")
			switch {
			case isKnot:
				knots[knot] = s.values[0]
			case s.param.Kind == uncertainty.Value: // a constant with a range
				return fmt.Sprintf("{value: %s, unit: %s, calibrated: %q%s}", num(s.values[0]), t.Unit, note, priorText(&t.Meta)), true
			default:
				factor = s.values[0]
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
		return fmt.Sprintf("{unit: %s, calibrated: %q, interpolation: %s, schedule: {%s}%s}", t.Unit, note, interp, strings.Join(pts, ", "), extra), true
	case *scenario.Duration:
		f := set[0].values[0]
		d := t.Dist.Scaled(f)
		keys := make([]string, 0, len(d.P))
		for k := range d.P {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var fields []string
		for _, k := range keys {
			fields = append(fields, fmt.Sprintf("%s: %s", k, num(d.P[k])))
		}
		var extra string
		if t.Scale != nil {
			extra = fmt.Sprintf(", scale: [%s, %s]", num(t.Scale[0]/f), num(t.Scale[1]/f))
		}
		return fmt.Sprintf("{dist: %s, %s, unit: %s, calibrated: %q%s}", d.Kind, strings.Join(fields, ", "), t.Unit, note, extra), true
	case *scenario.Split:
		var shares []string
		for i, k := range t.Keys {
			shares = append(shares, fmt.Sprintf("%s: %s", k, num(set[0].values[i])))
		}
		return fmt.Sprintf("{shares: {%s}, unit: %s, calibrated: %q, concentration: %s}", strings.Join(shares, ", "), t.Unit, note, num(t.Concentration)), true
	}
	return "", false
}

// priorText renders a scalar's prior as YAML: its range.
func priorText(m *scenario.Meta) string {
	if m.Range != nil {
		return fmt.Sprintf(", range: [%s, %s]", num(m.Range[0]), num(m.Range[1]))
	}
	return ""
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
// significant digits, never as "510.613", which the loader refuses in a
// count as a Dutch thousands separator (scenario.LooksLikeThousands): a
// trailing 0 keeps the value and makes the decimal plain.
func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	s := fmt.Sprintf("%.6g", x)
	if scenario.LooksLikeThousands(s) {
		s += "0"
	}
	return s
}
