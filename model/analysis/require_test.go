package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/thuis-nl/thuis/model/target"
)

// erlangWait returns the mean wait W_q in days of an M/M/c queue with
// arrival rate lambda and service rate mu per day (Erlang C), +Inf when
// c ≤ λ/μ.
func erlangWait(c int, lambda, mu float64) float64 {
	a := lambda / mu
	if float64(c) <= a {
		return math.Inf(1)
	}
	term, sum := 1.0, 1.0 // a^k/k!, summed stably
	for k := 1; k < c; k++ {
		term *= a / float64(k)
		sum += term
	}
	top := term * a / float64(c) / (1 - a/float64(c))
	return top / (sum + top) / (float64(c)*mu - lambda)
}

// TestRequireErlangC: on the textbook case, an M/M/c queue (Poisson
// arrivals, 1,000 a year; exponential stays of a month), require finds the
// smallest number of shelter places c whose mean wait is below a bound:
// the Erlang C answer, exactly.
//
// The bound lies between the Erlang C waits of c = 85 (14.5 days) and
// c = 86 (7.9 days), at their geometric mean. One run's mean wait over 100
// years scatters by about 30% around the Erlang C value (measured: 31% at
// c = 86), so a single run is on the wrong side of the bound now and
// then; the Erlang C value is the expectation, and the level at which half
// of the runs reach the bound is the Erlang C answer: --prob 0.5. At
// c = 85 about 20% of runs reach the bound and at c = 86 about 85%; with
// 40 runs per value (standard error of a share at most 0.08) both are
// more than 3.5 standard errors from 0.5.
func TestRequireErlangC(t *testing.T) {
	const (
		lambda = 1000 / 365.25
		mu     = 1 / (365.25 / 12)
	)
	bound := math.Sqrt(erlangWait(85, lambda, mu) * erlangWait(86, lambda, mu))
	want := 0
	for c := 1; ; c++ {
		if erlangWait(c, lambda, mu) < bound {
			want = c
			break
		}
	}
	sc := load(t, "testdata/mmc-lever.yaml")
	wait := target.Target{ID: "W", Year: 2030, Metric: "shelter_wait_mean_days", Aggregate: target.Run, Comparator: "<", Threshold: bound}
	req, err := Require(context.Background(), RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.emergency", Range: []float64{82, 98},
		Prob: 0.5, Runs: 40, Grid: 5, Seed: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range req.Points {
		t.Logf("c = %3.0f: %2d of %d runs below %.2f days (fitted %.2f); Erlang C wait %.2f", p.Value, p.Reached, req.Runs, bound, p.Fitted, erlangWait(int(p.Value), lambda, mu))
	}
	t.Logf("required c = %v [%v, %v]", req.Value, req.Low, req.High)
	if !req.Found || req.Value != float64(want) || !req.Increasing || !req.Whole {
		t.Errorf("require found c = %v (found %v, increasing %v, whole %v); Erlang C says %d", req.Value, req.Found, req.Increasing, req.Whole, want)
	}
	if !(req.Low <= req.Value && req.Value <= req.High) {
		t.Errorf("interval [%v, %v] leaves out %v", req.Low, req.High, req.Value)
	}
}

func TestRequireErrors(t *testing.T) {
	sc := load(t, "testdata/mmc-lever.yaml")
	wait := target.Target{ID: "W", Year: 2030, Metric: "shelter_wait_mean_days", Aggregate: target.Run, Comparator: "<", Threshold: 5}
	late := wait
	late.Year = 2200
	for _, c := range []struct {
		name string
		cfg  RequireConfig
		want string
	}{
		{"no scenario", RequireConfig{}, "require: no scenario"},
		{"probability", RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.emergency", Prob: 1.2}, "require: probability 1.2; want a share in (0, 1]"},
		{"grid", RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.emergency", Grid: 1}, "require: 40 runs per value, 1 values per stage and 1000 resamples; want 1, 2 and 1 or more"},
		{"target year", RequireConfig{Scenario: sc, Target: late, Lever: "shelter.emergency"}, "require: scenario mmc-lever: targets: targets[0].year: 2200 is outside the run's whole years 2021-2120 (target W)"},
		{"no such lever", RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.x"}, "require: scenario mmc-lever has no parameter shelter.x (its levers: [shelter.emergency])"},
		{"an assumption", RequireConfig{Scenario: load(t, "testdata/mmc-uncertain.yaml"), Target: wait, Lever: "inflow.arrivals.rate"},
			"require: inflow.arrivals.rate is assumed, not a choice: a lever is what we do, not how the world works"},
		{"a duration", RequireConfig{Scenario: sc, Target: wait, Lever: "moves.ethos2.stay"}, "require: moves.ethos2.stay is not a number; a lever is a scalar or a constant schedule"},
		{"no range", RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.residential"}, "require: shelter.residential is a choice with no levels or lever range: declare lever: [low, high], or give a range to search"},
		{"bad range", RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.emergency", Range: []float64{5, 5}}, "require: range 5,5; want low,high with low < high"},
		{"a range past what the file allows", RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.emergency", Range: []float64{0, 1e300}}, "require: range 0,1e+300 leaves what shelter.emergency allows: its value must be in [0, 1000000]"},
		{"a NaN range", RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.emergency", Range: []float64{math.NaN(), 5}}, "require: range NaN,5; want low,high with low < high"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Require(context.Background(), c.cfg)
			if err == nil || err.Error() != c.want {
				t.Errorf("error %v\nwant  %s", err, c.want)
			}
		})
	}
}
