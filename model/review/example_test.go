package review_test

import (
	"context"
	"fmt"
	"os"

	"github.com/thuis-nl/thuis/model/costs"
	"github.com/thuis-nl/thuis/model/review"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

// Review the small test plan against its baseline with a few runs, and
// say which targets are on track and what the model makes of the plan's
// key assumptions.
func ExampleBuild() {
	loader := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	alt, err := loader.Load("testdata/small.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	base, err := loader.Load("testdata/small-baseline.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	uc, err := costs.Shipped()
	if err != nil {
		fmt.Println(err)
		return
	}
	data, _ := scenarios.FS.ReadFile("targets.yaml")
	targets, err := target.Parse("scenarios/targets.yaml", data)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "review")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	rv, err := review.Build(context.Background(), review.Config{Scenario: alt, Baseline: base, Targets: targets, UnitCosts: uc,
		Runs: 4, LeverRuns: 2, LeverGrid: 2, Seed: 1, Out: dir})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range rv.Targets {
		if t.OnTrack {
			fmt.Printf("%s on track (%.0f%%)\n", t.Target.ID, 100*t.Probability)
		}
	}
	for _, a := range rv.Assumptions {
		fmt.Printf("%s: %s\n", a.Key, a.Verdict)
	}
	// Output:
	// T1-count-below-2021 on track (100%)
	// T6-no-homelessness-after-eviction on track (100%)
	// afbouw: uncertain
	// prevention: uncertain
	// homes: not_supported
	// urgency: cannot_judge
}
