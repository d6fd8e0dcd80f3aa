package scenario_test

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// Load the shipped baseline and look at one of its parameters.
func ExampleLoader_Load() {
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	s, err := l.Load("history")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("name:", s.Name)
	fmt.Println("regions:", len(s.Regions), "in", s.RegionSet)
	fmt.Println("period:", s.Start.Format("2006-01-02"), "to", s.End.Format("2006-01-02"))
	for _, in := range s.Inflow {
		if in.Name == "eviction_private" {
			m := in.Rate.Info()
			fmt.Println("private evictions:", m.Unit+",", m.Status)
			fmt.Println("in 2016:", in.Rate.At(s.Start.AddDate(7, 0, 0)))
		}
	}
	// Output:
	// name: history
	// regions: 43 in centrumgemeenten-43
	// period: 2009-01-01 to 2023-01-01
	// private evictions: people/year, observed
	// in 2016: 3300
}

// A report prints a scenario's description in its own language.
func ExampleScenario_DescriptionIn() {
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	s, err := l.Parse("my-variant.yaml", []byte(`name: my-variant
description:
  nl: "Het plan met 4.000 geclusterde woningen per jaar vanaf 2025."
  en: "The plan with 4,000 clustered homes a year from 2025."
extends: eerst-een-thuis
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.DescriptionIn("nl"))
	fmt.Println(s.DescriptionIn("en"))
	// Output:
	// Het plan met 4.000 geclusterde woningen per jaar vanaf 2025.
	// The plan with 4,000 clustered homes a year from 2025.
}
