// This file implements a global sensitivity analysis of a scenario
// (doc.go, "Sensitivity").

package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sensitivity"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// Config is a sensitivity analysis of one scenario.
type Config struct {
	// Scenario is analysed over its uncertain parameters,
	// uncertainty.Varied.
	Scenario *scenario.Scenario

	// Targets give an output each: the target's metric value.
	Targets []target.Target

	// Method is Morris{} or Sobol{}; nil means Morris{}.
	Method Method

	// Replications is the number of runs at each design point, with
	// seeds 0..R−1 shared by every point (common random numbers); zero
	// means 1. With 2 or more the outputs' variance is split into
	// parameter effects and stochastic noise (sensitivity.SplitNoise) and
	// the indices are computed on the means over replications.
	Replications int

	// Seed is the master seed of the design, the bootstrap and the
	// simulations.
	Seed uint64

	// Workers is the number of simulations at once; zero means all
	// cores.
	Workers int

	// Progress, if set, is called after each finished simulation.
	Progress func(done, total int)
}

// Result is a finished sensitivity analysis.
type Result struct {
	Method   string
	Scenario string
	Factors  []string
	// PosteriorRows is the number of distinct rows of a calibrated
	// posterior the design drew (0 without a posterior).
	PosteriorRows int
	Points        int // design points
	Replications  int // runs per point
	Outputs       []Output
}

// Output is the sensitivity of one output.
type Output struct {
	// Name is a target's ID, or a key series on 1 January of a year:
	// cbs_count.jan1.YEAR, rough_sleeping.jan1.YEAR.
	Name string
	// Target is set for a target's metric value.
	Target bool
	// Unit is the output's unit, as the target catalogue gives it.
	Unit string
	// Mean and SD are the mean and standard deviation of the output over
	// all runs.
	Mean, SD float64
	// Noise splits the output's variance into parameter effects and
	// stochastic noise; nil with one replication.
	Noise *sensitivity.Noise
	// Indices holds, per factor, the method's indices. Nil when the
	// output does not vary over the design (Constant).
	Indices  [][]Index
	Constant bool
	// Within holds, when the calibrated parameters are drawn jointly as
	// one factor (posterior), each posterior column's Spearman rank
	// correlation with the output over the design points, strongest
	// first (see PosteriorRanks).
	Within []ColumnRank
}

// ColumnRank is one posterior column's rank correlation with an output,
// with its 95% interval (sensitivity.SpearmanInterval), over Points
// distinct posterior rows.
type ColumnRank struct {
	Column         string
	Rho, Low, High float64
	Points         int
}

func (c *Config) method() Method {
	if c.Method == nil {
		return Morris{}
	}
	return c.Method
}

func (c *Config) replications() int { return max(c.Replications, 1) }

// RunsNeeded returns the factors of cfg's scenario and the number of
// simulations the analysis needs: design points × replications.
func RunsNeeded(cfg Config) (factors []Factor, runs int) {
	fs := Factors(uncertainty.Varied(cfg.Scenario))
	return fs, cfg.method().Points(len(fs)) * cfg.replications()
}

// Streams of the random numbers, besides the simulations'.
const (
	designStream    = 0xde5167
	bootstrapStream = 0xb0075
)

// SeriesMetrics are the key series whose value on 1 January of every
// whole year of a run is an output of a sensitivity analysis.
var SeriesMetrics = []string{"cbs_count", "rough_sleeping"}

// Sensitivity runs the analysis cfg describes.
func Sensitivity(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Scenario == nil {
		return nil, errors.New("analysis: no scenario")
	}
	if cfg.Replications < 0 || cfg.Workers < 0 {
		return nil, fmt.Errorf("analysis: %d replications and %d workers; want 0 or more", cfg.Replications, cfg.Workers)
	}
	sc := cfg.Scenario
	first, last := target.WholeYears(sc.Start, sc.End)
	if err := target.CheckYears(cfg.Targets, first, last); err != nil {
		return nil, fmt.Errorf("analysis: scenario %s: %w", sc.Name, err)
	}
	ps := uncertainty.Varied(sc)
	fs := Factors(ps)
	if len(fs) == 0 {
		return nil, fmt.Errorf("analysis: scenario %s has no uncertain parameter to vary", sc.Name)
	}
	m := cfg.method()
	if points := m.Points(len(fs)); points > sweep.MaxRuns || (points > 0 && cfg.replications() > sweep.MaxRuns/points) {
		return nil, fmt.Errorf("analysis: %d design points × %d replications; at most %d runs", points, cfg.replications(), sweep.MaxRuns)
	}
	design, err := m.Design(len(fs), rand.NewPCG(cfg.Seed, designStream))
	if err != nil {
		return nil, err
	}
	res := &Result{Method: m.Name(), Scenario: sc.Name, Points: len(design), Replications: cfg.replications()}
	for _, f := range fs {
		res.Factors = append(res.Factors, f.Name)
	}
	for _, t := range cfg.Targets {
		res.Outputs = append(res.Outputs, Output{Name: t.ID, Target: true, Unit: target.Metrics[t.Metric].Unit})
	}
	for y := first; y <= last; y++ {
		for _, name := range SeriesMetrics {
			res.Outputs = append(res.Outputs, Output{Name: fmt.Sprintf("%s.%s.%d", name, target.Jan1, y), Unit: target.Metrics[name].Unit})
		}
	}
	R := res.Replications
	// y[output][point*R+replication]
	y := make([][]float64, len(res.Outputs))
	for o := range y {
		y[o] = make([]float64, len(design)*R)
	}
	run := func(ctx context.Context, job int) error {
		point, rep := job/R, job%R
		values, err := Values(ps, fs, design[point])
		if err != nil {
			return err
		}
		s, err := uncertainty.Apply(sc, ps, values)
		if err != nil {
			return err
		}
		seed := uncertainty.RunSeed(cfg.Seed, rep)
		r, err := sim.Run(ctx, s, seed)
		if err != nil {
			return fmt.Errorf("analysis: %s point %d replication %d (seed %d): %w", sc.Name, point, rep, seed, err)
		}
		outs, err := target.Evaluate(r, cfg.Targets)
		if err != nil {
			return err
		}
		o := 0
		for _, out := range outs {
			y[o][job] = out.Value
			o++
		}
		for yr := first; yr <= last; yr++ {
			for _, name := range SeriesMetrics {
				v, err := target.Metrics[name].Value(r, target.Jan1, yr, "", 0)
				if err != nil {
					return err
				}
				y[o][job] = v
				o++
			}
		}
		return nil
	}
	if err := parallel(ctx, len(design)*R, cfg.Workers, run, cfg.Progress); err != nil {
		return nil, err
	}
	for o := range res.Outputs {
		if err := res.Outputs[o].analyze(m, design, y[o], R, rand.NewPCG(cfg.Seed, bootstrapStream+uint64(o))); err != nil {
			return nil, fmt.Errorf("analysis: output %s: %w", res.Outputs[o].Name, err)
		}
	}
	if err := res.posteriorRanks(ps, fs, design, y, R); err != nil {
		return nil, err
	}
	return res, nil
}

