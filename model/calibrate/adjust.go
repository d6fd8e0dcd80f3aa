package calibrate

// This file implements the regression adjustment of the final particles
// (Beaumont, Zhang & Balding 2002): see the package documentation,
// "Regression adjustment".

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Adjustment is the regression adjustment of a calibration's final
// particles, as Config.Adjust asks for it.
type Adjustment struct {
	// Row gives a particle's full row: every value the adjustment moves.
	// For a scenario that is the fitted parameters and the nuisance
	// values the particle was simulated with, which are as much part of
	// the joint posterior as the fitted ones.
	Row func(theta []float64) []float64
	// Transforms says, per value of Row, on which scale it is adjusted.
	Transforms []Transform
	// Simulate runs the model at a full row; the replicates of the
	// adjusted rows are its runs.
	Simulate Simulator
}

// Transform is the scale on which one value of a row is adjusted, so
// that an adjusted value stays where the prior allows it (Hamilton,
// Currat, Ray et al. 2005): logit on a bounded support (Lo, Hi), log on
// (Lo, ∞), itself on an unbounded one.
type Transform struct {
	Lo, Hi float64
	// Group > 0 makes the value one share of a split: the positive shares
	// of a group are adjusted as centred log ratios, so they stay
	// positive and keep their sum; shares fixed at zero stay zero.
	Group int
	// Whole values are counts: rounded after the adjustment.
	Whole bool
	// Keep leaves the value as it is (a kind the adjustment cannot move).
	Keep bool
}

// Adjusted is the regression-adjusted posterior: rows of Adjustment.Row's
// values, with their weights, and a fresh run at each.
type Adjusted struct {
	Rows       [][]float64
	Weights    []float64 // normalised; rows of weight zero are left out
	Replicates [][]float64
	Seeds      []uint64
	// Fits are, per value of a row, the regression it was adjusted with.
	Fits []Fit
	// Bandwidth is the kernel's: the final tolerance ε. ESS is the
	// effective sample size of the adjusted weights.
	Bandwidth, ESS float64
}

// Fit is the regression of one value of the rows on the residuals.
type Fit struct {
	// Lambda is the ridge penalty generalised cross-validation chose
	// (in units of the mean squared singular value of the residuals);
	// R2 the share of the value's weighted variance (on its adjusted
	// scale) the residuals explain. Both are NaN for a value kept as is.
	Lambda, R2 float64
}

