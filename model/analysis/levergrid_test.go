package analysis

import (
	"context"
	"math"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// TestLeverGridErlangC: one grid of the number of shelter places c of an
// M/M/c queue answers two targets at once, each a mean-wait bound between
// the Erlang C waits of two neighbouring c, with the Erlang C answer
// exactly. As in TestRequireErlangC, the level at which half of the runs
// reach a bound is the one at which the Erlang C mean does (prob 0.5):
// the shares at the neighbours are more than 3.5 standard errors from 0.5
// with 40 runs.
func TestLeverGridErlangC(t *testing.T) {
	const (
		lambda = 1000 / 365.25
		mu     = 1 / (365.25 / 12)
	)
	var targets []target.Target
	var want []float64
	for _, c := range []int{85, 87} {
		bound := math.Sqrt(erlangWait(c, lambda, mu) * erlangWait(c+1, lambda, mu))
		targets = append(targets, target.Target{ID: "W", Year: 2030, Metric: "shelter_wait_mean_days", Aggregate: target.Run, Comparator: "<", Threshold: bound})
		want = append(want, float64(c+1))
	}
	var observed atomic.Int64
	g, err := LeverGrid(context.Background(), GridConfig{Scenario: load(t, "testdata/mmc-lever.yaml"), Targets: targets, Lever: "shelter.emergency",
		Range: []float64{83, 89}, Grid: 7, Prob: 0.5, Runs: 40, Seed: 1, Workers: 2,
		Observe: func(i, j int, res *sim.Result) error { observed.Add(1); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if n := observed.Load(); n != 7*40 {
		t.Errorf("observed %d runs; want %d", n, 7*40)
	}
	for k, req := range g.Requirements {
		t.Logf("bound %.2f days: c = %v [%v, %v]", targets[k].Threshold, req.Value, req.Low, req.High)
		if !req.Found || req.Value != want[k] || !req.Increasing || !req.Whole {
			t.Errorf("bound %.2f: found c = %v (found %v); Erlang C says %v", targets[k].Threshold, req.Value, req.Found, want[k])
		}
	}
}

func TestLeverGridErrors(t *testing.T) {
	sc := load(t, "testdata/mmc-lever.yaml")
	w := []target.Target{{ID: "W", Year: 2030, Metric: "shelter_wait_mean_days", Aggregate: target.Run, Comparator: "<", Threshold: 5}}
	for _, c := range []struct {
		name string
		cfg  GridConfig
		want string
	}{
		{"no targets", GridConfig{Scenario: sc, Lever: "shelter.emergency"}, "require: no target"},
		{"factor range", GridConfig{Scenario: sc, Targets: w, Lever: "shelter.emergency", Factor: true}, "require: factor range [] on shelter.emergency; want [low, high] with 0 ≤ low < high"},
		{"factor on an assumption", GridConfig{Scenario: load(t, "testdata/mmc-uncertain.yaml"), Targets: w, Lever: "inflow.arrivals.rate", Factor: true, Range: []float64{1, 2}},
			"require: inflow.arrivals.rate is assumed, not a choice: a lever is what we do, not how the world works"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LeverGrid(context.Background(), c.cfg)
			if err == nil || err.Error() != c.want {
				t.Errorf("error %v\nwant  %s", err, c.want)
			}
		})
	}
	// A factor may not take a share above 1.
	_, _, _, err := gridLever(load(t, "../../scenarios/eerst-een-thuis.yaml"), "inflow.eviction.prevented", true, []float64{1, 1.2}, 3)
	if err == nil || !strings.Contains(err.Error(), "takes its largest share, 0.9, to 1.08; keep the factor at most 1.111") {
		t.Errorf("error %v", err)
	}
}

// TestLeverFactor: a factor on a quantity sets the quantity to the factor
// times its own value, so a factor grid is a value grid in disguise.
func TestLeverFactor(t *testing.T) {
	sc := load(t, "testdata/mmc-lever.yaml")
	l, _, xs, err := gridLever(sc, "shelter.emergency", true, []float64{0.5, 1}, 3)
	if err != nil {
		t.Fatal(err)
	}
	s, err := l.apply(sc, nil, nil, xs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Params() {
		if p.Info().Path == "shelter.emergency" {
			if got := p.Describe(); got != "47.5" {
				t.Errorf("factor 0.5 on 95 places gives %s; want 47.5", got)
			}
		}
	}
}
