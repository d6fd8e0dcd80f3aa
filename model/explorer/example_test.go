package explorer_test

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/explorer"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/scenarios"
)

// The controls of the plan, and the variant that moving two of them
// makes: a scenario file for thuis validate and thuis run.
func ExampleVariant() {
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	plan, err := l.Load("eerst-een-thuis")
	if err != nil {
		fmt.Println(err)
		return
	}
	controls, err := explorer.Controls(plan)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range controls[:2] {
		fmt.Printf("%s: %v (%s)\n", c.ID, c.Default, c.When)
	}
	y, err := explorer.Variant(plan, controls, explorer.Settings{"clustered": 4000, "afbouw-first": 2028})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(y))
	// Output:
	// new-build: 31250 (2023-01-01)
	// clustered: 2000 (2025-01-01)
	// # A variant of eerst-een-thuis made in the thuis explorer. Check it and run it with
	// #   thuis validate FILE && thuis diff FILE && thuis run FILE --seed 1
	// # which reproduces the explorer's first run (seed 1).
	// name: eerst-een-thuis-variant
	// description: "eerst-een-thuis with Wonen Eerst homes per year (clustered, with support): 4000; large-scale shelter closed in the first 22 regions by: 2028"
	// extends: eerst-een-thuis
	// housing:
	//   programme:
	//     clustered: {unit: units/year, choice: "explorer: Wonen Eerst homes per year (clustered, with support): 4000 (unchanged: 2000)", schedule: {2023-01-01: 500, 2025-01-01: 4000}}
	// shelter:
	//   schedules:
	//     - name: large-first-22-by-2025
	//       factor: {unit: factor, choice: "explorer: large-scale shelter closed in the first 22 regions by: 2028 (unchanged: 2025)", schedule: {2023-01-01: 1, 2028-01-01: 0}}
}
