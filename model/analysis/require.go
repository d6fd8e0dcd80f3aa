// This file implements the search for the lever value that reaches a
// target with a given probability (doc.go, "Requirement").

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

// RequireConfig is a search for the value of one lever that reaches a
// target with at least a given probability.
type RequireConfig struct {
	Scenario *scenario.Scenario
	Target   target.Target

	// Lever is the path of a choice: a scalar or a constant schedule.
	Lever string

	// Range is the interval [low, high] to search; nil means the lever's
	// declared levels or lever range.
	Range []float64

	// Prob is the probability with which the target must be reached;
	// zero means 0.8.
	Prob float64

	// Runs is the number of runs at every lever value; zero means 40.
	// Run j of every value has the same seed and the same draw of the
	// uncertain parameters (common random numbers).
	Runs int

	// Grid is the number of lever values of each stage of the search;
	// zero means 9.
	Grid int

	// Resamples is the number of bootstrap resamples of the runs for the
	// interval of the answer; zero means 1000.
	Resamples int

	Seed    uint64
	Workers int // simulations at once; zero means all cores

	// Progress, if set, is called after each finished simulation with
	// the simulations done and those known so far: each stage of the
	// search adds to the total.
	Progress func(done, total int)
}

// LeverPoint is one lever value the search ran.
type LeverPoint struct {
	Value   float64
	Reached int // runs (of Runs) that reached the target
	// Fitted is the probability of reaching the target at Value from
	// the monotone fit over every point.
	Fitted float64
}

// Requirement is the answer of Require.
type Requirement struct {
	Lever string
	Whole bool // the lever counts people, places or units

	// Increasing is set when the target is reached more often at higher
	// lever values: the answer is then the smallest value that reaches
	// it, else the largest.
	Increasing bool

	// Found reports whether a value in the range reaches the target with
	// probability Prob; Value is that value, Low and High the 95%
	// bootstrap interval of it over the runs (±Inf where a resample found
	// no value in the range).
	Found            bool
	Value, Low, High float64

	Prob   float64
	Runs   int
	Points []LeverPoint // in increasing order of value
}