// posteriorRanks fills each output's Within: a posterior is one factor
// (its rows are drawn whole, keeping the correlations the data induce),
// so Morris and Sobol' can only say how much the calibrated parameters
// matter together. Which of them go with an output is read off the
// design instead: the Spearman rank correlation, over the distinct
// posterior rows the design drew, of each column with the output's mean
// over the points that drew that row. The columns are correlated, so a
// correlation is association, not a share of the variance. Morris puts a
// factor on a few levels, so it draws a few rows only: below
// minPosteriorRows distinct rows nothing is computed (Sobol' draws a row
// per base point).
func (r *Result) posteriorRanks(ps []uncertainty.Param, fs []Factor, design [][]float64, y [][]float64, R int) error {
	joint, factor := -1, -1
	for j, f := range fs {
		if ps[f.param].Kind == uncertainty.Joint {
			joint, factor = f.param, j
			break
		}
	}
	if joint < 0 {
		return nil
	}
	p := ps[joint]
	var rows []int            // distinct rows, in the order first drawn
	points := map[int][]int{} // row: the design points that drew it
	for pt, u := range design {
		k := row(p.Weights, u[factor])
		if _, ok := points[k]; !ok {
			rows = append(rows, k)
		}
		points[k] = append(points[k], pt)
	}
	r.PosteriorRows = len(rows)
	if len(rows) < minPosteriorRows {
		return nil
	}
	cols := p.Columns()
	xs := make([][]float64, len(cols)) // per column, its value in each row drawn
	for c := range cols {
		for _, k := range rows {
			xs[c] = append(xs[c], p.Rows[k][c])
		}
	}
	for o := range r.Outputs {
		out := &r.Outputs[o]
		if out.Constant {
			continue
		}
		ys := make([]float64, len(rows))
		for g, k := range rows {
			var vs []float64
			for _, pt := range points[k] {
				vs = append(vs, y[o][pt*R:(pt+1)*R]...)
			}
			ys[g], _ = meanSD(vs)
		}
		for _, rk := range sensitivity.RankInputs(cols, xs, ys) {
			out.Within = append(out.Within, ColumnRank{Column: rk.Input, Rho: rk.Rho, Low: rk.Low, High: rk.High, Points: len(rows)})
		}
	}
	return nil
}

// minPosteriorRows is the fewest distinct posterior rows a design must
// draw for rank correlations within the posterior.
const minPosteriorRows = 20

// analyze computes the output's indices from its values ys, R per design
// point.
func (o *Output) analyze(m Method, design [][]float64, ys []float64, R int, src rand.Source) error {
	o.Mean, o.SD = meanSD(ys)
	means := ys
	if R > 1 {
		per := make([][]float64, len(design))
		for p := range per {
			per[p] = ys[p*R : (p+1)*R]
		}
		nz, err := sensitivity.SplitNoise(per)
		if err != nil {
			return err
		}
		o.Noise = &nz
		means = nz.Means
	}
	if constant(means) {
		o.Constant = true
		return nil
	}
	idx, err := m.Indices(design, means, src)
	if err != nil {
		return err
	}
	o.Indices = idx
	return nil
}

func constant(xs []float64) bool {
	for _, x := range xs {
		if x != xs[0] {
			return false
		}
	}
	return true
}

func meanSD(xs []float64) (float64, float64) {
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	if len(xs) < 2 {
		return m, 0
	}
	return m, math.Sqrt(ss / float64(len(xs)-1))
}

// Ranked returns the factors in order of their main index, largest
// first: μ* for Morris, ST for Sobol'. Ties keep factor order.
func (o *Output) Ranked() []int {
	order := make([]int, len(o.Indices))
	for i := range order {
		order[i] = i
	}
	main := o.main()
	sort.SliceStable(order, func(a, b int) bool {
		return o.Indices[order[a]][main].Value > o.Indices[order[b]][main].Value
	})
	return order
}

// main is the position of the index to rank by: μ* (first) or ST.
func (o *Output) main() int {
	if len(o.Indices) > 0 && len(o.Indices[0]) == 2 {
		return 1 // ST
	}
	return 0
}
