package costs_test

import (
	"context"
	"fmt"
	"math"

	"github.com/thuis-nl/thuis/model/costs"
	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/scenarios"
)

// Cost one run of the small test scenario with the shipped unit costs.
func ExampleCompute() {
	uc, err := costs.Shipped()
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, err := scenario.Loader{Shipped: scenarios.FS}.Load("../sweep/testdata/small.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := sim.Run(context.Background(), sc, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := costs.Compute(res, uc)
	if err != nil {
		fmt.Println(err)
		return
	}
	y := len(s.Years) - 1
	fmt.Printf("%d: shelter %.1f, support %.1f, homes %.1f, prevention %.1f million euros\n", s.Years[y],
		(s.Year(y, costs.ShelterEmergency)+s.Year(y, costs.ShelterLarge)+s.Year(y, costs.ShelterSmall))/1e6,
		s.Year(y, costs.Support)/1e6, s.Year(y, costs.Homes)/1e6, s.Year(y, costs.Prevention)/1e6)
	var nights float64
	for _, n := range s.ShelterNights {
		nights += n
	}
	little := res.Little[ethos.EmergencyShelter].Area + res.Little[ethos.ResidentialShelter].Area
	fmt.Println("shelter nights priced = integral of occupancy:", math.Abs(nights-little) < 1e-6*little)
	// Output:
	// 2030: shelter 5.0, support 34.3, homes 5.0, prevention 3.4 million euros
	// shelter nights priced = integral of occupancy: true
}

// A unit cost without a range for its assumption is refused, with where
// and why.
func ExampleParse() {
	_, err := costs.Parse("my-costs.yaml", []byte(`shelter:
  emergency: {value: 41, unit: euro/person-night, price_year: 2025, payer: centrumgemeente, assumption: "a guess"}
`))
	fmt.Println(err)
	// Output:
	// my-costs.yaml:1: homes: missing required field
	// my-costs.yaml:1: prevention: missing required field
	// my-costs.yaml:1: societal: missing required field
	// my-costs.yaml:1: support: missing required field
	// my-costs.yaml:2: shelter.emergency.range: missing: an assumption needs a plausible range: [low, high]
	// my-costs.yaml:2: shelter.large: missing required field
	// my-costs.yaml:2: shelter.small: missing required field
}

// Two scenarios run with the same seeds, paired run by run: the
// difference in spend has a band over the runs, and so has the Wonen
// Eerst ratio.
func ExamplePaired() {
	uc, err := costs.Shipped()
	if err != nil {
		fmt.Println(err)
		return
	}
	load := scenario.Loader{Shipped: scenarios.FS}
	base, err := load.Load("../sweep/testdata/small.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	alt, err := load.Parse("../sweep/testdata/more.yaml", []byte(`name: more
extends: small
housing:
  programme:
    clustered: {unit: units/year, choice: "more clustered homes", schedule: {2023-01-01: 25, 2025-01-01: 300}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	var runs [2][]*costs.Spend
	for k, sc := range []*scenario.Scenario{base, alt} {
		for seed := uint64(1); seed <= 3; seed++ {
			res, err := sim.Run(context.Background(), sc, seed)
			if err != nil {
				fmt.Println(err)
				return
			}
			s, err := costs.Compute(res, uc)
			if err != nil {
				fmt.Println(err)
				return
			}
			runs[k] = append(runs[k], s)
		}
	}
	c, err := costs.Paired(runs[0], runs[1], uc, 2023)
	if err != nil {
		fmt.Println(err)
		return
	}
	t := c.Rows[len(c.Rows)-1]
	fmt.Printf("2023-2030: %s costs %.0f million euros more than %s (90%% band %.0f to %.0f)\n", c.Alt, t.Diff.Median/1e6, c.Base, t.Diff.Low/1e6, t.Diff.High/1e6)
	fmt.Printf("Wonen Eerst ratio %.2f; %.2f to %.2f as the societal cost goes from %.0f to %.0f euros\n",
		t.Ratio.Median, t.RatioLow.Median, t.RatioHigh.Median, c.Societal.Range[0], c.Societal.Range[1])
	// Output:
	// 2023-2030: more costs 144 million euros more than small (90% band 138 to 159)
	// Wonen Eerst ratio 0.60; 0.23 to 1.50 as the societal cost goes from 15000 to 100000 euros
}
