package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// TestNextBeta checks the exponent's choice: 1 when the whole step keeps
// the effective sample size, else the exponent where it falls to the
// target, with weights that are the normalised increments there.
func TestNextBeta(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	spread := make([]float64, 400)
	for i := range spread {
		spread[i] = -0.5 * math.Pow(10*r.NormFloat64(), 2) // a vague prior's log-likelihoods
	}
	narrow := make([]float64, 400)
	for i := range narrow {
		narrow[i] = -0.01 * r.Float64()
	}
	for _, tc := range []struct {
		name      string
		beta      float64
		ll        []float64
		ess       float64
		wantFinal bool
	}{
		{"equal", 0, []float64{-3, -3, -3, -3}, 2, true},
		{"narrow", 0.4, narrow, 200, true},
		{"spread from the prior", 0, spread, 200, false},
		{"spread, late", 0.9, spread, 200, false},
		{"spread, keep more", 0, spread, 350, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next, w := nextBeta(tc.beta, tc.ll, tc.ess)
			if math.Abs(floats.Sum(w)-1) > 1e-12 {
				t.Errorf("weights sum to %g", floats.Sum(w))
			}
			ess := 1 / floats.Dot(w, w)
			if tc.wantFinal {
				if next != 1 || ess < tc.ess {
					t.Errorf("exponent %g, ESS %g; want 1 with ESS >= %g", next, ess, tc.ess)
				}
				return
			}
			if !(next > tc.beta && next < 1) {
				t.Fatalf("exponent %g, want in (%g, 1)", next, tc.beta)
			}
			if math.Abs(ess-tc.ess) > 1e-6*tc.ess {
				t.Errorf("ESS %g at exponent %g, want %g", ess, next, tc.ess)
			}
			// The weights are the increments exp((next − beta)·ℓ), normalised.
			top := floats.Max(tc.ll)
			for i, l := range tc.ll {
				if want := math.Exp((next-tc.beta)*(l-top)) * w[floats.MaxIdx(w)]; math.Abs(w[i]-want) > 1e-12 {
					t.Fatalf("weight %d is %g, want %g", i, w[i], want)
				}
			}
		})
	}
}

// TestSystematic checks that systematic resampling draws index k ⌊N w_k⌋
// or ⌈N w_k⌉ times, in order.
func TestSystematic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n := 1 + r.IntN(50)
		w := make([]float64, n)
		for i := range w {
			if r.IntN(4) > 0 { // some weights are zero
				w[i] = r.ExpFloat64()
			}
		}
		if floats.Sum(w) == 0 {
			w[0] = 1
		}
		floats.Scale(1/floats.Sum(w), w)
		u := r.Float64()
		if trial%10 == 0 {
			u = math.Nextafter(1, 0) // the last draw at the very end
		}
		idx := systematic(w, u)
		count := make([]int, n)
		for i, k := range idx {
			if i > 0 && k < idx[i-1] {
				t.Fatalf("trial %d: indices out of order: %v", trial, idx)
			}
			if w[k] == 0 {
				t.Fatalf("trial %d: drew index %d of weight 0", trial, k)
			}
			count[k]++
		}
		for k, c := range count {
			x := float64(n) * w[k]
			if float64(c) < math.Floor(x)-1e-9 || float64(c) > math.Ceil(x)+1e-9 {
				t.Fatalf("trial %d: index %d drawn %d times for N·w = %g", trial, k, c, x)
			}
		}
	}
}