// adjust returns the regression adjustment of the final particles: each
// row's values on their transformed scale g, minus β̂ᵀr, where r are the
// particle's noise-added residuals (in units of the noise, so the
// observations are at r = 0) and β̂ the kernel-weighted ridge regression
// of g on r. The weights are the particles' times the Epanechnikov kernel
// 1 − (d/ε)² of their distance d at the final tolerance ε.
func adjust(rows, resid [][]float64, weights, dist []float64, eps float64, tr []Transform) (*Adjusted, error) {
	n := len(rows)
	if n == 0 || len(resid) != n || len(weights) != n || len(dist) != n {
		return nil, fmt.Errorf("calibrate: adjustment: %d rows, %d residuals, %d weights, %d distances", len(rows), len(resid), len(weights), len(dist))
	}
	m, q := len(rows[0]), len(resid[0])
	if len(tr) != m {
		return nil, fmt.Errorf("calibrate: adjustment: %d transforms for rows of %d values", len(tr), m)
	}
	w := make([]float64, n)
	for k := range w {
		if u := dist[k] / eps; u < 1 {
			w[k] = weights[k] * (1 - u*u)
		}
	}
	if floats.Sum(w) == 0 {
		return nil, fmt.Errorf("calibrate: adjustment: every particle is at the tolerance; nothing to weigh")
	}
	floats.Scale(1/floats.Sum(w), w)

	// The residuals, centred on their weighted means and scaled by √w.
	mr := make([]float64, q)
	for k := range rows {
		floats.AddScaled(mr, w[k], resid[k])
	}
	X := mat.NewDense(n, q, nil)
	for k := range rows {
		for j := 0; j < q; j++ {
			X.Set(k, j, math.Sqrt(w[k])*(resid[k][j]-mr[j]))
		}
	}
	var svd mat.SVD
	if !svd.Factorize(X, mat.SVDThin) {
		return nil, fmt.Errorf("calibrate: adjustment: the residuals' SVD did not converge")
	}
	ess := 1 / floats.Dot(w, w)

	g := make([][]float64, n) // transformed values
	for k := range g {
		g[k] = make([]float64, m)
	}
	for c, t := range tr {
		if t.Group > 0 {
			continue // below, group by group
		}
		for k := range rows {
			g[k][c] = t.forward(rows[k][c])
		}
	}
	groups := map[int][]int{} // group → its columns with positive shares
	for c, t := range tr {
		if t.Group > 0 && !t.Keep && rows[0][c] > 0 {
			groups[t.Group] = append(groups[t.Group], c)
		}
	}
	for _, cols := range groups {
		for k := range rows {
			var mean float64
			for _, c := range cols {
				mean += math.Log(rows[k][c])
			}
			mean /= float64(len(cols))
			for _, c := range cols {
				g[k][c] = math.Log(rows[k][c]) - mean
			}
		}
	}

	adj := &Adjusted{Bandwidth: eps, Fits: make([]Fit, m)}
	out := make([][]float64, n)
	for k := range out {
		out[k] = append([]float64(nil), rows[k]...)
	}
	y := make([]float64, n)
	for c, t := range tr {
		if t.Keep || (t.Group > 0 && rows[0][c] <= 0) {
			adj.Fits[c] = Fit{math.NaN(), math.NaN()}
			continue
		}
		for k := range y {
			y[k] = g[k][c]
		}
		beta, lev, f := ridge(&svd, y, w, ess)
		adj.Fits[c] = f
		// The fit at the observations (r = 0), plus each particle's
		// leave-one-out residual e/(1 − h): a regression on few effective
		// particles fits its own ones too closely, and their in-sample
		// residuals would make the posterior too narrow.
		at := floats.Dot(w, y) - floats.Dot(beta, mr)
		for k := range out {
			e := y[k] - at - floats.Dot(beta, resid[k])
			g[k][c] = at + e/(1-lev[k])
		}
		if t.Group == 0 {
			for k := range out {
				out[k][c] = t.back(g[k][c])
			}
		}
	}
	for _, cols := range groups {
		for k := range out {
			var total, sum float64
			for _, c := range cols {
				total += rows[k][c]
				sum += math.Exp(g[k][c])
			}
			for _, c := range cols {
				out[k][c] = total * math.Exp(g[k][c]) / sum
			}
		}
	}
	for k := range out {
		if w[k] == 0 {
			continue
		}
		adj.Rows = append(adj.Rows, out[k])
		adj.Weights = append(adj.Weights, w[k])
	}
	adj.ESS = 1 / floats.Dot(adj.Weights, adj.Weights)
	return adj, nil
}

// ridge regresses y on the residuals (svd: of the residuals centred on
// their weighted means and scaled by √w) with the ridge penalty λ that
// minimises generalised cross-validation, GCV(λ) = RSS(λ) / (1 − tr
// H(λ)/n)², n the effective sample size and H counting the intercept. It
// returns the coefficients, every particle's leverage h (the diagonal of
// H; the intercept's share is its weight) and the fit.
func ridge(svd *mat.SVD, y, w []float64, n float64) (beta, lev []float64, fit Fit) {
	my := floats.Dot(w, y)
	yc := make([]float64, len(y))
	for k := range y {
		yc[k] = math.Sqrt(w[k]) * (y[k] - my)
	}
	var U, V mat.Dense
	svd.UTo(&U)
	svd.VTo(&V)
	d := svd.Values(nil)
	uy := make([]float64, len(d)) // Uᵀ yc
	for j := range d {
		uy[j] = floats.Dot(mat.Col(nil, j, &U), yc)
	}
	beta = make([]float64, len(d))
	lev = append([]float64(nil), w...)
	tss := floats.Dot(yc, yc)
	if tss == 0 {
		return beta, lev, Fit{math.NaN(), math.NaN()}
	}
	var scale float64
	for _, s := range d {
		scale += s * s
	}
	scale /= float64(len(d))
	best, bestGCV, bestRSS := math.NaN(), math.Inf(1), 0.0
	for e := -6.0; e <= 6; e += 0.25 {
		lambda := scale * math.Pow(10, e)
		rss, trace := tss, 1.0
		for j, s := range d {
			f := s * s / (s*s + lambda)
			trace += f
			// yc's part along u_j shrinks by f: it leaves (1 − f)·uy_j.
			rss += uy[j] * uy[j] * ((1-f)*(1-f) - 1)
		}
		if trace >= n {
			continue
		}
		gcv := rss / ((1 - trace/n) * (1 - trace/n))
		if gcv < bestGCV {
			best, bestGCV, bestRSS = lambda, gcv, rss
		}
	}
	if math.IsNaN(best) {
		return beta, lev, Fit{math.NaN(), 0} // too few particles for any fit: no adjustment
	}
	for j, s := range d {
		f := s * s / (s*s + best)
		floats.AddScaled(beta, s/(s*s+best)*uy[j], mat.Col(nil, j, &V))
		for k := range lev {
			u := U.At(k, j)
			lev[k] += f * u * u
		}
	}
	return beta, lev, Fit{Lambda: best / scale, R2: 1 - bestRSS/tss}
}

