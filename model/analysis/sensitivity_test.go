package analysis

import (
	"bytes"
	"context"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sensitivity"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

var loader = scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}

func load(t testing.TB, file string) *scenario.Scenario {
	t.Helper()
	sc, err := loader.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// queueTarget tests the mean number waiting for shelter in 2030.
var queueTarget = target.Target{ID: "Q", Year: 2030, Metric: "rough_sleeping_lack_of_shelter", Aggregate: target.Mean, Comparator: "<", Threshold: 10}

// TestSensitivityQueue: in the M/M/c queue the arrival rate drives the
// queue and the stay in a state nobody enters does not. With common
// random numbers every run of a trajectory shares its seed, and the
// unused stay draws no random numbers, so its elementary effects are
// exactly 0.
func TestSensitivityQueue(t *testing.T) {
	sc := load(t, "testdata/mmc-uncertain.yaml")
	for _, c := range []struct {
		method Method
		reps   int
	}{
		{Morris{sensitivity.Morris{Trajectories: 6}}, 1},
		{Sobol{sensitivity.Saltelli{N: 32}}, 2},
	} {
		t.Run(c.method.Name(), func(t *testing.T) {
			cfg := Config{Scenario: sc, Targets: []target.Target{queueTarget}, Method: c.method, Replications: c.reps, Seed: 1, Workers: 2}
			fs, runs := RunsNeeded(cfg)
			if len(fs) != 2 || fs[0].Name != "inflow.arrivals.rate" || fs[1].Name != "moves.ethos3.stay" {
				t.Fatalf("factors %v", fs)
			}
			if want := c.method.Points(2) * c.reps; runs != want {
				t.Errorf("RunsNeeded %d, want %d", runs, want)
			}
			done := 0
			cfg.Progress = func(d, total int) { done = d }
			res, err := Sensitivity(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if done != runs {
				t.Errorf("progress reached %d of %d", done, runs)
			}
			o := res.Outputs[0]
			if o.Name != "Q" || !o.Target || o.Unit != "people" {
				t.Fatalf("first output %+v", o)
			}
			if got := res.Outputs[1].Name; got != "cbs_count.jan1.2021" {
				t.Errorf("second output %s, want the first key series", got)
			}
			if (o.Noise != nil) != (c.reps > 1) {
				t.Errorf("noise split %v with %d replications", o.Noise, c.reps)
			}
			if r := o.Ranked(); r[0] != 0 {
				t.Errorf("ranking %v: the arrival rate should lead", r)
			}
			arrivals, unused := o.Indices[0][o.main()], o.Indices[1][o.main()]
			if c.method.Name() == "morris" && unused.Value != 0 {
				t.Errorf("μ* of the unused stay %v, want exactly 0", unused.Value)
			}
			if arrivals.Low <= 0 || unused.Value > 0.05*arrivals.Value {
				t.Errorf("arrivals %+v, unused %+v", arrivals, unused)
			}
			var csv bytes.Buffer
			if err := res.WriteCSV(&csv); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(csv.String(), "method,output,parameter,index,value,low,high\n"+c.method.Name()+",Q,") {
				t.Errorf("sensitivity.csv starts %q", csv.String()[:80])
			}
			checkPackage(t, res.Package(), map[string]func(io.Writer) error{"sensitivity.csv": res.WriteCSV})
			for _, lang := range []string{"en", "nl"} {
				var tab bytes.Buffer
				if err := res.WriteTable(&tab, lang, 5); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(tab.String(), "inflow.arrivals.rate") {
					t.Errorf("%s table:\n%s", lang, tab.String())
				}
				if _, err := res.Tornado(&res.Outputs[0], lang); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestSensitivityErrors(t *testing.T) {
	sc := load(t, "testdata/mmc-uncertain.yaml")
	fixed := load(t, "testdata/mmc.yaml")
	late := queueTarget
	late.Year = 2070
	for _, c := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no scenario", Config{}, "analysis: no scenario"},
		{"replications", Config{Scenario: sc, Replications: -1}, "analysis: -1 replications and 0 workers; want 0 or more"},
		{"nothing varies", Config{Scenario: fixed}, "analysis: scenario mmc has no uncertain parameter to vary"},
		{"target year", Config{Scenario: sc, Targets: []target.Target{late}}, "analysis: scenario mmc-uncertain: targets: targets[0].year: 2070 is outside the run's whole years 2021-2060 (target Q)"},
		{"morris levels", Config{Scenario: sc, Method: Morris{sensitivity.Morris{Levels: 3}}}, "sensitivity: Morris with 3 levels; want an even number, 2 or more"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Sensitivity(context.Background(), c.cfg)
			if err == nil || err.Error() != c.want {
				t.Errorf("error %v\nwant      %s", err, c.want)
			}
		})
	}
}

// TestPosteriorRanks: with the calibrated parameters drawn jointly (one
// factor, posterior), Sobol' draws enough distinct rows to say which
// column goes with the queue: the arrival rate, not the unused stay.
// Morris puts the factor on a few levels, draws a few rows, and says so
// instead of correlating over them.
func TestPosteriorRanks(t *testing.T) {
	sc := load(t, "testdata/mmc-posterior.yaml")
	cfg := Config{Scenario: sc, Targets: []target.Target{queueTarget}, Method: Sobol{sensitivity.Saltelli{N: 32}}, Seed: 1, Workers: 2}
	res, err := Sensitivity(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Factors) != 1 || res.Factors[0] != "posterior" {
		t.Fatalf("factors %v, want the posterior alone", res.Factors)
	}
	if res.PosteriorRows < minPosteriorRows {
		t.Fatalf("%d distinct rows drawn", res.PosteriorRows)
	}
	w := res.Outputs[0].Within
	if len(w) != 2 || w[0].Column != "inflow.arrivals.rate" || w[0].Low < 0.5 || w[0].Points != res.PosteriorRows {
		t.Fatalf("within the posterior: %+v; want the arrival rate first, clearly positive", w)
	}
	if math.Abs(w[1].Rho) >= math.Abs(w[0].Rho) {
		t.Errorf("the unused stay (%+v) goes with the queue as much as the rate", w[1])
	}
	var tab bytes.Buffer
	if err := res.WriteTable(&tab, "en", 5); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tab.String(), "within the posterior, rank correlation over the") {
		t.Errorf("table:\n%s", tab.String())
	}
	checkPackage(t, res.Package(), map[string]func(io.Writer) error{"sensitivity.csv": res.WriteCSV, "posterior-ranks.csv": res.WritePosteriorRanks})

	cfg.Method = Morris{sensitivity.Morris{Trajectories: 10}}
	res, err = Sensitivity(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.HasPosteriorRanks() || res.PosteriorRows == 0 || res.PosteriorRows >= minPosteriorRows {
		t.Fatalf("Morris: %d distinct rows, ranks %v", res.PosteriorRows, res.HasPosteriorRanks())
	}
	tab.Reset()
	if err := res.WriteTable(&tab, "nl", 5); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tab.String(), "te weinig om te zeggen welke bij elke uitkomst horen") {
		t.Errorf("Morris table does not say why there are no ranks:\n%s", tab.String())
	}
}
