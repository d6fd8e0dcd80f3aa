package sim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
)

// A full large-scale shelter whose residents wait for homes that never
// come: they keep their places (blocking), so people who ask for shelter
// sleep rough for lack of it.
func ExampleRun() {
	sc, err := scenario.Loader{}.Load("testdata/closing.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := sim.Run(context.Background(), sc, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	last := res.Snapshots[len(res.Snapshots)-1]
	fmt.Printf("%s: %d of %d large-scale places occupied, %d people waiting on the street for shelter\n",
		last.Date.Format("2006-01-02"), last.Occupied[1], last.Capacity[1], last.LackOfShelter[0])
	// Output:
	// 2023-01-01: 100 of 100 large-scale places occupied, 190 people waiting on the street for shelter
}

// A variant that closes the shelter during 2022 continues the run of the
// unchanged scenario from its state on 1 January 2022, and gives what
// the variant run from the start gives. (The places close when empty, and
// their residents, waiting for homes that never come, stay.)
func ExampleCheckpoint_Continue() {
	l := scenario.Loader{}
	sc, err := l.Load("testdata/closing.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	variant, err := l.Parse("testdata/closing-2022.yaml", []byte(`name: closing-2022
description: "The large-scale places close during 2022."
extends: closing
shelter:
  schedules:
    - kind: large
      regions: all
      factor: {unit: factor, choice: "closed by 2023", schedule: {2022-01-01: 1, 2023-01-01: 0}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, cps, err := sim.RunKeeping(context.Background(), sc, 1, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	continued, err := cps[0].Continue(context.Background(), variant)
	if err != nil {
		fmt.Println(err)
		return
	}
	whole, err := sim.Run(context.Background(), variant, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, res := range []*sim.Result{continued, whole} {
		last := res.Snapshots[len(res.Snapshots)-1]
		fmt.Printf("%s: %d large-scale places, %d occupied; %d events\n",
			last.Date.Format("2006-01-02"), last.Capacity[1], last.Occupied[1], res.Events)
	}
	// Output:
	// 2023-01-01: 0 large-scale places, 100 occupied; 390 events
	// 2023-01-01: 0 large-scale places, 100 occupied; 390 events
}
