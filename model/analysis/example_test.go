package analysis_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sensitivity"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
)

// Which of two uncertain parameters drives the queue for shelter of an
// M/M/c system: the arrival rate, or the stay in a state nobody enters?
func ExampleSensitivity() {
	sc, err := scenario.Loader{}.Load("testdata/mmc-uncertain.yaml")
	if err != nil {
		log.Fatal(err)
	}
	queue := target.Target{ID: "queue", Year: 2030, Metric: "rough_sleeping_lack_of_shelter", Aggregate: target.Mean, Comparator: "<", Threshold: 10}
	cfg := analysis.Config{Scenario: sc, Targets: []target.Target{queue}, Method: analysis.Morris{Morris: sensitivity.Morris{Trajectories: 6}}, Seed: 1}
	factors, runs := analysis.RunsNeeded(cfg)
	fmt.Printf("%d factors, %d runs\n", len(factors), runs)
	res, err := analysis.Sensitivity(context.Background(), cfg)
	if err != nil {
		log.Fatal(err)
	}
	o := res.Outputs[0]
	for _, f := range o.Ranked() {
		fmt.Printf("%-22s μ* = %.1f\n", res.Factors[f], o.Indices[f][0].Value)
	}
	// Output:
	// 2 factors, 18 runs
	// inflow.arrivals.rate   μ* = 3.9
	// moves.ethos3.stay      μ* = 0.0
}

// How many shelter places does an M/M/c queue (1,000 arrivals a year,
// stays of a month) need for half the runs to have a mean wait under 6
// days? Erlang C gives waits of 7.9 days for 86 places and 4.9 for 87.
func ExampleRequire() {
	sc, err := scenario.Loader{}.Load("testdata/mmc-lever.yaml")
	if err != nil {
		log.Fatal(err)
	}
	wait := target.Target{ID: "wait", Year: 2030, Metric: "shelter_wait_mean_days", Aggregate: target.Run, Comparator: "<", Threshold: 6}
	req, err := analysis.Require(context.Background(), analysis.RequireConfig{Scenario: sc, Target: wait, Lever: "shelter.emergency",
		Range: []float64{84, 92}, Prob: 0.5, Runs: 10, Grid: 5, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range req.Points {
		fmt.Printf("c = %.0f: %2d of %d runs wait less than 6 days on average\n", p.Value, p.Reached, req.Runs)
	}
	fmt.Printf("smallest c: %.0f (95%% interval %.0f to %.0f)\n", req.Value, req.Low, req.High)
	// Output:
	// c = 84:  0 of 10 runs wait less than 6 days on average
	// c = 86:  2 of 10 runs wait less than 6 days on average
	// c = 87:  8 of 10 runs wait less than 6 days on average
	// c = 88: 10 of 10 runs wait less than 6 days on average
	// c = 90: 10 of 10 runs wait less than 6 days on average
	// c = 92: 10 of 10 runs wait less than 6 days on average
	// smallest c: 87 (95% interval 86 to 87)
}

// Scenario discovery over a finished sweep: in which box of levers and
// assumptions is a target missed?
func ExampleDiscover() {
	dir, err := os.MkdirTemp("", "discover")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// A sweep's manifest and runs.csv, as thuis sweep --levers writes them:
	// target T is missed when the lever x is at most 1 and assumption a
	// at least 6.
	man := sweep.Manifest{Runs: 250, Replications: 1, Scenarios: []sweep.ScenarioInfo{{Name: "s", Columns: []string{"a"},
		Levers: []string{"x"}, Policies: [][]float64{{0}, {1}, {2}, {3}}}}}
	data, _ := json.Marshal(man)
	os.WriteFile(filepath.Join(dir, "sweep-config.json"), data, 0o644)
	runs := "run,policy,sample,replication,seed,events,lever.x.value,a,T.value,T.reached,T.first_reached\n"
	for i := 0; i < 1000; i++ {
		x, a := i/250, float64(i%250)/25
		runs += fmt.Sprintf("%d,%d,0,0,1,1,%d,%g,0,%t,\n", i, x, x, a, !(x <= 1 && a >= 6))
	}
	os.WriteFile(filepath.Join(dir, "runs.csv"), []byte(runs), 0o644)
	d, err := analysis.Discover(analysis.DiscoverConfig{Dir: dir, Target: "T", MinDensity: 1})
	if err != nil {
		log.Fatal(err)
	}
	st := d.Trajectory.Steps[d.Chosen]
	fmt.Printf("%d misses; box with coverage %.2f, density %.2f:\n", d.Missed, st.Coverage, st.Density)
	for _, l := range d.Limits {
		fmt.Println(l)
	}
	// Output:
	// 200 misses; box with coverage 0.98, density 1.00:
	// x ≤ 1
	// a ≥ 6.08
}
