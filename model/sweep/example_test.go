package sweep_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

// Replay run 1 of a small sweep: the same seed and sampled values, so the
// same events as the sweep's row in runs.csv.
func ExampleNewReplay() {
	tmp, err := os.MkdirTemp("", "replay")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	sc, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Load("testdata/small.yaml")
	if err != nil {
		log.Fatal(err)
	}
	data, err := scenarios.FS.ReadFile("targets.yaml")
	if err != nil {
		log.Fatal(err)
	}
	targets, err := target.Parse("scenarios/targets.yaml", data)
	if err != nil {
		log.Fatal(err)
	}
	dir := filepath.Join(tmp, "sweep")
	cfg := sweep.Config{Scenarios: []*scenario.Scenario{sc}, Targets: targets, Runs: 2, Replications: 2, Seed: 1, Sampler: "lhs", Out: dir}
	if _, err := sweep.Run(context.Background(), cfg); err != nil {
		log.Fatal(err)
	}

	r, err := sweep.NewReplay(sweep.ReplayConfig{Dir: dir, Run: 1, Targets: targets})
	if err != nil {
		log.Fatal(err)
	}
	res, err := sim.Run(context.Background(), r.Scenario, r.Seed)
	if err != nil {
		log.Fatal(err)
	}
	runs, err := os.ReadFile(filepath.Join(dir, "runs.csv"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("run %d: sample %d, replication %d; first sampled column %s\n", r.Run, r.Sample, r.Replication, r.Columns[0])
	row := fmt.Sprintf("\nsmall,1,0,1,%s,%d,%s,", output.Seed(r.Seed), res.Events, output.NumOrEmpty(r.Values[0]))
	fmt.Println("seed, events and value as in runs.csv:", strings.Contains(string(runs), row))
	// Output:
	// run 1: sample 0, replication 1; first sampled column moves.ethos1.stay.factor
	// seed, events and value as in runs.csv: true
}
