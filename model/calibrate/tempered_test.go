package calibrate

import (
	"context"
	"fmt"
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

// TestTemperedLikelihoodNoise fits the mean μ of n = 8 observations, each
// simulated as μ + N(0, a²) and observed with error sd s = 1, so that
// y_i ~ N(μ, a² + s²) and under a flat prior the posterior is N(ȳ, (a² +
// s²)/n). With little simulator noise (a = 0.1) one simulation's
// log-likelihood hardly varies, and the sample must match that posterior
// and report a small LogLikSD. With much (a = 2) the pseudo-marginal moves
// stick and the sample is too narrow; the test wants LogLikSD to say so,
// above MaxLogLikSD, which is what thuis calibrate warns on.
func TestTemperedLikelihoodNoise(t *testing.T) {
	const n = 8
	r := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		a     float64
		noisy bool
	}{
		{0.1, false},
		{2, true},
	} {
		var targets []Target
		ybar := 0.0
		for i := range n {
			y := 3 + math.Sqrt(tc.a*tc.a+1)*r.NormFloat64()
			ybar += y / n
			targets = append(targets, Target{Name: fmt.Sprint("y", i), Value: y, SD: 1, Fit: true})
		}
		sim := func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
			src := rand.New(rand.NewPCG(seed, 1))
			x := make([]float64, n)
			for i := range x {
				x[i] = theta[0] + tc.a*src.NormFloat64()
			}
			return x, nil
		}
		cfg := Config{Params: []Parameter{{Name: "mu", Prior: uniform(-20, 20)}}, Targets: targets, N: 400, Seed: 3, Method: Tempered}
		res, err := Run(context.Background(), cfg, sim)
		if err != nil {
			t.Fatal(err)
		}
		mean := res.Means()[0]
		var sd float64
		for k, p := range res.Particles {
			sd += res.Weights[k] * (p[0] - mean) * (p[0] - mean)
		}
		sd = math.Sqrt(sd)
		exact := math.Sqrt((tc.a*tc.a + 1) / n)
		last := res.Populations[len(res.Populations)-1]
		t.Logf("a %g: mean %.3f sd %.3f (exact %.3f, %.3f), log-likelihood sd %.2f, %d simulations, %d distinct", tc.a, mean, sd, ybar, exact, res.LogLikSD, res.Simulations, last.Unique)
		if tc.noisy {
			if res.LogLikSD <= MaxLogLikSD {
				t.Errorf("a %g: log-likelihood sd %.2f, want above %g", tc.a, res.LogLikSD, MaxLogLikSD)
			}
			continue
		}
		se := sd / math.Sqrt(float64(last.Unique))
		if res.LogLikSD > 0.5 || math.Abs(mean-ybar) > 4*se || math.Abs(sd-exact) > 4*se/math.Sqrt2 {
			t.Errorf("a %g: mean %.3f, sd %.3f, log-likelihood sd %.2f; want %.3f, %.3f within 4 standard errors and sd below 0.5", tc.a, mean, sd, res.LogLikSD, ybar, exact)
		}
	}
}