// Require searches the lever's range for the smallest (or largest) value
// at which the target is reached in at least Prob of the runs.
//
// The search copes with noise by fitting, not by testing one value at a
// time: it runs Runs runs at each of Grid values spread over the range,
// fits a monotone response (the share of runs reaching the target against
// the lever value, by isotonic regression, pool-adjacent-violators,
// increasing or decreasing as fits better), and takes the first value
// whose fitted probability reaches Prob. It then runs Grid values inside
// the bracket around that value and fits again over all values, until
// the bracket is one unit wide for a lever of whole units, or 1/Grid² of
// the range for a continuous one, which is then interpolated. A lever
// with declared levels and no Range is searched over its levels only.
//
// Common random numbers make the fitted curve smooth in the lever: run j
// at every value has the same seed and uncertain parameters, so runs
// differ by the lever alone. The interval resamples the runs j with
// replacement, the same j at every value, and repeats the fit.
func Require(ctx context.Context, cfg RequireConfig) (*Requirement, error) {
	if cfg.Scenario == nil {
		return nil, errors.New("require: no scenario")
	}
	sc := cfg.Scenario
	prob, runs, grid, resamples, err := searchSettings(cfg.Prob, cfg.Runs, cfg.Grid, cfg.Resamples, "values per stage")
	if err != nil {
		return nil, err
	}
	first, last := target.WholeYears(sc.Start, sc.End)
	if err := target.CheckYears([]target.Target{cfg.Target}, first, last); err != nil {
		return nil, fmt.Errorf("require: scenario %s: %w", sc.Name, err)
	}
	m, err := leverMeta(sc, cfg.Lever)
	if err != nil {
		return nil, err
	}
	req := &Requirement{Lever: cfg.Lever, Whole: uncertainty.Whole(m.Unit), Prob: prob, Runs: runs}
	var values []float64
	lo, hi := 0.0, 0.0
	switch {
	case cfg.Range != nil:
		if len(cfg.Range) != 2 {
			return nil, fmt.Errorf("require: a range of %d values; want low,high", len(cfg.Range))
		}
		if !(cfg.Range[0] < cfg.Range[1]) {
			return nil, fmt.Errorf("require: range %g,%g; want low,high with low < high", cfg.Range[0], cfg.Range[1])
		}
		lo, hi = cfg.Range[0], cfg.Range[1]
		// Every value tried must be one the scenario file could give.
		if alo, ahi, text, ok := m.Allowed(); ok && (lo < alo || hi > ahi) {
			return nil, fmt.Errorf("require: range %g,%g leaves what %s allows: its value must be %s", lo, hi, cfg.Lever, text)
		}
	case m.Lever != nil:
		lo, hi = m.Lever[0], m.Lever[1]
	case m.Levels != nil:
		values = m.Levels
	default:
		return nil, &NoRangeError{Lever: cfg.Lever}
	}
	if values == nil {
		values = spread(lo, hi, grid, req.Whole)
	}
	// The uncertain parameters: draw j of every lever value is sample j.
	ps := uncertainty.Varied(sc)
	sampler, err := uncertainty.NewSampler(uncertainty.LHS, ps, runs, cfg.Seed)
	if err != nil {
		return nil, err
	}
	lever := uncertainty.Param{Path: cfg.Lever, Kind: uncertainty.Value}
	reached := map[float64][]bool{}
	finished := 0 // simulations of earlier stages, for one running count
	progress := func(done, total int) {
		if cfg.Progress != nil {
			cfg.Progress(finished+done, finished+total)
		}
	}
	simulate := func(xs []float64) error {
		var todo []float64
		for _, x := range xs {
			if _, ok := reached[x]; !ok {
				todo = append(todo, x)
				reached[x] = make([]bool, runs)
			}
		}
		defer func() { finished += len(todo) * runs }()
		return parallel(ctx, len(todo)*runs, cfg.Workers, func(ctx context.Context, job int) error {
			x, j := todo[job/runs], job%runs
			s, err := uncertainty.Apply(sc, append(slices.Clone(ps), lever), append(sampler.Values(j), x))
			if err != nil {
				return err
			}
			seed := uncertainty.RunSeed(cfg.Seed, j)
			r, err := sim.Run(ctx, s, seed)
			if err != nil {
				return fmt.Errorf("require: %s = %g run %d (seed %d): %w", cfg.Lever, x, j, seed, err)
			}
			outs, err := target.Evaluate(r, []target.Target{cfg.Target})
			if err != nil {
				return err
			}
			reached[x][j] = outs[0].Reached // each job writes its own cell
			return nil
		}, progress)
	}
	// reached is only read between stages; parallel writes distinct cells.
	if err := simulate(values); err != nil {
		return nil, err
	}
	all := func() []float64 {
		xs := make([]float64, 0, len(reached))
		for x := range reached {
			xs = append(xs, x)
		}
		sort.Float64s(xs)
		return xs
	}
	pick := make([]int, runs)
	for j := range pick {
		pick[j] = j
	}
	if m.Levels == nil || cfg.Range != nil {
		minWidth := (hi - lo) / float64(grid*grid)
		for {
			xs := all()
			inc, fit := fitMonotone(xs, reached, pick)
			k, ok := crossing(fit, prob, inc)
			if !ok {
				break
			}
			// The bracket: the value found and its neighbour on the
			// failing side.
			a, b := xs[max(k-1, 0)], xs[k]
			if !inc {
				a, b = xs[k], xs[min(k+1, len(xs)-1)]
			}
			if (req.Whole && b-a <= 1) || (!req.Whole && b-a <= minWidth) || a == b {
				break
			}
			inner := spread(a, b, grid+2, req.Whole)
			inner = slices.DeleteFunc(inner, func(x float64) bool { _, done := reached[x]; return done })
			if len(inner) == 0 {
				break
			}
			if err := simulate(inner); err != nil {
				return nil, err
			}
		}
	}
	xs := all()
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
	req.Value, req.Found = answer(xs, fit, prob, inc, req.Whole)
	// The interval: the answer over resamples of the runs.
	rnd := rand.New(rand.NewPCG(cfg.Seed, bootstrapStream))
	boot := make([]float64, resamples)
	for b := range boot {
		for j := range pick {
			pick[j] = rnd.IntN(runs)
		}
		_, f := fitMonotoneDir(xs, reached, pick, inc)
		v, ok := answer(xs, f, prob, inc, req.Whole)
		switch {
		case ok:
			boot[b] = v
		case inc:
			boot[b] = math.Inf(1) // not reached within the range
		default:
			boot[b] = math.Inf(-1)
		}
	}
	sort.Float64s(boot)
	req.Low, req.High = boot[int(0.025*float64(resamples))], boot[min(resamples-1, int(0.975*float64(resamples)))]
	if !req.Found {
		req.Value = math.NaN()
	}
	return req, nil
}

// NoRangeError is a lever with neither declared levels or range nor a
// range to search.
type NoRangeError struct{ Lever string }

func (e *NoRangeError) Error() string {
	return fmt.Sprintf("require: %s is a choice with no levels or lever range: declare lever: [low, high], or give a range to search", e.Lever)
}

