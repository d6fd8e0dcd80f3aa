package column_test

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/column"
)

// Parameter paths, target ids and regions become column names that R,
// readr and pandas keep as they are.
func ExampleSlug() {
	for _, s := range []string{"regions.'s-Hertogenbosch", "T1-count-below-2021", "inflow.life_events.rate@2025-01-01"} {
		name := column.Slug(s) + ".value"
		fmt.Println(name, column.Safe(name))
	}
	// Output:
	// regions.s_Hertogenbosch.value true
	// T1_count_below_2021.value true
	// inflow.life_events.rate.at_2025_01_01.value true
}
