package observed_test

import (
	"context"
	"fmt"

	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/scenarios"
)

// The shipped CBS series: a figure of a year is compared with the mean of
// that year's monthly snapshots, a figure of 1 January with that day's.
func ExampleLoadFS() {
	s, err := observed.LoadFS(scenarios.FS, "cbs")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Role, s.Model.Terms[0].Name())
	for _, o := range s.Observations[9:] {
		fmt.Printf("%s: %.0f [%.0f, %.0f], sd %.0f, model: %s\n", o.Reference, o.Value, o.Low, o.High, o.SD(), o.Aggregate)
	}
	// Output:
	// cbs-feitelijk-daklozen fit cbs_count
	// year 2018: 39300 [33500, 48200], sd 3750, model: mean
	// 1 January 2020: 36400 [33000, 41200], sd 2092, model: snapshot
	// 1 January 2021: 32000 [29400, 35600], sd 1582, model: snapshot
}

// A series of people waiting on the street for a shelter place, compared
// with a run of a full shelter whose residents wait for homes that never
// come (model/sim/testdata/closing.yaml, 2021-2022).
func ExampleSeries_Simulate() {
	s, err := observed.Parse("waiting.yaml", []byte(`name: waiting
description: People sleeping rough for lack of a shelter place, an invented example.
unit: people
source: none, an example
margin: an invented sd
role: check
model: {metric: rough_sleeping_lack_of_shelter, aggregate: mean, note: the mean of the year's snapshots}
observations:
  - {year: 2021, value: 50, sd: 10}
  - {date: 2022-07-01, value: 150, sd: 30}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, err := scenario.Loader{}.Load("../sim/testdata/closing.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := sim.Run(context.Background(), sc, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	model, err := s.Simulate(res)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, o := range s.Observations {
		fmt.Printf("%s: observed %.0f, model %.1f\n", o.Reference, o.Value, model[i])
	}
	// Output:
	// year 2021: observed 50, model 48.8
	// 1 July 2022: observed 150, model 151.0
}
