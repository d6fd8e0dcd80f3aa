package sim

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// TestCategoricalIsBisection checks that the table lookup of region and
// profile draws gives the index bisection gives, for every u: random
// ones, the table's own boundaries and the cumulative values themselves
// (and their neighbours), with regions of zero weight among them.
func TestCategoricalIsBisection(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := [][]float64{
		{1},
		{0.5, 0.5, 1},
		{0, 0, 0.25, 0.25, 0.25, 1},
		{1.0 / 1024, 2.0 / 1024, 3.0 / 1024, 1},
	}
	random := make([]float64, 43)
	acc := 0.0
	for i := range random {
		acc += r.Float64()
		random[i] = acc
	}
	for i := range random {
		random[i] /= acc
	}
	random[len(random)-1] = 1
	cases = append(cases, random)
	for _, cum := range cases {
		c := newCategorical(cum)
		us := []float64{0, math.Nextafter(1, 0)}
		for b := 0; b < tableSize; b++ {
			u := float64(b) / tableSize
			us = append(us, u, math.Nextafter(u, 0), math.Nextafter(u, 1))
		}
		for _, v := range cum {
			us = append(us, v, math.Nextafter(v, 0), math.Nextafter(v, 1))
		}
		for range 100000 {
			us = append(us, r.Float64())
		}
		for _, u := range us {
			if u < 0 || u >= 1 {
				continue
			}
			if got, want := c.index(u), sort.SearchFloat64s(cum, u); got != want {
				t.Fatalf("cum %v, u %v: index %d, bisection %d", cum, u, got, want)
			}
		}
	}
}
