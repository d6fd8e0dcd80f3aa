package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/thuis-nl/thuis/model/target"
)

// TestTradeoffErlangC: the trade-off between the arrival rate λ and the
// number of shelter places c of an M/M/c queue, for a mean wait below a
// bound, is the Erlang C one exactly: at each λ the smallest c whose
// Erlang C wait is below the bound. The λ (940, 1000, 1060 a year) are
// chosen so that the bound lies well between the waits of c* − 1 and c*
// (each at least 1.33 times the other side), as TestRequireErlangC needs
// for --prob 0.5 with 30 runs: the shares at the neighbours are then
// about 0.2 and 0.85, more than 3 standard errors (at most 0.09) from 0.5.
func TestTradeoffErlangC(t *testing.T) {
	const mu = 1 / (365.25 / 12)
	bound := math.Sqrt(erlangWait(85, 1000/365.25, mu) * erlangWait(86, 1000/365.25, mu))
	wait := target.Target{ID: "W", Year: 2030, Metric: "shelter_wait_mean_days", Aggregate: target.Run, Comparator: "<", Threshold: bound}
	tr, err := RequireTradeoff(context.Background(), TradeoffConfig{
		RequireConfig: RequireConfig{Scenario: load(t, "testdata/mmc-two-levers.yaml"), Target: wait, Lever: "shelter.emergency", Range: []float64{78, 94},
			Prob: 0.5, Runs: 30, Grid: 5, Seed: 1, Workers: 2},
		Second: "inflow.arrivals.rate", SecondValues: []float64{940, 1000, 1060}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tr.Points {
		want := 0
		for c := 1; ; c++ {
			if erlangWait(c, p.Second/365.25, mu) < bound {
				want = c
				break
			}
		}
		r := p.Requirement
		t.Logf("λ = %4.0f: c = %v [%v, %v]; Erlang C %d", p.Second, r.Value, r.Low, r.High, want)
		if !r.Found || r.Value != float64(want) {
			t.Errorf("λ = %g: c = %v (found %v); Erlang C says %d", p.Second, r.Value, r.Found, want)
		}
	}
	if _, err := RequireTradeoff(context.Background(), TradeoffConfig{RequireConfig: RequireConfig{Scenario: load(t, "testdata/mmc-two-levers.yaml"), Lever: "shelter.emergency"}, Second: "shelter.emergency"}); err == nil ||
		err.Error() != "require: shelter.emergency is both levers; a trade-off needs two" {
		t.Errorf("error %v", err)
	}
}
