package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/thuis-nl/thuis/model/dist"
)

func uniform(lo, hi float64) dist.Spec {
	return dist.Spec{Kind: dist.Uniform, P: map[string]float64{"min": lo, "max": hi}}
}

// Logistic growth over 12 years with Poisson noise: a stand-in for the
// engine with the shape of its calibration (counts per year, a start
// level, a growth rate and a ceiling).
var logisticParams = []Parameter{
	{Name: "start", Prior: uniform(50, 150)},
	{Name: "rate", Prior: uniform(0.1, 0.6)},
	{Name: "ceiling", Prior: uniform(300, 1000)},
}

const years = 12

func logisticMean(theta []float64, year int) float64 {
	a, r, k := theta[0], theta[1], theta[2]
	return k / (1 + (k/a-1)*math.Exp(-r*float64(year)))
}

func logistic(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
	src := rand.NewPCG(seed, 1)
	out := make([]float64, years)
	for y := range out {
		out[y] = distuv.Poisson{Lambda: logisticMean(theta, y+1), Src: src}.Rand()
	}
	return out, nil
}

// logisticTargets makes a synthetic data set from truth: a simulation plus
// observation error of 5% of the expected count, the error model the
// calibration assumes.
func logisticTargets(truth []float64, seed uint64) []Target {
	out, _ := logistic(context.Background(), truth, seed)
	noise := rand.New(rand.NewPCG(seed, 2))
	ts := make([]Target, years)
	for y := range ts {
		sd := 0.05 * logisticMean(truth, y+1)
		ts[y] = Target{Name: fmt.Sprint("year", y+1), Value: out[y] + sd*noise.NormFloat64(), SD: sd, Fit: true}
	}
	return ts
}

// TestRecovery calibrates the logistic model to data sets made from truths
// drawn from the prior. With the exact posterior, a 90% interval holds the
// truth with probability 0.9 averaged over the prior; ABC's tolerance
// widens the posterior, so coverage should be at least that.
func TestRecovery(t *testing.T) {
	start := time.Now()
	const sets = 8
	truths := rand.New(rand.NewPCG(2024, 1))
	covered, pairs := 0, 0
	for s := 0; s < sets; s++ {
		truth := make([]float64, len(logisticParams))
		for i, p := range logisticParams {
			truth[i] = p.Prior.Quantile(truths.Float64())
		}
		cfg := Config{Params: logisticParams, Targets: logisticTargets(truth, uint64(100+s)), N: 300, Seed: uint64(s), Workers: 1, Budget: 6000}
		res, err := Run(context.Background(), cfg, logistic)
		if err != nil {
			t.Fatal(err)
		}
		q := res.Quantiles(0.05, 0.95)
		last := res.Populations[len(res.Populations)-1]
		for i, p := range logisticParams {
			lo, hi := p.Prior.Quantile(0.05), p.Prior.Quantile(0.95)
			in := q[i][0] <= truth[i] && truth[i] <= q[i][1]
			if in {
				covered++
			}
			pairs++
			if q[i][1]-q[i][0] >= hi-lo {
				t.Errorf("data set %d: %s: the 90%% interval [%.4g, %.4g] is no narrower than the prior's [%.4g, %.4g]", s, p.Name, q[i][0], q[i][1], lo, hi)
			}
			t.Logf("data set %d: %-7s truth %8.4g in [%8.4g, %8.4g] %v", s, p.Name, truth[i], q[i][0], q[i][1], in)
		}
		t.Logf("data set %d: %d populations, %d simulations, epsilon %.3g, acceptance %.3g, ESS %.0f", s, len(res.Populations), res.Simulations, last.Epsilon, last.Acceptance, last.ESS)
	}
	t.Logf("coverage %d of %d (%.0f%%) in %v", covered, pairs, 100*float64(covered)/float64(pairs), time.Since(start))
	if float64(covered) < 0.9*float64(pairs) {
		t.Errorf("the 90%% intervals hold the truth in %d of %d cases; want at least 90%%", covered, pairs)
	}
}
