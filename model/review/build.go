// This file implements Build: the runs a review needs, and what it takes
// from each (doc.go, "How a review is made").

package review

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/costs"
	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// Config is a review to make. The zero values of the numbers are the
// defaults, sized so that a review of the national plan finishes in a
// few minutes on two cores.
type Config struct {
	// Scenario is reviewed against Baseline, with paired runs.
	Scenario, Baseline *scenario.Scenario
	Targets            []target.Target
	UnitCosts          *costs.UnitCosts

	// Runs is the number of runs of each scenario; zero means 20.
	Runs int
	// Prob is the probability from which a target is on track, and with
	// which a lever must reach it; zero means 0.8.
	Prob float64
	Seed uint64
	// Workers is the number of simulations at once; zero means all cores.
	Workers int
	// From is the first costed year; zero means 2023, the plan's first.
	From int
	// FixedUnitCosts holds the unit costs at their values; otherwise run
	// i of every scenario and lever value is priced with
	// UnitCosts.Draw(Seed, i).
	FixedUnitCosts bool

	// Out is the directory the sweep of both scenarios is written to; it
	// must be new or empty, as every run is observed.
	Out string

	// Sensitivity, if set, gives the drivers (its target outputs);
	// otherwise they are Spearman rank correlations over the sweep's runs.
	Sensitivity *analysis.Result
	// SensitivityDir names where Sensitivity was read, for the page.
	SensitivityDir string

	// Levers are tried for the targets not on track; nil means
	// DefaultLevers. LeverRuns is the runs per lever value (zero: 8),
	// LeverGrid the values per lever (zero: 4).
	Levers               []Lever
	LeverRuns, LeverGrid int

	// Progress, if set, is called as simulations finish, with the stage
	// (sweep, or the lever's path).
	Progress func(stage string, done, total int)

	Version string
	Command []string
}

// Lever is a lever the review tries for the targets it names, when they
// are not on track.
type Lever struct {
	Path   string
	Factor bool       // a factor on the plan's whole schedule
	Range  [2]float64 // of the value or factor
	// Metrics are the metrics of the targets it is tried for.
	Metrics []string
}

// DefaultLevers are the levers the review tries, each a factor on the
// plan's own schedule (1: the plan as written), by the metric of a
// target:
//
//   - the share of lettings to homeless people (urgency), up to three
//     times the plan's, for the count, rough sleeping, stays in shelter
//     and functional zero: the plan's main lever on housing;
//   - prevention on leaving an institution and after eviction, up to
//     where the share prevented reaches 1, for homelessness after an
//     institution or an eviction.
//
// Afbouw targets have no numeric lever: their levers are dates and the
// closure mode, a variant to write (thuis diff), not a range to search.
var DefaultLevers = []Lever{
	{Path: "housing.homeless_share", Factor: true, Range: [2]float64{1, 3},
		Metrics: []string{"cbs_count", "homeless", "rough_sleeping", "rough_sleeping_lack_of_shelter", "shelter_stay_p90_days", "shelter_stay_median_days", "shelter_stay_share_over_90_days", "functional_zero_ratio"}},
	{Path: "inflow.institution.prevented", Factor: true, Range: [2]float64{1, 1.25}, Metrics: []string{"became_homeless_share:institution"}},
	{Path: "inflow.eviction.prevented", Factor: true, Range: [2]float64{1, 1.1}, Metrics: []string{"became_homeless_share:eviction"}},
}

// key names a target's metric as DefaultLevers does: metric, or
// metric:source for one that needs a source.
func key(t target.Target) string {
	if t.From != "" {
		return t.Metric + ":" + t.From
	}
	return t.Metric
}

// perRun is what the review keeps of one run.
type perRun struct {
	value    []float64 // per target
	lack     float64   // rough sleeping for lack of shelter, highest of the judging year
	became   float64   // people who became homeless in the judging year
	homeless float64   // homeless at the end of the judging year
	spend    *costs.Spend
}

// judgingYear is the year the assumptions are judged in: 2030, the plan's
// end, or the run's last whole year if it ends before.
func judgingYear(sc *scenario.Scenario) int {
	_, last := target.WholeYears(sc.Start, sc.End)
	return min(2030, last)
}

