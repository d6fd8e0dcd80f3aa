package sweep

import (
	"context"
	"math"
	"testing"

	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// TestWilson against values computed by hand from the formula (and found
// in the literature: Newcombe 1998, table I).
func TestWilson(t *testing.T) {
	for _, c := range []struct {
		k, n   int
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662}, // Newcombe 1998, example (i)
		{15, 148, 0.0624, 0.1605}, // example (ii)
		{0, 20, 0, 0.1611},        // example (iii)
		{1, 29, 0.0061, 0.1718},   // example (iv)
		{20, 20, 0.8389, 1},
		{0, 0, 0, 1},
	} {
		lo, hi := Wilson(c.k, c.n, 0.95)
		if math.Abs(lo-c.lo) > 5e-4 || math.Abs(hi-c.hi) > 5e-4 {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
}

func TestSummarize(t *testing.T) {
	xs := []float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5} // 1..10
	mean, qs := summarize(xs)
	// Empirical quantile: the smallest x with at least p of the data <= x.
	want := []float64{1, 3, 5, 8, 10}
	if mean != 5.5 {
		t.Errorf("mean %v", mean)
	}
	for i := range want {
		if qs[i] != want[i] {
			t.Errorf("quantile %.2f = %v, want %v", Quantiles[i], qs[i], want[i])
		}
	}
}

// TestStayP90s: the one-pass percentiles equal model/target's metric,
// bit for bit, in every year of a run.
func TestStayP90s(t *testing.T) {
	res, err := sim.Run(context.Background(), small(t), 3)
	if err != nil {
		t.Fatal(err)
	}
	first, last := target.WholeYears(res.Scenario.Start, res.Scenario.End)
	got := stayP90s(target.StaysByYear(res), first, last)
	for y := first; y <= last; y++ {
		want, err := target.Metrics["shelter_stay_p90_days"].Value(res, target.Year, y, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if math.Float64bits(got[y-first]) != math.Float64bits(want) {
			t.Errorf("%d: %v, target says %v", y, got[y-first], want)
		}
	}
}
