package calibrate

// This file implements what is read off a posterior: quantiles, the
// posterior predictive, resampling, and the posterior as CSV.

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Posterior is a weighted sample of parameter values.
type Posterior struct {
	Params    []string
	Particles [][]float64 // per particle, one value per parameter
	Weights   []float64   // per particle, summing to 1
}

// column returns parameter i of every particle.
func (p *Posterior) column(i int) []float64 {
	x := make([]float64, len(p.Particles))
	for k, th := range p.Particles {
		x[k] = th[i]
	}
	return x
}

// Means returns the weighted mean of each parameter.
func (p *Posterior) Means() []float64 {
	out := make([]float64, len(p.Params))
	for i := range out {
		out[i] = stat.Mean(p.column(i), p.Weights)
	}
	return out
}

// Quantiles returns, per parameter, the weighted quantiles at the
// probabilities probs: gonum's stat.Quantile, interpolating linearly in the
// cumulative weight.
func (p *Posterior) Quantiles(probs ...float64) [][]float64 {
	out := make([][]float64, len(p.Params))
	for i := range out {
		out[i] = weightedQuantiles(p.column(i), p.Weights, probs)
	}
	return out
}

func weightedQuantiles(x, w []float64, probs []float64) []float64 {
	x, w = append([]float64(nil), x...), append([]float64(nil), w...)
	stat.SortWeighted(x, w)
	q := make([]float64, len(probs))
	for k, pr := range probs {
		q[k] = stat.Quantile(pr, stat.LinInterp, x, w)
	}
	return q
}

// Resample returns n particles drawn with replacement in proportion to
// their weights: an equally weighted sample of the posterior. The draws
// come from a PCG stream of seed.
func (p *Posterior) Resample(n int, seed uint64) [][]float64 {
	cat := distuv.NewCategorical(p.Weights, rand.NewPCG(seed, streamResample))
	out := make([][]float64, n)
	for i := range out {
		out[i] = append([]float64(nil), p.Particles[int(cat.Rand())]...)
	}
	return out
}

// Predictive returns, per target, quantiles at probs of the posterior
// predictive distribution: the replicates of the final particles,
// weighted. With noise, each simulated value has the target's noise
// N(0, s²) added, s = Target.Noise(): the distribution a new observation
// would have, which is the one to hold the observation against. Without
// it, it is the model's own band.
func (r *Result) Predictive(noise bool, probs ...float64) [][]float64 {
	out := make([][]float64, len(r.Targets))
	for i, t := range r.Targets {
		y := r.replicates(i)
		s := t.Noise()
		if !noise || s == 0 {
			out[i] = weightedQuantiles(y, r.Weights, probs)
			continue
		}
		out[i] = make([]float64, len(probs))
		lo, hi := floats.Min(y)-40*s, floats.Max(y)+40*s
		for k, pr := range probs {
			out[i][k] = mixtureQuantile(pr, y, r.Weights, s, lo, hi)
		}
	}
	return out
}

// replicates returns target i of every replicate.
func (r *Result) replicates(i int) []float64 {
	y := make([]float64, len(r.Replicates))
	for k, o := range r.Replicates {
		y[k] = o[i]
	}
	return y
}

// mixtureCDF returns P(Y ≤ x) for Y drawn from Σ_k w_k N(y_k, s²).
func mixtureCDF(x float64, y, w []float64, s float64) float64 {
	c := 0.0
	for k := range y {
		c += w[k] * distuv.UnitNormal.CDF((x-y[k])/s)
	}
	return c
}

// mixtureQuantile inverts mixtureCDF by bisection on [lo, hi], to within
// the spacing of floats.
func mixtureQuantile(p float64, y, w []float64, s, lo, hi float64) float64 {
	for i := 0; i < 200; i++ {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		if mixtureCDF(mid, y, w, s) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// ObservedPercentile returns, per target, where the observation falls in
// the posterior predictive distribution with noise (the replicates plus
// N(0, s²)): P(Y ≤ Value), between 0 and 1. Values near 0 or 1 say the calibrated model does not reproduce
// the target.
func (r *Result) ObservedPercentile() []float64 {
	out := make([]float64, len(r.Targets))
	for i, t := range r.Targets {
		y := r.replicates(i)
		if s := t.Noise(); s > 0 {
			out[i] = mixtureCDF(t.Value, y, r.Weights, s)
			continue
		}
		for k, v := range y {
			if v <= t.Value {
				out[i] += r.Weights[k]
			}
		}
	}
	return out
}

// WriteCSV writes the posterior as a tidy CSV: a header
// "particle,weight,<param>..." and a row per particle, numbers in the
// shortest form that reads back exactly.
func (p *Posterior) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(append([]string{"particle", "weight"}, p.Params...))
	row := make([]string, 2+len(p.Params))
	for k, th := range p.Particles {
		row[0] = strconv.Itoa(k)
		row[1] = strconv.FormatFloat(p.Weights[k], 'g', -1, 64)
		for i, v := range th {
			row[2+i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("calibrate: writing posterior: %w", err)
	}
	return nil
}

// weightSumTolerance bounds |Σw − 1| in a posterior file: rounding of
// normalised weights, not a different normalisation.
const weightSumTolerance = 1e-9

// ReadPosterior reads a posterior written by WriteCSV. It is strict: the
// header must be particle, weight and at least one distinct parameter
// name; particles are numbered 0, 1, ... in order; weights are finite,
// non-negative and sum to 1; values are finite numbers.
func ReadPosterior(r io.Reader) (*Posterior, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("calibrate: posterior: empty file")
	}
	if err != nil {
		return nil, fmt.Errorf("calibrate: posterior: %w", err)
	}
	if len(header) < 3 || header[0] != "particle" || header[1] != "weight" {
		return nil, fmt.Errorf("calibrate: posterior line 1: header %q must be particle,weight and the parameters", strings.Join(header, ","))
	}
	p := &Posterior{Params: header[2:]}
	seen := map[string]bool{}
	for _, name := range p.Params {
		if name == "" || seen[name] || name == "particle" || name == "weight" {
			return nil, fmt.Errorf("calibrate: posterior line 1: parameter name %q is empty, repeated or reserved", name)
		}
		seen[name] = true
	}
	num := func(line int, field, s string) (float64, error) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("calibrate: posterior line %d: %s %q is not a finite number", line, field, s)
		}
		return v, nil
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("calibrate: posterior: %w", err)
		}
		line, _ := cr.FieldPos(0)
		k := len(p.Particles)
		if rec[0] != strconv.Itoa(k) {
			return nil, fmt.Errorf("calibrate: posterior line %d: particle %q, want %d", line, rec[0], k)
		}
		w, err := num(line, "weight", rec[1])
		if err != nil {
			return nil, err
		}
		if w < 0 {
			return nil, fmt.Errorf("calibrate: posterior line %d: weight %g is negative", line, w)
		}
		th := make([]float64, len(p.Params))
		for i := range th {
			if th[i], err = num(line, p.Params[i], rec[2+i]); err != nil {
				return nil, err
			}
		}
		p.Weights = append(p.Weights, w)
		p.Particles = append(p.Particles, th)
	}
	if len(p.Particles) == 0 {
		return nil, errors.New("calibrate: posterior: no particles")
	}
	if sum := floats.Sum(p.Weights); math.Abs(sum-1) > weightSumTolerance {
		return nil, fmt.Errorf("calibrate: posterior: the weights sum to %g, not 1", sum)
	}
	return p, nil
}