func observeRun(res *sim.Result, targets []target.Target, uc *costs.UnitCosts, from, year int) (*perRun, error) {
	outs, err := target.Evaluate(res, targets)
	if err != nil {
		return nil, err
	}
	p := &perRun{}
	for _, o := range outs {
		p.value = append(p.value, o.Value)
	}
	if p.lack, err = target.Metrics["rough_sleeping_lack_of_shelter"].Value(res, target.Max, year, "", 0); err != nil {
		return nil, err
	}
	if p.homeless, err = target.Metrics["homeless"].Value(res, target.End, year, "", 0); err != nil {
		return nil, err
	}
	for _, f := range res.FlowNames {
		if src, ok := strings.CutPrefix(f, "became_homeless."); ok {
			v, err := target.Metrics["became_homeless"].Value(res, target.Total, year, src, 0)
			if err != nil {
				return nil, err
			}
			p.became += v
		}
	}
	if p.spend, err = costs.Compute(res, uc); err != nil {
		return nil, err
	}
	p.spend.From(from)
	return p, nil
}

// Build runs the review cfg describes: a sweep of the scenario and the
// baseline with common random numbers, priced run by run; the drivers of
// each target; a grid of each lever that may help a missed target; and
// the judgement of each key assumption.
func Build(ctx context.Context, cfg Config) (*Review, error) {
	switch {
	case cfg.Scenario == nil || cfg.Baseline == nil:
		return nil, errors.New("review: a scenario and a baseline are needed")
	case cfg.UnitCosts == nil:
		return nil, errors.New("review: no unit costs")
	case cfg.Out == "":
		return nil, errors.New("review: no directory for the sweep")
	case cfg.Runs < 0 || cfg.LeverRuns < 0 || cfg.LeverGrid < 0 || cfg.Workers < 0:
		return nil, fmt.Errorf("review: %d runs, %d lever runs, %d lever values and %d workers; want 0 (the default) or more", cfg.Runs, cfg.LeverRuns, cfg.LeverGrid, cfg.Workers)
	case cfg.Prob < 0 || cfg.Prob > 1:
		return nil, fmt.Errorf("review: probability %g; want a share in (0, 1]", cfg.Prob)
	}
	runs, leverRuns, leverGrid := def(cfg.Runs, 20), def(cfg.LeverRuns, 8), def(cfg.LeverGrid, 4)
	prob := cfg.Prob
	if prob == 0 {
		prob = 0.8
	}
	from := def(cfg.From, 2023)
	alt, base := cfg.Scenario, cfg.Baseline
	if alt.Name == base.Name {
		return nil, fmt.Errorf("review: %s against itself; give another baseline", alt.Name)
	}
	af, al := target.WholeYears(alt.Start, alt.End)
	bf, bl := target.WholeYears(base.Start, base.End)
	if af != bf || al != bl {
		return nil, fmt.Errorf("review: %s covers %d-%d and %s %d-%d; review against a baseline over the same years", alt.Name, af, al, base.Name, bf, bl)
	}
	if from > al {
		return nil, fmt.Errorf("review: first costed year %d is after the runs' last whole year, %d", from, al)
	}
	for _, sc := range []*scenario.Scenario{base, alt} {
		if err := cfg.UnitCosts.Check(sc); err != nil {
			return nil, err
		}
	}
	year := judgingYear(alt)
	priced := func(run int) *costs.UnitCosts {
		if cfg.FixedUnitCosts {
			return cfg.UnitCosts
		}
		return cfg.UnitCosts.Draw(cfg.Seed, run)
	}
	progress := func(stage string) func(int, int) {
		return func(done, total int) {
			if cfg.Progress != nil {
				cfg.Progress(stage, done, total)
			}
		}
	}

	// The sweep: both scenarios, paired.
	kept := map[string][]*perRun{base.Name: make([]*perRun, runs), alt.Name: make([]*perRun, runs)}
	var mu sync.Mutex
	_, err := sweep.Run(ctx, sweep.Config{Scenarios: []*scenario.Scenario{base, alt}, Targets: cfg.Targets, Runs: runs, Replications: 1,
		Seed: cfg.Seed, Sampler: uncertainty.LHS, Workers: cfg.Workers, Out: cfg.Out, Command: cfg.Command, Progress: progress("sweep"),
		Observe: func(name string, run int, res *sim.Result) error {
			p, err := observeRun(res, cfg.Targets, priced(run), from, year)
			if err != nil {
				return err
			}
			mu.Lock()
			kept[name][run] = p
			mu.Unlock()
			return nil
		}})
	if err != nil {
		return nil, err
	}
	for name, ps := range kept {
		for i, p := range ps {
			if p == nil {
				return nil, fmt.Errorf("review: run %d of %s was not simulated here (was %s not empty?)", i, name, cfg.Out)
			}
		}
	}
	scs, err := results.Load(cfg.Out)
	if err != nil {
		return nil, err
	}
	var summary *results.Scenario
	for _, s := range scs {
		if s.Name == alt.Name {
			summary = s
		}
	}
	if summary == nil {
		return nil, fmt.Errorf("review: the sweep in %s has no %s", cfg.Out, alt.Name)
	}

	rv := &Review{Scenario: alt.Name, Baseline: base.Name, Runs: runs, Seed: cfg.Seed, Prob: prob, Year: year,
		UnitCosts: cfg.UnitCosts.File, Version: cfg.Version, Command: cfg.Command}
	for _, tg := range cfg.Targets {
		r, ok := find(summary, tg.ID)
		if !ok {
			return nil, fmt.Errorf("review: the sweep has no target %s", tg.ID)
		}
		tr := TargetReview{Target: tg, Unit: target.Metrics[tg.Metric].Unit, Probability: r.Probability, Low: r.Low, High: r.High,
			OnTrack: r.Probability >= prob, Median: r.Value, FirstYear: r.FirstReachedP50, Never: r.NeverReached}
		if !tg.Holds(r.Value) {
			tr.Gap = r.Value - tg.Threshold
		}
		rv.Targets = append(rv.Targets, tr)
	}

	// What drives each target.
	if cfg.Sensitivity != nil {
		if err := driversFromSensitivity(rv, cfg.Sensitivity, cfg.SensitivityDir); err != nil {
			return nil, err
		}
	} else if err := driversFromRuns(rv, alt, kept[alt.Name], cfg.Seed); err != nil {
		return nil, err
	}

	// The costs against the baseline.
	bs, as := make([]*costs.Spend, runs), make([]*costs.Spend, runs)
	for i := range runs {
		bs[i], as[i] = kept[base.Name][i].spend, kept[alt.Name][i].spend
	}
	cmp, err := costs.Paired(bs, as, cfg.UnitCosts, from)
	if err != nil {
		return nil, err
	}
	rv.Costs = costReview(cmp, cfg.UnitCosts, from, al)
	rv.Costs.Drawn = !cfg.FixedUnitCosts
	if rv.Costs.Drawn {
		drawn := make([]*costs.UnitCosts, runs)
		for i := range drawn {
			drawn[i] = priced(i)
		}
		ds, err := costs.RatioDrivers(cmp, drawn)
		if err != nil {
			return nil, err
		}
		for k, d := range ds {
			if k == Top {
				break
			}
			rv.Costs.RatioDrivers = append(rv.Costs.RatioDrivers, Driver{Parameter: d.Path, Index: "rho", Value: d.Rho, Low: d.Low, High: d.High})
		}
	}

	// What it would take.
	levers := cfg.Levers
	if levers == nil {
		levers = DefaultLevers
	}
	claimed := map[int]bool{}
	for _, l := range levers {
		var idx []int
		for i, tr := range rv.Targets {
			if !tr.OnTrack && !claimed[i] && slices.Contains(l.Metrics, key(tr.Target)) {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 || !hasChoice(alt, l.Path) {
			continue
		}
		for _, i := range idx {
			claimed[i] = true
		}
		if err := tryLever(ctx, rv, cfg, l, idx, leverRuns, leverGrid, prob, from, priced, progress(l.Path)); err != nil {
			return nil, err
		}
	}
	for i := range rv.Targets {
		tr := &rv.Targets[i]
		if tr.OnTrack || tr.Require != nil {
			continue
		}
		switch tr.Target.Metric {
		case "regions_without_large_scale_share":
			tr.NoLever = "afbouw"
		case "social_homes_built":
			tr.NoLever = "input"
		default:
			tr.NoLever = "none"
		}
	}

	rv.Assumptions = judge(rv, alt, kept[base.Name], kept[alt.Name], year)
	return rv, nil
}

func def(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

func find(s *results.Scenario, id string) (results.Target, bool) {
	for _, t := range s.Targets {
		if t.ID == id {
			return t, true
		}
	}
	return results.Target{}, false
}

// hasChoice reports whether the scenario has a choice at path.
func hasChoice(sc *scenario.Scenario, path string) bool {
	for _, p := range sc.Params() {
		if m := p.Info(); m.Path == path && m.Status == scenario.Choice {
			return true
		}
	}
	return false
}

// tryLever runs one lever's grid for the targets idx and sets their
// requirements, with the extra public spend at the value found.
func tryLever(ctx context.Context, rv *Review, cfg Config, l Lever, idx []int, runs, grid int, prob float64, from int, priced func(int) *costs.UnitCosts, progress func(int, int)) error {
	var tgs []target.Target
	var ids []string
	for _, i := range idx {
		tgs = append(tgs, rv.Targets[i].Target)
		ids = append(ids, rv.Targets[i].Target.ID)
	}
	spend := make([][]float64, grid) // [value][run] public spend over the costed years
	for i := range spend {
		spend[i] = make([]float64, runs)
	}
	var mu sync.Mutex
	g, err := analysis.LeverGrid(ctx, analysis.GridConfig{Scenario: cfg.Scenario, Targets: tgs, Lever: l.Path, Factor: l.Factor, Range: l.Range[:],
		Prob: prob, Runs: runs, Grid: grid, Seed: cfg.Seed, Workers: cfg.Workers, Progress: progress,
		Observe: func(i, j int, res *sim.Result) error {
			s, err := costs.Compute(res, priced(j))
			if err != nil {
				return err
			}
			s.From(from)
			total := 0.0
			for y := range s.Years {
				total += s.Public(y)
			}
			mu.Lock()
			spend[i][j] = total
			mu.Unlock()
			return nil
		}})
	if err != nil {
		return fmt.Errorf("review: %s: %w", l.Path, err)
	}
	rv.Levers = append(rv.Levers, LeverTried{Lever: l.Path, Factor: l.Factor, Range: l.Range, Values: g.Values, Runs: runs, Targets: ids})
	for k, i := range idx {
		req := g.Requirements[k]
		r := &Requirement{Lever: l.Path, Factor: l.Factor, Found: req.Found, Value: req.Value, Low: req.Low, High: req.High}
		if math.IsInf(r.High, 1) {
			r.High, r.OpenHigh = l.Range[1], true
		}
		if math.IsInf(r.Low, -1) {
			r.Low = l.Range[0]
		}
		for _, p := range req.Points {
			r.Best = math.Max(r.Best, p.Fitted)
		}
		if req.Found {
			b := costs.BandOf(extraAt(g.Values, spend, req.Value))
			r.ExtraCost = &b
		} else {
			r.Value, r.Low, r.High, r.OpenHigh = 0, 0, 0, false // no value, so no interval
		}
		rv.Targets[i].Require = r
	}
	return nil
}

// extraAt is, per run, the public spend at lever value x (linear between
// the grid's values) less the spend at the grid's first value, the
// scenario as written.
func extraAt(xs []float64, spend [][]float64, x float64) []float64 {
	k := 0
	for k+1 < len(xs) && xs[k+1] <= x {
		k++
	}
	out := make([]float64, len(spend[0]))
	for j := range out {
		v := spend[k][j]
		if k+1 < len(xs) && x > xs[k] {
			t := (x - xs[k]) / (xs[k+1] - xs[k])
			v = (1-t)*spend[k][j] + t*spend[k+1][j]
		}
		out[j] = v - spend[0][j]
	}
	return out
}

func costReview(c *costs.Comparison, uc *costs.UnitCosts, from, to int) *CostReview {
	total := c.Rows[len(c.Rows)-1]
	cr := &CostReview{From: from, To: to, Base: total.Base, Alt: total.Alt, Diff: total.Diff, PerHoused: total.PerHoused,
		Ratio: total.Ratio, RatioLow: total.RatioLow, RatioHigh: total.RatioHigh,
		Societal: c.Societal.Value, SocietalLow: c.Societal.Value, SocietalHigh: c.Societal.Value}
	if c.Societal.Assumption != "" {
		cr.SocietalLow, cr.SocietalHigh = c.Societal.Range[0], c.Societal.Range[1]
	}
	return cr
}

// shareAt is the value of a share schedule or quantity on 1 January of
// year, or NaN where the scenario has none.
func shareAt(sc *scenario.Scenario, path string, year int) float64 {
	for _, p := range sc.Params() {
		if p.Info().Path != path {
			continue
		}
		switch v := p.(type) {
		case *scenario.Schedule:
			return v.At(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC))
		case *scenario.Quantity:
			return v.Value
		}
	}
	return math.NaN()
}
