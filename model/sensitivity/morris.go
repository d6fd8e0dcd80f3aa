// This file implements Morris elementary effects (doc.go, "Morris
// screening").

package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat"
)

// Morris is the elementary-effects screening design of Morris (1991) with
// the μ* measure of Campolongo et al. (2007). The zero value is r = 10
// trajectories on a 4-level grid, with 1000 bootstrap resamples for 95%
// intervals of μ*.
type Morris struct {
	// Trajectories is the number r of trajectories; zero means 10. A
	// design has r(k+1) rows for k factors.
	Trajectories int

	// Levels is the number p of levels of the grid {0, 1/(p−1), ..., 1}
	// in each factor; zero means 4. It must be even, so that the step
	// Δ = p/(2(p−1)) gives every level the same probability.
	Levels int

	// Midpoints places the p levels at the midpoints (l+½)/p of p
	// equal-probability strata instead of at l/(p−1), l = 0..p−1, and
	// makes Δ = 1/2. No coordinate is then 0 or 1, where the inverse CDF
	// of an unbounded distribution (normal, gamma, lognormal) is
	// infinite.
	Midpoints bool

	// Resamples is the number of bootstrap resamples of the trajectories
	// for the intervals of μ*; zero means 1000.
	Resamples int

	// Confidence is the level of the intervals of μ*; zero means 0.95.
	Confidence float64
}

// Effect is the summary of the elementary effects of one factor, in units
// of the output per unit of the factor's unit interval (its quantile, if
// the caller maps unit values by an inverse CDF).
type Effect struct {
	// Mu is the mean elementary effect μ. Effects of opposite sign
	// cancel in it.
	Mu float64

	// MuStar is the mean absolute elementary effect μ* (Campolongo et
	// al. 2007): the factor's overall influence, the measure to rank by.
	MuStar float64

	// Sigma is the standard deviation σ of the elementary effects
	// (divisor r−1; NaN for one trajectory). It is zero for a factor
	// that acts linearly and alone, and positive for one that acts
	// non-linearly or through interactions.
	Sigma float64

	// MuStarCI is the bootstrap percentile interval of μ* over
	// trajectories.
	MuStarCI Interval
}

func (m Morris) settings() (r, p int, err error) {
	r, p = m.Trajectories, m.Levels
	if r == 0 {
		r = 10
	}
	if p == 0 {
		p = 4
	}
	if r < 1 {
		return 0, 0, fmt.Errorf("sensitivity: Morris with %d trajectories; want 1 or more", r)
	}
	if p < 2 || p%2 != 0 {
		return 0, 0, fmt.Errorf("sensitivity: Morris with %d levels; want an even number, 2 or more", p)
	}
	return r, p, nil
}

// Delta returns the step Δ of the design: p/(2(p−1)), or 1/2 with
// Midpoints.
func (m Morris) Delta() float64 {
	_, p, err := m.settings()
	if err != nil {
		return math.NaN()
	}
	return m.level(p/2, p) - m.level(0, p)
}

// level returns the unit coordinate of grid level l of p.
func (m Morris) level(l, p int) float64 {
	if m.Midpoints {
		return (float64(l) + 0.5) / float64(p)
	}
	return float64(l) / float64(p-1)
}

// Runs returns the number of rows of a design for k factors, r(k+1).
func (m Morris) Runs(k int) int {
	r, _, _ := m.settings()
	return r * (k + 1)
}

// Design returns r trajectories over k factors in [0,1]^k, one row per
// model run: rows t(k+1) to t(k+1)+k are trajectory t. The first row of a
// trajectory is a random point of the grid; each next row moves one
// factor, in random order, by +Δ or −Δ, so that every factor moves once
// (Morris 1991, the matrix B*).
func (m Morris) Design(k int, src rand.Source) ([][]float64, error) {
	r, p, err := m.settings()
	if err != nil {
		return nil, err
	}
	if k < 1 {
		return nil, fmt.Errorf("sensitivity: Morris design for %d factors; want 1 or more", k)
	}
	if src == nil {
		return nil, fmt.Errorf("sensitivity: Morris design without a random source")
	}
	rnd := rand.New(src)
	half := p / 2 // Δ in grid steps
	design := make([][]float64, 0, r*(k+1))
	start := make([]int, k)
	end := make([]int, k)
	for t := 0; t < r; t++ {
		for i := range start {
			base := rnd.IntN(half) // x* + Δ must stay on the grid
			start[i], end[i] = base, base+half
			if rnd.IntN(2) == 0 {
				start[i], end[i] = end[i], start[i]
			}
		}
		row := make([]float64, k)
		for i, l := range start {
			row[i] = m.level(l, p)
		}
		design = append(design, row)
		for _, i := range rnd.Perm(k) {
			row = append([]float64(nil), row...)
			row[i] = m.level(end[i], p)
			design = append(design, row)
		}
	}
	return design, nil
}