func cmp(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// leverMeta finds the choice at path, which must hold one value.
func leverMeta(sc *scenario.Scenario, path string) (*scenario.Meta, error) {
	var choices []string
	for _, p := range sc.Params() {
		m := p.Info()
		if m.Status == scenario.Choice && (m.Levels != nil || m.Lever != nil) {
			choices = append(choices, m.Path)
		}
		if m.Path != path {
			continue
		}
		if m.Status != scenario.Choice {
			return nil, fmt.Errorf("require: %s is %s, not a choice: a lever is what we do, not how the world works", path, m.Status)
		}
		switch v := p.(type) {
		case *scenario.Quantity:
		case *scenario.Schedule:
			if len(v.Points) != 1 {
				return nil, fmt.Errorf("require: %s is a schedule of %d dates; a lever is a constant value", path, len(v.Points))
			}
		default:
			return nil, fmt.Errorf("require: %s is not a number; a lever is a scalar or a constant schedule", path)
		}
		return m, nil
	}
	hint := "it declares no lever"
	if len(choices) > 0 {
		hint = "its levers: " + fmt.Sprint(choices)
	}
	return nil, fmt.Errorf("require: scenario %s has no parameter %s (%s)", sc.Name, path, hint)
}

// spread returns n values from lo to hi, equally spaced, rounded and
// without repeats for a whole lever.
func spread(lo, hi float64, n int, whole bool) []float64 {
	var out []float64
	for i := 0; i < n; i++ {
		v := lo + (hi-lo)*float64(i)/float64(n-1)
		if whole {
			v = math.Round(v)
		}
		if len(out) == 0 || v > out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

// fitMonotone fits the share of the runs pick that reach the target at
// each value xs, increasing and decreasing, and returns the direction
// with the smaller squared error (increasing on a tie) and its fit.
func fitMonotone(xs []float64, reached map[float64][]bool, pick []int) (bool, []float64) {
	_, up := fitMonotoneDir(xs, reached, pick, true)
	_, down := fitMonotoneDir(xs, reached, pick, false)
	raw := shares(xs, reached, pick)
	if sse(raw, up) <= sse(raw, down) {
		return true, up
	}
	return false, down
}

func shares(xs []float64, reached map[float64][]bool, pick []int) []float64 {
	p := make([]float64, len(xs))
	for i, x := range xs {
		n := 0
		for _, j := range pick {
			if reached[x][j] {
				n++
			}
		}
		p[i] = float64(n) / float64(len(pick))
	}
	return p
}

func sse(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return s
}

// fitMonotoneDir is the isotonic regression of the shares, increasing or
// decreasing in the value, by pool-adjacent-violators (every value has
// the same number of runs, so the weights are equal).
func fitMonotoneDir(xs []float64, reached map[float64][]bool, pick []int, increasing bool) (bool, []float64) {
	p := shares(xs, reached, pick)
	if !increasing {
		slices.Reverse(p)
	}
	type block struct {
		sum float64
		n   int
	}
	var blocks []block
	for _, v := range p {
		blocks = append(blocks, block{v, 1})
		for len(blocks) > 1 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sum/float64(a.n) <= b.sum/float64(b.n) {
				break
			}
			blocks = append(blocks[:len(blocks)-2], block{a.sum + b.sum, a.n + b.n})
		}
	}
	fit := make([]float64, 0, len(p))
	for _, b := range blocks {
		for range b.n {
			fit = append(fit, b.sum/float64(b.n))
		}
	}
	if !increasing {
		slices.Reverse(fit)
	}
	return increasing, fit
}

// crossing returns the index of the first value (increasing fit) or the
// last (decreasing) whose fitted probability reaches prob.
func crossing(fit []float64, prob float64, increasing bool) (int, bool) {
	if increasing {
		for i, f := range fit {
			if f >= prob {
				return i, true
			}
		}
		return 0, false
	}
	for i := len(fit) - 1; i >= 0; i-- {
		if fit[i] >= prob {
			return i, true
		}
	}
	return 0, false
}

// answer returns the value found: for a whole lever the grid value; for a
// continuous one interpolated linearly between it and its neighbour on
// the failing side, where the fit crosses prob.
func answer(xs, fit []float64, prob float64, increasing, whole bool) (float64, bool) {
	k, ok := crossing(fit, prob, increasing)
	if !ok {
		return math.NaN(), false
	}
	n := k - 1
	if !increasing {
		n = k + 1
	}
	if whole || n < 0 || n >= len(xs) || fit[n] == fit[k] {
		return xs[k], true
	}
	t := (prob - fit[n]) / (fit[k] - fit[n])
	return xs[n] + t*(xs[k]-xs[n]), true
}

// searchSettings fills the defaults of a lever search (probability 0.8,
// 40 runs per value, 9 values, 1000 resamples) and checks them; values
// says what the grid counts, for the message.
func searchSettings(prob float64, runs, grid, resamples int, values string) (float64, int, int, int, error) {
	if prob == 0 {
		prob = 0.8
	}
	runs, grid, resamples = cmp(runs, 40), cmp(grid, 9), cmp(resamples, 1000)
	switch {
	case !(prob > 0 && prob <= 1):
		return 0, 0, 0, 0, fmt.Errorf("require: probability %g; want a share in (0, 1]", prob)
	case runs < 1 || grid < 2 || resamples < 1:
		return 0, 0, 0, 0, fmt.Errorf("require: %d runs per value, %d %s and %d resamples; want 1, 2 and 1 or more", runs, grid, values, resamples)
	}
	return prob, runs, grid, resamples, nil
}
