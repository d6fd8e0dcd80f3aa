package scenario_test

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// Load the shipped baseline and look at one of its parameters.
func ExampleLoader_Load() {
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	s, err := l.Load("baseline")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("name:", s.Name)
	fmt.Println("regions:", len(s.Regions), "in", s.RegionSet)
	fmt.Println("period:", s.Start.Format("2006-01-02"), "to", s.End.Format("2006-01-02"))
	for _, in := range s.Inflow {
		if in.Name == "eviction" {
			m := in.Rate.Info()
			fmt.Println("eviction rate:", m.Unit+",", m.Status)
			fmt.Println("evictions in 2022:", in.Rate.At(s.Start.AddDate(1, 0, 0)))
		}
	}
	// Output:
	// name: baseline
	// regions: 43 in centrumgemeenten-43
	// period: 2021-01-01 to 2031-01-01
	// eviction rate: people/year, observed
	// evictions in 2022: 9500
}
