package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// TestRecoveryOnTheEngine: observations the engine makes from known
// parameter values are fitted, through the whole path a user takes
// (scenario file, calibrate: true, an observed series file, NewProblem,
// Run). Over five synthetic data sets the 90% posterior intervals contain
// the true values in at least 9 of the 10 (parameter, data set) pairs,
// and every interval is narrower than the prior's; for APMC (the default
// sampler) both as sampled and after the regression adjustment
// (Config.Adjust).
//
// THUIS_COVERAGE=1 fits 30 data sets made at truths drawn from the prior
// instead, where honest 90% intervals hold the truth 90% of the time
// (APMC: a few minutes), and measures ABC-SMC with MCMC moves too (about
// 10 minutes more), and likelihood-tempered SMC on data with 25% errors
// (about 4 minutes), where its likelihood estimate is precise enough.
// Measured: APMC 58 of 60 pairs as sampled and 49 adjusted (22 November
// 2026); ABC-SMC with MCMC moves at a budget of 6,000, 55 of 60, mean
// width 0.36 of the true value; smc-tempered at 25% errors, 54 of 60,
// width 0.66, log-likelihood sd 0.21 to 0.96, 1,683 to 4,515
// simulations a fit (23 November 2026).
func TestRecoveryOnTheEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("fits five data sets with each sampler")
	}
	sc, err := scenario.Loader{}.Load("testdata/filling.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dates := []string{"2021-03-01", "2021-05-01", "2021-08-01", "2022-01-01", "2023-01-01", "2024-01-01", "2025-01-01"}
	truths := [][]float64{{1000, 0.7}, {2500, 1.5}, {1800, 1}, {700, 2}, {3000, 0.5}}
	if os.Getenv("THUIS_COVERAGE") != "" {
		ps := calibrated(uncertainty.Priors(sc))
		src := rand.New(rand.NewPCG(99, 1))
		truths = nil
		for i := 0; i < 30; i++ {
			truths = append(truths, []float64{ps[0].Dist.Quantile(src.Float64()), ps[1].Dist.Quantile(src.Float64())})
		}
	}
	// The data: one run at each truth, with observation noise of relErr
	// of the value (4% for the ABC samplers).
	makeData := func(relErr float64) []*observed.Series {
		data := make([]*observed.Series, len(truths))
		for d, truth := range truths {
			truthSc, err := uncertainty.Apply(sc, calibrated(uncertainty.Priors(sc)), truth)
			if err != nil {
				t.Fatal(err)
			}
			res, err := sim.Run(context.Background(), truthSc, uint64(1000+d))
			if err != nil {
				t.Fatal(err)
			}
			noise := rand.New(rand.NewPCG(uint64(d), 7))
			var rows []string
			for _, date := range dates {
				v := stockOn(t, res, date)
				rows = append(rows, fmt.Sprintf("  - {date: %s, value: %.0f, sd: %.1f}", date, v*(1+relErr*noise.NormFloat64()), relErr*v))
			}
			data[d], err = observed.Parse("synthetic.yaml", []byte(`name: synthetic
description: "made by the model at known values"
unit: people
source: "synthetic"
margin: "one standard deviation, given per row"
role: fit
model: {metric: cbs_count, aggregate: mean, note: "the stock on the date"}
observations:
`+strings.Join(rows, "\n")+"\n"))
			if err != nil {
				t.Fatal(err)
			}
		}
		return data
	}
	for _, tc := range []struct {
		method string
		budget int     // what the sampler needs to reach about the same tolerance
		relErr float64 // the observations' error, relative
	}{
		{APMC, 1000, 0.04},
		{SMCMCMC, 6000, 0.04},
		// smc-tempered where it holds: against 4% errors the engine's own
		// noise makes a simulation's log-likelihood vary by 5 to 8, where
		// it is too narrow and says so (TestTemperedLikelihoodNoise);
		// against 25% errors it varies by about 1.
		{Tempered, 40000, 0.25},
	} {
		t.Run(tc.method, func(t *testing.T) {
			// The equally weighted samplers are experimental and cost
			// several times the simulations; CI checks them on the
			// conjugate model (conjugate_test.go, tempered_test.go), and
			// their coverage is measured here only when asked.
			if tc.method != APMC && os.Getenv("THUIS_COVERAGE") == "" {
				t.Skip("measured with THUIS_COVERAGE=1")
			}
			checkRecovery(t, sc, truths, makeData(tc.relErr), tc.method, tc.budget)
		})
	}
}

