package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestAdjustConjugate: on the normal model of TestConjugate the residual
// is linear in μ with normal noise, so E[μ | r] is linear and the
// regression adjustment recovers the exact posterior N(y, v) from a
// sample at any tolerance (Beaumont et al. 2002, section 3). The test
// stops the sampler early, at a tolerance where the unadjusted particles
// are measurably wider than the posterior, and wants the adjusted ones
// within 4 standard errors of the exact mean and sd; and their replicates
// (fresh runs at the adjusted rows) to be centred on y. Over seeds 11 to
// 40 the adjusted sd averaged 0.490 (spread 0.022) against the exact
// 0.5, and the sampled one 0.56 to 0.61: the adjustment is 2% narrow,
// as residuals fitted by regression are.
func TestAdjustConjugate(t *testing.T) {
	const (
		sigma = 0.4
		tau   = 0.3
		y     = 1.3
	)
	v := sigma*sigma + tau*tau
	sim := func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		return []float64{theta[0] + distuv.Normal{Mu: 0, Sigma: sigma, Src: rand.NewPCG(seed, 0)}.Rand()}, nil
	}
	for _, seed := range []uint64{11, 12, 13} {
		cfg := Config{Params: []Parameter{{Name: "mu", Prior: uniform(-10, 10)}},
			Targets: []Target{{Name: "mean", Value: y, SD: tau, Fit: true}},
			N:       1000, Budget: 3000, Seed: seed,
			Adjust: &Adjustment{Row: func(th []float64) []float64 { return th }, Transforms: []Transform{{Lo: -10, Hi: 10}}, Simulate: sim}}
		res, err := Run(context.Background(), cfg, sim)
		if err != nil {
			t.Fatal(err)
		}
		last := res.Populations[len(res.Populations)-1]
		a := res.Adjusted
		col := func(rows [][]float64) []float64 {
			out := make([]float64, len(rows))
			for k, r := range rows {
				out[k] = r[0]
			}
			return out
		}
		rawMean, rawSD := moments(col(res.Particles), res.Weights)
		mean, sd := moments(col(a.Rows), a.Weights)
		exactSD := math.Sqrt(v)
		seMean, seSD := sd/math.Sqrt(a.ESS), sd/math.Sqrt(2*a.ESS)
		t.Logf("seed %d: ε %.3g; sampled %.4f ± %.4f (ESS %.0f); adjusted %.4f ± %.4f (ESS %.0f, R² %.2f); exact %.4f ± %.4f",
			seed, last.Epsilon, rawMean, rawSD, last.ESS, mean, sd, a.ESS, a.Fits[0].R2, y, exactSD)
		if rawSD < exactSD*1.15 {
			t.Errorf("seed %d: the sampled sd %.4f is within 15%% of the exact %.4f: stop earlier to test the adjustment", seed, rawSD, exactSD)
		}
		if math.Abs(mean-y) > 4*seMean || math.Abs(sd-exactSD) > 4*seSD {
			t.Errorf("seed %d: adjusted %.4f ± %.4f, exact %.4f ± %.4f (4 standard errors: %.4f, %.4f)", seed, mean, sd, y, exactSD, 4*seMean, 4*seSD)
		}
		// The replicates at the adjusted rows are μ plus the model's
		// noise: the posterior predictive without observation error, of
		// mean y and variance v + σ².
		rep := col(a.Replicates)
		rm, rsd := moments(rep, a.Weights)
		if want := math.Sqrt(v + sigma*sigma); math.Abs(rm-y) > 4*rsd/math.Sqrt(a.ESS) || math.Abs(rsd-want) > 4*rsd/math.Sqrt(2*a.ESS) {
			t.Errorf("seed %d: replicates %.4f ± %.4f, want %.4f ± %.4f", seed, rm, rsd, y, want)
		}
	}
}

// TestAdjustRows checks the transforms on rows made by hand: values stay
// inside their supports, a split's shares stay positive and keep their
// sum, a zero share stays zero, counts are whole, kept values do not move,
// and rows at the tolerance drop out.
func TestAdjustRows(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 4))
	const n = 400
	tr := []Transform{
		{Lo: 0, Hi: 1},                        // a bounded share
		{Lo: 0, Hi: math.Inf(1), Whole: true}, // a count
		{Lo: math.Inf(-1), Hi: math.Inf(1)},   // unbounded
		{Group: 1}, {Group: 1}, {Group: 1},    // a split with a zero share
		{Lo: 0, Hi: 10, Keep: true}, // kept
	}
	rows := make([][]float64, n)
	resid := make([][]float64, n)
	w := make([]float64, n)
	d := make([]float64, n)
	for k := range rows {
		u := src.Float64()
		a, b := 0.2+0.6*src.Float64(), 0.5*src.Float64()
		rows[k] = []float64{u, math.Round(50 + 40*u), 3*u - 1, a, 0, 1 - a, 5 * src.Float64()}
		// Residuals that the values explain: the adjustment will move them.
		resid[k] = []float64{4*(u-0.5) + 0.3*src.NormFloat64(), 2*(a-0.5) + b}
		w[k] = 1
		d[k] = math.Hypot(resid[k][0], resid[k][1]) / math.Sqrt2
	}
	eps := floats.Max(d)
	adj, err := adjust(rows, resid, w, d, eps, tr)
	if err != nil {
		t.Fatal(err)
	}
	if len(adj.Rows) != n-1 {
		t.Errorf("%d rows of positive weight, want %d: only the one at the tolerance drops out", len(adj.Rows), n-1)
	}
	if s := floats.Sum(adj.Weights); math.Abs(s-1) > 1e-12 {
		t.Errorf("weights sum to %v", s)
	}
	moved := 0
	for k, r := range adj.Rows {
		if !(r[0] > 0 && r[0] < 1) || r[1] < 0 || r[1] != math.Round(r[1]) {
			t.Fatalf("row %d: %v outside the supports or not whole", k, r)
		}
		if r[4] != 0 || !(r[3] > 0 && r[5] > 0) || math.Abs(r[3]+r[5]-1) > 1e-12 {
			t.Fatalf("row %d: shares %v, %v, %v", k, r[3], r[4], r[5])
		}
		if r[0] != rows[k][0] {
			moved++
		}
	}
	if moved < n/2 {
		t.Errorf("only %d values moved", moved)
	}
	// The kept column is as it was, in the rows that stay.
	j := 0
	for k := range rows {
		if d[k] >= eps {
			continue
		}
		if adj.Rows[j][6] != rows[k][6] {
			t.Fatalf("row %d: kept value %v became %v", k, rows[k][6], adj.Rows[j][6])
		}
		j++
	}
	// The first value is explained by the first residual: adjusted, it
	// spreads much less.
	_, before := stat.MeanStdDev(column0(rows), nil)
	_, after := moments(column0(adj.Rows), adj.Weights)
	if after > before/2 {
		t.Errorf("sd of the explained value %.3f before, %.3f after: want it at least halved", before, after)
	}
	if !math.IsNaN(adj.Fits[6].R2) || adj.Fits[0].R2 < 0.5 {
		t.Errorf("fits %+v", adj.Fits)
	}
}

// moments returns the weighted mean and sd, weights as given (no
// small-sample correction: the weights are normalised).
func moments(x, w []float64) (mean, sd float64) {
	mean = stat.Mean(x, w)
	return mean, math.Sqrt(stat.MomentAbout(2, x, mean, w))
}

func column0(rows [][]float64) []float64 {
	out := make([]float64, len(rows))
	for k, r := range rows {
		out[k] = r[0]
	}
	return out
}
