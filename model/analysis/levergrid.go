// This file implements a lever grid evaluated for many targets at once:
// what thuis review asks of every missed target in one set of runs
// (doc.go, "Requirement").

package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// GridConfig is one lever tried at a grid of values, Runs runs at each,
// with every target evaluated on every run.
type GridConfig struct {
	Scenario *scenario.Scenario
	Targets  []target.Target

	// Lever is the path of a choice.
	Lever string
	// Factor makes the lever value a factor on the choice's whole
	// schedule (every date) or value: 1 is the scenario's own. Without
	// it the choice must be a scalar or a constant schedule, as for
	// Require. A factor on a share may not take any date above 1.
	Factor bool

	// Range is [low, high]; nil means the lever's declared levels or
	// lever range (not for a factor).
	Range []float64

	Prob      float64 // zero means 0.8
	Runs      int     // per value; zero means 40
	Grid      int     // values over the range; zero means 9
	Resamples int     // bootstrap resamples; zero means 1000
	Seed      uint64
	Workers   int

	// Progress, if set, is called after each finished simulation.
	Progress func(done, total int)
	// Observe, if set, is called with every run's result (value index
	// i of Values, run j), concurrently from the workers; it must not
	// keep the result.
	Observe func(i, j int, res *sim.Result) error
}

// Grid is the outcome of a lever grid.
type Grid struct {
	Lever  string
	Factor bool
	Values []float64 // increasing
	Runs   int
	// Requirements holds per target (in the order of Targets) the
	// answer of a one-stage search over Values: as Require, without
	// refining the grid.
	Requirements []*Requirement
}

// LeverGrid runs cfg's lever at Grid values spread over its range, Runs
// runs at each, run j with the same seed and draw of the uncertain
// parameters at every value (common random numbers), and answers for
// every target as Require does: a monotone fit of the share of runs
// reaching it, the first value whose fitted probability reaches Prob
// (interpolated for a continuous lever), and a bootstrap interval over
// the runs. The grid is not refined, so the answer is as fine as the
// grid: Require refines it for one target.
func LeverGrid(ctx context.Context, cfg GridConfig) (*Grid, error) {
	if cfg.Scenario == nil {
		return nil, errors.New("require: no scenario")
	}
	sc := cfg.Scenario
	prob, runs, grid, resamples, err := searchSettings(cfg.Prob, cfg.Runs, cfg.Grid, cfg.Resamples, "values")
	if err != nil {
		return nil, err
	}
	if len(cfg.Targets) == 0 {
		return nil, errors.New("require: no target")
	}
	first, last := target.WholeYears(sc.Start, sc.End)
	if err := target.CheckYears(cfg.Targets, first, last); err != nil {
		return nil, fmt.Errorf("require: scenario %s: %w", sc.Name, err)
	}
	lever, whole, values, err := gridLever(sc, cfg.Lever, cfg.Factor, cfg.Range, grid)
	if err != nil {
		return nil, err
	}
	ps := uncertainty.Varied(sc)
	sampler, err := uncertainty.NewSampler(uncertainty.LHS, ps, runs, cfg.Seed)
	if err != nil {
		return nil, err
	}
	// reached[t][value] = per run
	reached := make([]map[float64][]bool, len(cfg.Targets))
	for t := range reached {
		reached[t] = map[float64][]bool{}
		for _, x := range values {
			reached[t][x] = make([]bool, runs)
		}
	}
	err = parallel(ctx, len(values)*runs, cfg.Workers, func(ctx context.Context, job int) error {
		i, j := job/runs, job%runs
		s, err := lever.apply(sc, ps, sampler.Values(j), values[i])
		if err != nil {
			return err
		}
		seed := uncertainty.RunSeed(cfg.Seed, j)
		r, err := sim.Run(ctx, s, seed)
		if err != nil {
			return fmt.Errorf("require: %s = %g run %d (seed %d): %w", cfg.Lever, values[i], j, seed, err)
		}
		outs, err := target.Evaluate(r, cfg.Targets)
		if err != nil {
			return err
		}
		for t, o := range outs {
			reached[t][values[i]][j] = o.Reached // each job writes its own cells
		}
		if cfg.Observe != nil {
			return cfg.Observe(i, j, r)
		}
		return nil
	}, cfg.Progress)
	if err != nil {
		return nil, err
	}
	g := &Grid{Lever: cfg.Lever, Factor: cfg.Factor, Values: values, Runs: runs}
	for t := range cfg.Targets {
		g.Requirements = append(g.Requirements, answerGrid(cfg.Lever, whole, values, reached[t], prob, runs, resamples, cfg.Seed))
	}
	return g, nil
}