// Analyze returns the effect of each factor from a design made by Design
// (or any design of one-at-a-time trajectories of k+1 rows) and the
// outputs y, one per row. The elementary effect of factor i in a
// trajectory is
//
//	EE_i = (y(x + e_i Δ_i) − y(x)) / Δ_i,
//
// Δ_i the signed change of factor i between consecutive rows. If src is
// nil, the intervals of μ* are NaN.
func (m Morris) Analyze(design [][]float64, y []float64, src rand.Source) ([]Effect, error) {
	resamples, confidence, err := bootstrapSettings(m.Resamples, m.Confidence)
	if err != nil {
		return nil, err
	}
	ee, err := elementaryEffects(design, y)
	if err != nil {
		return nil, err
	}
	r := len(ee[0])
	effects := make([]Effect, len(ee))
	abs := make([]float64, r)
	for i, e := range ee {
		for t, v := range e {
			abs[t] = math.Abs(v)
		}
		sigma := math.NaN()
		if r > 1 {
			sigma = stat.StdDev(e, nil)
		}
		effects[i] = Effect{Mu: stat.Mean(e, nil), MuStar: stat.Mean(abs, nil), Sigma: sigma, MuStarCI: noInterval}
	}
	if src == nil {
		return effects, nil
	}
	rnd := rand.New(src)
	boot := make([][]float64, len(ee))
	for i := range boot {
		boot[i] = make([]float64, resamples)
	}
	pick := make([]int, r)
	for b := 0; b < resamples; b++ {
		for t := range pick {
			pick[t] = rnd.IntN(r)
		}
		for i, e := range ee {
			sum := 0.0
			for _, t := range pick {
				sum += math.Abs(e[t])
			}
			boot[i][b] = sum / float64(r)
		}
	}
	for i := range effects {
		effects[i].MuStarCI = percentile(boot[i], confidence)
	}
	return effects, nil
}

// elementaryEffects returns ee[i][t], the effect of factor i in
// trajectory t, checking that the design is made of trajectories.
func elementaryEffects(design [][]float64, y []float64) ([][]float64, error) {
	if len(design) == 0 {
		return nil, fmt.Errorf("sensitivity: empty Morris design")
	}
	if len(y) != len(design) {
		return nil, fmt.Errorf("sensitivity: %d outputs for a Morris design of %d rows", len(y), len(design))
	}
	k := len(design[0])
	if k == 0 || len(design)%(k+1) != 0 {
		return nil, fmt.Errorf("sensitivity: Morris design of %d rows over %d factors; want a multiple of %d rows", len(design), k, k+1)
	}
	for j, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sensitivity: output %d is %g", j, v)
		}
	}
	r := len(design) / (k + 1)
	ee := make([][]float64, k)
	for i := range ee {
		ee[i] = make([]float64, r)
	}
	moved := make([]bool, k)
	for t := 0; t < r; t++ {
		clear(moved)
		for s := 1; s <= k; s++ {
			j := t*(k+1) + s
			prev, row := design[j-1], design[j]
			if len(row) != k {
				return nil, fmt.Errorf("sensitivity: Morris design row %d has %d factors; want %d", j, len(row), k)
			}
			changed := -1
			for i := range row {
				if row[i] == prev[i] {
					continue
				}
				if changed >= 0 {
					return nil, fmt.Errorf("sensitivity: Morris design row %d changes factors %d and %d; want one", j, changed, i)
				}
				changed = i
			}
			if changed < 0 {
				return nil, fmt.Errorf("sensitivity: Morris design row %d changes no factor; want one", j)
			}
			if moved[changed] {
				return nil, fmt.Errorf("sensitivity: Morris design row %d moves factor %d a second time in trajectory %d", j, changed, t)
			}
			moved[changed] = true
			ee[changed][t] = (y[j] - y[j-1]) / (row[changed] - prev[changed])
		}
	}
	return ee, nil
}
