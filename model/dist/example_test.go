package dist_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/thuis-nl/thuis/model/dist"
)

// People present at the start are part-way through their stay: with stays
// of gamma(mean 6, sd 4) months, their remaining stays average 4.3 months,
// not 6, and are drawn in days.
func ExampleSpec_EquilibriumSampler() {
	stay := dist.Spec{Kind: dist.Gamma, P: map[string]float64{"mean": 6, "sd": 4}}
	if err := stay.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	const daysPerMonth = 30
	r := stay.EquilibriumSampler(rand.NewPCG(1, 2), daysPerMonth)
	const n = 100000
	var sum float64
	for range n {
		sum += r.Rand()
	}
	fmt.Printf("stay %.0f days on average, remaining %.0f days (sample of %d: %.0f)\n",
		stay.Mean()*daysPerMonth, stay.EquilibriumMean()*daysPerMonth, n, sum/n)
	// Output:
	// stay 180 days on average, remaining 130 days (sample of 100000: 130)
}

func ExampleSpec_EquilibriumMean() {
	for _, s := range []dist.Spec{
		{Kind: dist.Fixed, P: map[string]float64{"value": 6}},
		{Kind: dist.Exponential, P: map[string]float64{"mean": 6}},
		{Kind: dist.Gamma, P: map[string]float64{"mean": 6, "sd": 4}},
		{Kind: dist.LogNormal, P: map[string]float64{"mean": 6, "sd": 12}},
	} {
		if err := s.Validate(); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-30v mean %g, remaining %.3g\n", s, s.Mean(), s.EquilibriumMean())
	}
	// Output:
	// fixed(value=6)                 mean 6, remaining 3
	// exponential(mean=6)            mean 6, remaining 6
	// gamma(mean=6, sd=4)            mean 6, remaining 4.33
	// lognormal(mean=6, sd=12)       mean 6, remaining 15
}