// checkRecovery fits each data set with method and checks the
// intervals' coverage and width, as sampled and, for APMC, adjusted.
func checkRecovery(t *testing.T, sc *scenario.Scenario, truths [][]float64, data []*observed.Series, method string, budget int) {
	hows := []string{"sampled"}
	if method == APMC {
		hows = append(hows, "adjusted")
	}
	covered, pairs := map[string]int{}, 0
	width := map[string]float64{}
	for d, truth := range truths {
		p, err := NewProblem(sc, []*observed.Series{data[d]}, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		cfg := Config{Params: p.Parameters(), Targets: p.Targets, N: 200, Budget: budget, Seed: uint64(d + 1), Method: method}
		if method == APMC {
			cfg.Adjust = p.Adjustment()
		}
		r, err := Run(context.Background(), cfg, p.Simulate)
		if err != nil {
			t.Fatal(err)
		}
		if method == Tempered {
			last := r.Populations[len(r.Populations)-1]
			t.Logf("data set %d: %d simulations, exponent %g, log-likelihood sd %.2f, %d distinct particles", d, r.Simulations, last.Beta, r.LogLikSD, last.Unique)
			if last.Beta != 1 || r.LogLikSD > MaxLogLikSD {
				t.Errorf("data set %d: exponent %g, log-likelihood sd %.2f: not a fit to trust", d, last.Beta, r.LogLikSD)
			}
		}
		for _, how := range hows {
			post := r
			if how == "adjusted" {
				post = p.UseAdjusted(r)
			}
			q := post.Quantiles(0.05, 0.95)
			for i, prm := range p.Params {
				if how == "sampled" {
					pairs++
				}
				lo, hi := q[i][0], q[i][1]
				width[how] += (hi - lo) / truth[i]
				if lo <= truth[i] && truth[i] <= hi {
					covered[how]++
				} else {
					t.Logf("data set %d, %s: %s = %g outside the 90%% interval [%.4g, %.4g]", d, how, prm.Path, truth[i], lo, hi)
				}
				if pw := prm.Dist.Quantile(0.95) - prm.Dist.Quantile(0.05); hi-lo >= pw {
					t.Errorf("data set %d, %s: %s: posterior 90%% interval %.4g wide, not narrower than the prior's %.4g", d, how, prm.Path, hi-lo, pw)
				}
			}
		}
	}
	for _, how := range hows {
		t.Logf("%s: 90%% intervals contain the truth in %d of %d pairs; mean width %.2f of the true value", how, covered[how], pairs, width[how]/float64(pairs))
	}
	if want := pairs * 9 / 10; covered["sampled"] < want {
		t.Errorf("sampled: 90%% intervals contain the truth in %d of %d pairs, want at least %d", covered["sampled"], pairs, want)
	}
	if method != APMC {
		return
	}
	// The adjusted posterior is narrower but holds the truth less often
	// than it says (see above). That is why it is an option and not the
	// default; this guards that it stays what was measured.
	if want := pairs * 7 / 10; covered["adjusted"] < want {
		t.Errorf("adjusted: 90%% intervals contain the truth in %d of %d pairs, want at least %d", covered["adjusted"], pairs, want)
	}
	if width["adjusted"] >= 0.85*width["sampled"] {
		t.Errorf("adjusted intervals %.2f wide on average, sampled %.2f: the adjustment should narrow them", width["adjusted"]/float64(pairs), width["sampled"]/float64(pairs))
	}
}

func calibrated(ps []uncertainty.Param) []uncertainty.Param {
	var out []uncertainty.Param
	for _, p := range ps {
		if p.Calibrate {
			out = append(out, p)
		}
	}
	return out
}

// stockOn is the CBS-comparable count (here: ETHOS 6) on a snapshot date.
func stockOn(t *testing.T, r *sim.Result, date string) float64 {
	for _, s := range r.Snapshots {
		if s.Date.Format("2006-01-02") == date {
			var n int32
			for _, c := range s.CBS {
				n += c
			}
			return float64(n)
		}
	}
	t.Fatalf("no snapshot on %s", date)
	return math.NaN()
}