// forward maps a value to the scale it is adjusted on.
func (t Transform) forward(x float64) float64 {
	lo, hi := t.Lo, t.Hi
	switch {
	case !math.IsInf(lo, -1) && !math.IsInf(hi, 1):
		// A value on a bound (a count rounded to it) moves in by a hair.
		eps := 1e-9 * (hi - lo)
		x = math.Min(math.Max(x, lo+eps), hi-eps)
		return math.Log((x - lo) / (hi - x))
	case !math.IsInf(lo, -1):
		return math.Log(math.Max(x-lo, math.SmallestNonzeroFloat64))
	}
	return x
}

// back is forward's inverse, with Whole values rounded.
func (t Transform) back(y float64) float64 {
	lo, hi := t.Lo, t.Hi
	var x float64
	switch {
	case !math.IsInf(lo, -1) && !math.IsInf(hi, 1):
		x = lo + (hi-lo)/(1+math.Exp(-y))
	case !math.IsInf(lo, -1):
		x = lo + math.Exp(y)
	default:
		x = y
	}
	if t.Whole {
		x = math.Round(x)
	}
	return x
}

// adjustFinal adjusts the final particles and simulates a replicate at
// each adjusted row, as the batch "adjusted" of the last population.
func (c *calibration) adjustFinal(ctx context.Context, res *Result, final []particle, weights []float64) (*Adjusted, error) {
	a := c.cfg.Adjust
	rows := make([][]float64, len(final))
	resid := make([][]float64, len(final))
	dist := make([]float64, len(final))
	for k, p := range final {
		rows[k] = a.Row(p.theta)
		if len(rows[k]) != len(a.Transforms) {
			return nil, fmt.Errorf("calibrate: adjustment: a row of %d values for %d transforms", len(rows[k]), len(a.Transforms))
		}
		resid[k] = c.residuals(p.noiseT, p.noiseJ, p.outputs)
		dist[k] = p.distance
	}
	eps := res.Populations[len(res.Populations)-1].Epsilon
	adj, err := adjust(rows, resid, weights, dist, eps, a.Transforms)
	if err != nil {
		return nil, err
	}
	b := batch{t: len(res.Populations) - 1, adjusted: true}
	props := make([]proposal, len(adj.Rows))
	for j, row := range adj.Rows {
		props[j] = proposal{theta: row, seed: simSeed(c.cfg.Seed, b.key(), j)}
	}
	last := res.Populations[len(res.Populations)-1]
	prog := Progress{Population: b.t, Adjusted: true, Simulations: res.Simulations + len(final), Epsilon: last.Epsilon, Acceptance: last.Acceptance}
	recs, err := c.population(ctx, b, props, prog)
	if err != nil {
		return nil, err
	}
	for j, r := range recs {
		adj.Replicates = append(adj.Replicates, r.Outputs)
		adj.Seeds = append(adj.Seeds, props[j].seed)
	}
	return adj, nil
}
