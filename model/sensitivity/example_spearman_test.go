package sensitivity_test

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/sensitivity"
)

// A monotone relation, however curved, has a rank correlation of 1; the
// interval says how much 6 runs can tell.
func ExampleSpearman() {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{2, 1, 9, 16, 30, 35}
	rho := sensitivity.Spearman(x, y)
	lo, hi := sensitivity.SpearmanInterval(rho, len(x))
	fmt.Printf("ρ = %.2f, 95%% interval %.2f to %.2f\n", rho, lo, hi)
	// Output:
	// ρ = 0.94, 95% interval 0.54 to 0.99
}
