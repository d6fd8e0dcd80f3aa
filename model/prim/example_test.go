package prim_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/thuis-nl/thuis/model/prim"
)

// Scenario discovery on 1000 runs of a model: when is the target of
// halving homelessness missed? It is missed when stays in shelter are long
// (over 9 months) and the housing programme is not "scaled up", with some
// noise.
func Example() {
	rnd := rand.New(rand.NewPCG(1, 2))
	const n = 1000
	stay := prim.Column{Name: "stay (months)", Values: make([]float64, n)}
	inflow := prim.Column{Name: "inflow (per year)", Values: make([]float64, n)}
	programme := prim.Column{Name: "programme", Values: make([]float64, n), Levels: []string{"current", "doubled", "scaled up"}}
	missed := make([]bool, n)
	for i := range missed {
		stay.Values[i] = 3 + 12*rnd.Float64()
		inflow.Values[i] = 8000 + 4000*rnd.Float64()
		programme.Values[i] = float64(rnd.IntN(3))
		missed[i] = stay.Values[i] > 9 && programme.Values[i] != 2
		if rnd.Float64() < 0.05 {
			missed[i] = rnd.IntN(2) == 0
		}
	}
	tr, err := prim.Find([]prim.Column{stay, inflow, programme}, missed, &prim.Options{Paste: true})
	if err != nil {
		log.Fatal(err)
	}
	s := tr.Knee()
	st := tr.Steps[s]
	fmt.Printf("step %d of %d: coverage %.2f, density %.2f, mass %.2f\n", s, len(tr.Steps)-1, st.Coverage, st.Density, st.Mass)
	limits, err := tr.Restrictions(s)
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range limits {
		fmt.Printf("%v (quasi-p %.1g)\n", l, l.QuasiP)
	}
	// Output:
	// step 14 of 18: coverage 0.97, density 0.96, mass 0.33
	// stay (months) ≥ 8.98 (quasi-p 7e-80)
	// programme in {current, doubled} (quasi-p 1e-45)
}

func ExampleTrajectory_Choose() {
	// Cases of interest when x is in [0.3, 0.7].
	x := prim.Column{Name: "x", Values: make([]float64, 200)}
	y := make([]bool, 200)
	for i := range y {
		x.Values[i] = float64(i) / 199
		y[i] = 0.3 <= x.Values[i] && x.Values[i] <= 0.7
	}
	tr, err := prim.Find([]prim.Column{x}, y, nil)
	if err != nil {
		log.Fatal(err)
	}
	for s, st := range tr.Steps {
		fmt.Printf("step %2d  coverage %.2f  density %.2f  mass %.3f  %v\n", s, st.Coverage, st.Density, st.Mass, st.Box[0])
	}
	if s, ok := tr.Choose(0.95); ok {
		fmt.Printf("highest coverage at density ≥ 0.95: step %d, %v\n", s, tr.Steps[s].Box[0])
	}
	// Output:
	// step  0  coverage 1.00  density 0.40  mass 1.000  x unrestricted
	// step  1  coverage 1.00  density 0.42  mass 0.950  x ≥ 0.05025
	// step  2  coverage 1.00  density 0.44  mass 0.900  x ≥ 0.1005
	// step  3  coverage 1.00  density 0.47  mass 0.855  x ≥ 0.1457
	// step  4  coverage 1.00  density 0.49  mass 0.810  x ≥ 0.191
	// step  5  coverage 1.00  density 0.52  mass 0.765  x ≥ 0.2362
	// step  6  coverage 1.00  density 0.55  mass 0.725  x ≥ 0.2764
	// step  7  coverage 1.00  density 0.58  mass 0.685  x in [0.2764, 0.9598]
	// step  8  coverage 1.00  density 0.62  mass 0.650  x in [0.2764, 0.9246]
	// step  9  coverage 1.00  density 0.65  mass 0.615  x in [0.2764, 0.8894]
	// step 10  coverage 1.00  density 0.69  mass 0.580  x in [0.2764, 0.8543]
	// step 11  coverage 1.00  density 0.73  mass 0.550  x in [0.2764, 0.8241]
	// step 12  coverage 1.00  density 0.77  mass 0.520  x in [0.2764, 0.794]
	// step 13  coverage 1.00  density 0.82  mass 0.490  x in [0.2764, 0.7638]
	// step 14  coverage 1.00  density 0.86  mass 0.465  x in [0.3015, 0.7638]
	// step 15  coverage 1.00  density 0.91  mass 0.440  x in [0.3015, 0.7387]
	// step 16  coverage 1.00  density 0.96  mass 0.415  x in [0.3015, 0.7136]
	// step 17  coverage 0.97  density 1.00  mass 0.390  x in [0.3015, 0.6884]
	// highest coverage at density ≥ 0.95: step 16, x in [0.3015, 0.7136]
}
