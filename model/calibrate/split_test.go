package calibrate

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// TestCalibratedSplit: a split marked calibrate: true is fitted as one
// Gamma(α_k, 1) weight per share that is not fixed at zero; the engine,
// the reports and the calibrated scenario see the normalised shares.
func TestCalibratedSplit(t *testing.T) {
	sc, p := splitProblem(t)
	params := p.Parameters()
	var names []string
	for _, prm := range params {
		names = append(names, prm.Name)
	}
	want := "inflow.arrivals.rate moves.ethos6.to.exit.log_weight moves.ethos6.to.ethos1.log_weight moves.ethos6.to.ethos5.log_weight"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("coordinates %q, want %q (no weight for the zero share)", got, want)
	}
	for i, alpha := range []float64{10, 6, 4} { // concentration 20 × shares
		s := params[1+i].Prior
		if s.Kind != dist.Gamma || s.P["mean"] != alpha || math.Abs(s.P["sd"]-math.Sqrt(alpha)) > 1e-12 || !params[1+i].Log {
			t.Errorf("%s prior %v, want Gamma(%g, 1): mean %g, sd √%g", names[1+i], s, alpha, alpha, alpha)
		}
	}

	ln := math.Log
	theta := []float64{1500, ln(2), 0, 0}
	got := p.applied(theta)
	if want := []float64{1500, 0.5, 0.25, 0.25, 0}; !equalFloats(got, want) {
		t.Errorf("applied %v, want %v (shares in the split's key order, zero share kept)", got, want)
	}
	// Back to coordinates: log shares, which give the same shares (the
	// regression adjustment's rows come back this way).
	if back := p.applied(p.coordinates(got)); !equalFloats(back, got) {
		t.Errorf("applied(coordinates(%v)) = %v", got, back)
	}
	if cols := strings.Join(p.columns(), " "); cols != "inflow.arrivals.rate moves.ethos6.to.exit moves.ethos6.to.ethos1 moves.ethos6.to.ethos5 moves.ethos6.to.shelter" {
		t.Errorf("columns %q", cols)
	}
	if _, err := p.Simulate(context.Background(), theta, 1); err != nil {
		t.Fatal(err)
	}

	// Two particles; the second fits better, so it is the representative.
	res := &Result{Posterior: Posterior{Params: names, Weights: []float64{0.5, 0.5},
		Particles: [][]float64{{1000, 0, 0, ln(2)}, {1500, ln(2), 0, 0}}},
		Targets: p.Targets, Replicates: [][]float64{{900}, {705}}}
	ms := p.Marginals(res)
	if len(ms) != 4 {
		t.Fatalf("%d marginals, want the scalar and three shares", len(ms))
	}
	if m := ms[1]; m.Name != "moves.ethos6.to.exit" || m.Prior.Kind != dist.Beta || m.Prior.P["alpha"] != 10 || m.Prior.P["beta"] != 10 ||
		!equalFloats(m.Values, []float64{0.25, 0.5}) {
		t.Errorf("exit share marginal %+v, want Beta(10, 10) and values 0.25, 0.5", m)
	}
	text, post := p.CalibratedScenario(res, "split-calibrated", "split", "split-calibrated.posterior.csv", Method, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	if !strings.Contains(text, "shares: {exit: 0.5, ethos1: 0.25, ethos5: 0.25, shelter: 0}") {
		t.Errorf("calibrated scenario does not set the representative's shares:\n%s", text)
	}
	for _, row := range post.Particles {
		var sum float64
		for j, c := range post.Params {
			if strings.HasPrefix(c, "moves.ethos6.to.") {
				sum += row[j]
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("posterior row %v: the split's shares sum to %g", row, sum)
		}
	}
	// The posterior's split columns are the ones a sweep applies, named as
	// runs.csv names them.
	varied := uncertainty.Priors(sc)
	var splitCols []string
	for _, v := range varied {
		if v.Kind == uncertainty.Shares {
			splitCols = v.Names()
		}
	}
	if !strings.Contains(strings.Join(post.Params, " "), strings.Join(splitCols, " ")) {
		t.Errorf("posterior columns %v lack the split's %v", post.Params, splitCols)
	}
}

// TestCalibratedSplitRun fits the split scenario for real, briefly, and
// writes every output: the sampler moves the weights within their support
// and the reports show shares.
func TestCalibratedSplitRun(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates")
	}
	_, p := splitProblem(t)
	cfg := Config{Params: p.Parameters(), Targets: p.Targets, N: 40, Seed: 3, Workers: 2, Budget: 120}
	res, err := Run(context.Background(), cfg, p.Simulate)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := WriteOutputs(dir, p, res, NewSummary(p, cfg, res, "test", time.Second, nil, time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := WriteFigures(dir, p, res); err != nil {
		t.Fatal(err)
	}
	// Every table is described, column by column, and reads cleanly.
	if err := output.CheckDataPackage(dir); err != nil {
		t.Error(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "parameters.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.Split(line, ",")
		if strings.HasPrefix(f[0], "moves.ethos6.to.") {
			for _, x := range f[3:] {
				if v, err := strconv.ParseFloat(x, 64); err != nil || v < 0 || v > 1 {
					t.Errorf("parameters.csv: %s: %s is not a share", f[0], x)
				}
			}
		}
	}
}

// splitProblem is testdata/split.yaml fitted to one count.
func splitProblem(t *testing.T) (*scenario.Scenario, *Problem) {
	t.Helper()
	sc, err := scenario.Loader{}.Load("testdata/split.yaml")
	if err != nil {
		t.Fatal(err)
	}
	series, err := observed.Parse("obs.yaml", []byte(`name: obs
description: "a count"
unit: people
source: "test"
margin: "one standard deviation"
role: fit
model: {metric: cbs_count, aggregate: mean, note: "the stock"}
observations:
  - {date: 2022-01-01, value: 700, sd: 30}
`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProblem(sc, []*observed.Series{series}, 0, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	return sc, p
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}
