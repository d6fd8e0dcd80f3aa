package analysis_test

import (
	"context"
	"fmt"
	"log"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sensitivity"
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
