package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
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
// and every interval is narrower than the prior's.
func TestRecoveryOnTheEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("fits five data sets")
	}
	sc, err := scenario.Loader{}.Load("testdata/filling.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dates := []string{"2021-03-01", "2021-05-01", "2021-08-01", "2022-01-01", "2023-01-01", "2024-01-01", "2025-01-01"}
	truths := [][]float64{{1000, 0.7}, {2500, 1.5}, {1800, 1}, {700, 2}, {3000, 0.5}}
	covered, pairs := 0, 0
	for d, truth := range truths {
		// The data: one run at the true values, with 4% observation noise.
		params := calibrated(uncertainty.Priors(sc))
		truthSc, err := uncertainty.Apply(sc, params, truth)
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
			rows = append(rows, fmt.Sprintf("  - {date: %s, value: %.0f, sd: %.1f}", date, v*(1+0.04*noise.NormFloat64()), 0.04*v))
		}
		series, err := observed.Parse("synthetic.yaml", []byte(`name: synthetic
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
		p, err := NewProblem(sc, []*observed.Series{series}, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Run(context.Background(), Config{Params: p.Parameters(), Targets: p.Targets, N: 200, Budget: 1000, Seed: uint64(d + 1)}, p.Simulate)
		if err != nil {
			t.Fatal(err)
		}
		q := r.Quantiles(0.05, 0.95)
		for i, prm := range p.Params {
			pairs++
			lo, hi := q[i][0], q[i][1]
			if lo <= truth[i] && truth[i] <= hi {
				covered++
			} else {
				t.Logf("data set %d: %s = %g outside the 90%% interval [%.4g, %.4g]", d, prm.Path, truth[i], lo, hi)
			}
			if pw := prm.Dist.Quantile(0.95) - prm.Dist.Quantile(0.05); hi-lo >= pw {
				t.Errorf("data set %d: %s: posterior 90%% interval %.4g wide, not narrower than the prior's %.4g", d, prm.Path, hi-lo, pw)
			}
		}
	}
	if covered < 9 {
		t.Errorf("90%% intervals contain the truth in %d of %d pairs, want at least 9", covered, pairs)
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
