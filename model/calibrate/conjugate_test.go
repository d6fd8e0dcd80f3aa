package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestConjugate calibrates the mean μ of a normal model against the exact
// answer. The simulator returns the mean of 25 draws of N(μ, 2²), that is
// μ + N(0, 0.4²); the observation y has error sd τ = 0.3. So y | μ ~
// N(μ, v), v = 0.4² + 0.3² = 0.25, and under a flat prior on [lo, hi] the
// posterior is N(y, v) truncated to [lo, hi].
//
// Noisy ABC at tolerance ε accepts |sim + noise − y| < h = ετ, so its
// target is the prior times Φ((y+h−μ)/√v) − Φ((y−h−μ)/√v): the posterior
// convolved with a uniform of half-width h. The test computes that
// target's mean and sd by quadrature at the final ε and wants the weighted
// particles within 4 Monte Carlo standard errors of them (sd/√ESS for the
// mean, sd/√(2 ESS) for the sd; over 30 seeds the spread of the means
// matched sd/√ESS in the centre case and was 1.4 times it in the edge case,
// where kept particles are more correlated). It also wants them within that plus the
// tolerance's own effect of the exact posterior's. The edge case puts y
// near the prior's bound, where the proposals are truncated, so the
// correction of the weights for truncation is checked too.
//
// The tempered sampler has no tolerance: with exponent 1 its target is the
// exact posterior, since one simulation's Gaussian density of y is an
// unbiased estimate of the likelihood N(y; μ, v).
func TestConjugate(t *testing.T) {
	const (
		sigma = 0.4 // sd of the simulated mean
		tau   = 0.3 // observation error
	)
	v := sigma*sigma + tau*tau
	sim := func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		return []float64{theta[0] + distuv.Normal{Mu: 0, Sigma: sigma, Src: rand.NewPCG(seed, 0)}.Rand()}, nil
	}
	cases := []struct {
		name   string
		lo, hi float64
		y      float64
	}{
		{"centre", -10, 10, 1.3},
		{"edge", 0, 10, 0.2},
	}
	for _, method := range []string{APMC, SMCMCMC, Tempered} {
		for _, tc := range cases {
			t.Run(method+"/"+tc.name, func(t *testing.T) {
				cfg := Config{Params: []Parameter{{Name: "mu", Prior: uniform(tc.lo, tc.hi)}},
					Targets: []Target{{Name: "mean", Value: tc.y, SD: tau, Fit: true}},
					N:       1000, Seed: 11, Method: method}
				res, err := Run(context.Background(), cfg, sim)
				if err != nil {
					t.Fatal(err)
				}
				last := res.Populations[len(res.Populations)-1]
				mean := res.Means()[0]
				var sd float64
				for k, p := range res.Particles {
					sd += res.Weights[k] * (p[0] - mean) * (p[0] - mean)
				}
				sd = math.Sqrt(sd)

				moments := func(h float64) (mean, sd float64) {
					f := func(mu float64) float64 {
						if h == 0 {
							return distuv.Normal{Mu: tc.y, Sigma: math.Sqrt(v)}.Prob(mu)
						}
						n := distuv.UnitNormal
						return n.CDF((tc.y+h-mu)/math.Sqrt(v)) - n.CDF((tc.y-h-mu)/math.Sqrt(v))
					}
					a, b := math.Max(tc.lo, tc.y-h-10), math.Min(tc.hi, tc.y+h+10)
					m0 := quad.Fixed(f, a, b, 2000, nil, 0)
					m1 := quad.Fixed(func(x float64) float64 { return x * f(x) }, a, b, 2000, nil, 0) / m0
					m2 := quad.Fixed(func(x float64) float64 { return x * x * f(x) }, a, b, 2000, nil, 0) / m0
					return m1, math.Sqrt(m2 - m1*m1)
				}
				h := last.Epsilon * tau
				if method == Tempered {
					// No tolerance: the target is the posterior itself.
					h = 0
					if last.Beta != 1 {
						t.Fatalf("the last population has exponent %g, want 1", last.Beta)
					}
				}
				abcMean, abcSD := moments(h)
				exactMean, exactSD := moments(0)
				ess := last.ESS
				if method != APMC {
					ess = float64(last.Unique) // equal weights: copies that never moved count once
				}
				seMean, seSD := sd/math.Sqrt(ess), sd/math.Sqrt(2*ess)
				t.Logf("%d populations, %d simulations, ε %.3g, ESS %.0f, unique %d", len(res.Populations), res.Simulations, last.Epsilon, last.ESS, last.Unique)
				t.Logf("mean %.4f, sd %.4f; at ε: %.4f, %.4f; exact: %.4f, %.4f", mean, sd, abcMean, abcSD, exactMean, exactSD)
				if math.Abs(mean-abcMean) > 4*seMean || math.Abs(sd-abcSD) > 4*seSD {
					t.Errorf("mean %.4f, sd %.4f; the ABC target at ε = %.3g has %.4f, %.4f (4 standard errors: %.4f, %.4f)", mean, sd, last.Epsilon, abcMean, abcSD, 4*seMean, 4*seSD)
				}
				if math.Abs(mean-exactMean) > 4*seMean+math.Abs(abcMean-exactMean) || math.Abs(sd-exactSD) > 4*seSD+math.Abs(abcSD-exactSD) {
					t.Errorf("mean %.4f, sd %.4f; the posterior has %.4f, %.4f", mean, sd, exactMean, exactSD)
				}
			})
		}
	}
}
