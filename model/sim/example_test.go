package sim_test

import (
	"context"
	"fmt"

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