// answerGrid fits and answers one target over a finished grid, with its
// bootstrap interval, as Require does at its last stage.
func answerGrid(lever string, whole bool, xs []float64, reached map[float64][]bool, prob float64, runs, resamples int, seed uint64) *Requirement {
	req := &Requirement{Lever: lever, Whole: whole, Prob: prob, Runs: runs}
	pick := make([]int, runs)
	for j := range pick {
		pick[j] = j
	}
	inc, fit := fitMonotone(xs, reached, pick)
	req.Increasing = inc
	for i, x := range xs {
		n := 0
		for _, ok := range reached[x] {
			if ok {
				n++
			}
		}
		req.Points = append(req.Points, LeverPoint{Value: x, Reached: n, Fitted: fit[i]})
	}
	req.Value, req.Found = answer(xs, fit, prob, inc, whole)
	rnd := rand.New(rand.NewPCG(seed, bootstrapStream))
	boot := make([]float64, resamples)
	for b := range boot {
		for j := range pick {
			pick[j] = rnd.IntN(runs)
		}
		_, f := fitMonotoneDir(xs, reached, pick, inc)
		v, ok := answer(xs, f, prob, inc, whole)
		switch {
		case ok:
			boot[b] = v
		case inc:
			boot[b] = math.Inf(1)
		default:
			boot[b] = math.Inf(-1)
		}
	}
	sort.Float64s(boot)
	req.Low, req.High = boot[int(0.025*float64(resamples))], boot[min(resamples-1, int(0.975*float64(resamples)))]
	if !req.Found {
		req.Value = math.NaN()
	}
	return req
}

// leverSetting sets a lever on a copy of a scenario: a value, or a factor
// on the whole of a choice.
type leverSetting struct {
	path   string
	factor bool
	scalar float64 // the quantity's own value, for a factor on a quantity
	isQty  bool
}

func (l leverSetting) apply(sc *scenario.Scenario, ps []uncertainty.Param, sampled []float64, x float64) (*scenario.Scenario, error) {
	p := uncertainty.Param{Path: l.path, Kind: uncertainty.Value}
	v := x
	switch {
	case l.factor && l.isQty:
		v = x * l.scalar // Apply sets a quantity; the factor scales it
	case l.factor:
		p.Kind = uncertainty.Factor // Apply scales every date
	}
	return uncertainty.Apply(sc, append(slices.Clone(ps), p), append(slices.Clone(sampled), v))
}

// gridLever checks the lever and returns how to set it, whether it is
// whole, and the grid of values.
func gridLever(sc *scenario.Scenario, path string, factor bool, rng []float64, grid int) (leverSetting, bool, []float64, error) {
	l := leverSetting{path: path, factor: factor}
	if !factor {
		m, err := leverMeta(sc, path)
		if err != nil {
			return l, false, nil, err
		}
		whole := uncertainty.Whole(m.Unit)
		switch {
		case rng != nil:
		case m.Lever != nil:
			rng = m.Lever
		case m.Levels != nil:
			return l, whole, slices.Clone(m.Levels), nil
		default:
			return l, false, nil, &NoRangeError{Lever: path}
		}
		if len(rng) != 2 || !(rng[0] < rng[1]) {
			return l, false, nil, fmt.Errorf("require: range %v; want [low, high] with low < high", rng)
		}
		return l, whole, spread(rng[0], rng[1], grid, whole), nil
	}
	if len(rng) != 2 || !(0 <= rng[0] && rng[0] < rng[1]) {
		return l, false, nil, fmt.Errorf("require: factor range %v on %s; want [low, high] with 0 ≤ low < high", rng, path)
	}
	for _, p := range sc.Params() {
		m := p.Info()
		if m.Path != path {
			continue
		}
		if m.Status != scenario.Choice {
			return l, false, nil, fmt.Errorf("require: %s is %s, not a choice: a lever is what we do, not how the world works", path, m.Status)
		}
		top := 0.0
		switch v := p.(type) {
		case *scenario.Quantity:
			l.isQty, l.scalar, top = true, v.Value, v.Value
		case *scenario.Schedule:
			for _, pt := range v.Points {
				top = math.Max(top, pt.Value)
			}
		default:
			return l, false, nil, fmt.Errorf("require: %s is not a number; a factor lever scales a value or a schedule", path)
		}
		if m.Unit == "share" && top*rng[1] > 1 {
			return l, false, nil, fmt.Errorf("require: factor %g on %s takes its largest share, %g, to %g; keep the factor at most %.4g", rng[1], path, top, top*rng[1], 1/top)
		}
		return l, false, spread(rng[0], rng[1], grid, false), nil
	}
	return l, false, nil, fmt.Errorf("require: scenario %s has no parameter %s", sc.Name, path)
}
