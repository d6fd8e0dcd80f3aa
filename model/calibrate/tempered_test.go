package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"sync/atomic"
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
	huge := make([]float64, 100) // 40 at 0, 60 at −10¹⁷
	for i := 40; i < 100; i++ {
		huge[i] = -1e17
	}
	for _, tc := range []struct {
		name      string
		beta      float64
		ll        []float64
		ess       float64
		wantFinal bool
		smallest  bool // no exponent keeps ess: want the smallest step
	}{
		{"equal", 0, []float64{-3, -3, -3, -3}, 2, true, false},
		{"narrow", 0.4, narrow, 200, true, false},
		{"spread from the prior", 0, spread, 200, false, false},
		{"spread, late", 0.9, spread, 200, false, false},
		{"spread, keep more", 0, spread, 350, false, false},
		{"some -Inf", 0.2, append([]float64{math.Inf(-1), math.Inf(-1)}, spread[:100]...), 50, false, false},
		{"a spread past bisection", 0.3, huge, 50, false, true},
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
			if tc.smallest {
				if ess >= tc.ess || next-tc.beta > 1e-15 {
					t.Errorf("exponent %g, ESS %g; want the smallest step, with ESS below %g", next, ess, tc.ess)
				}
				return
			}
			if math.Abs(ess-tc.ess) > 1e-6*tc.ess {
				t.Errorf("ESS %g at exponent %g, want %g", ess, next, tc.ess)
			}
			// The weights are the increments exp((next − beta)·ℓ), normalised.
			top := floats.Max(tc.ll)
			for i, l := range tc.ll {
				if want := math.Exp((next-tc.beta)*(l-top)) * w[floats.MaxIdx(w)]; math.Abs(w[i]-want) > 1e-12 || math.IsNaN(w[i]) {
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

// settling is a calibration whose population at exponent 1 leaves copies:
// two means, each observed twice with error sd 0.1, simulated with noise
// 0.2, so that one simulation's log-likelihood varies and some moves stick.
func settling(dir string, budget int) Config {
	var targets []Target
	for i, y := range []float64{1, 2, 1.1, 1.9} {
		targets = append(targets, Target{Name: fmt.Sprint("y", i), Value: y, SD: 0.1, Fit: true})
	}
	return Config{Params: []Parameter{{Name: "a", Prior: uniform(-5, 5)}, {Name: "b", Prior: uniform(-5, 5)}},
		Targets: targets, N: 100, Seed: 5, Method: Tempered, Workers: 1, Budget: budget, Dir: dir}
}

func settlingSim(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
	src := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, 4)
	for i := range x {
		x[i] = theta[i%2] + 0.2*src.NormFloat64()
	}
	return x, nil
}

// TestTemperedSettles checks the settling populations: after the
// population that reaches exponent 1 with fewer than Distinct·N distinct
// particles, populations at exponent 1 that neither reweight nor resample
// move the particles until Distinct·N are distinct; and a calibration cut
// by its budget while settling resumes to the same particles.
func TestTemperedSettles(t *testing.T) {
	want, err := Run(context.Background(), settling("", 0), settlingSim)
	if err != nil {
		t.Fatal(err)
	}
	need := int(math.Ceil(Distinct * 100))
	first := -1
	for i, p := range want.Populations {
		t.Logf("population %d: exponent %.3g, ESS %.1f, acceptance %.2f, %d distinct, %d simulations", i, p.Beta, p.ESS, p.Acceptance, p.Unique, p.Simulations)
		if p.Beta == 1 && first < 0 {
			first = i
		}
	}
	if first < 0 {
		t.Fatal("never reached exponent 1")
	}
	if u := want.Populations[first].Unique; u >= need {
		t.Fatalf("%d distinct particles at exponent 1: the test wants fewer than %d, to have something to settle", u, need)
	}
	settle := want.Populations[first+1:]
	if len(settle) == 0 || len(settle) > MaxSettling {
		t.Fatalf("%d settling populations, want 1 to %d", len(settle), MaxSettling)
	}
	for i, p := range settle {
		if p.Beta != 1 || p.ESS != 100 {
			t.Errorf("settling population %d: exponent %g, ESS %g; want 1 and 100 (no reweighting)", i, p.Beta, p.ESS)
		}
		if last := i == len(settle)-1; (p.Unique >= need) != last && len(settle) < MaxSettling {
			t.Errorf("settling population %d of %d has %d distinct: want the first with at least %d to be the last", i+1, len(settle), p.Unique, need)
		}
	}

	// Settled, the sample is still the posterior: a and b are each
	// observed twice as y ~ N(θ, 0.2² + 0.1²), so under the flat prior
	// their posteriors are N(1.05, 0.025) and N(1.95, 0.025).
	sd := math.Sqrt(0.05 / 2)
	for j, mean := range []float64{1.05, 1.95} {
		if got := want.Means()[j]; math.Abs(got-mean) > 4*sd/math.Sqrt(float64(settle[len(settle)-1].Unique)) {
			t.Errorf("posterior mean of %s is %.3f, want %.3f", []string{"a", "b"}[j], got, mean)
		}
	}

	// Cut by the budget in the first settling population, or in the last
	// one (whose replicates are then of particles the resume moves on),
	// then resumed.
	before := 0 // the simulations up to the first settling population
	for _, p := range want.Populations[:first+1] {
		before += p.Simulations
	}
	for _, cut := range []int{
		before + settle[0].Simulations/2,
		want.Simulations - settle[len(settle)-1].Simulations/2,
	} {
		dir := t.TempDir()
		if _, err := Run(context.Background(), settling(dir, cut), settlingSim); err != nil {
			t.Fatal(err)
		}
		var n atomic.Int64
		cfg := settling(dir, 0)
		cfg.Resume = true
		got, err := Run(context.Background(), cfg, counting(settlingSim, &n))
		if err != nil {
			t.Fatalf("cut at %d simulations, resumed: %v", cut, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("a calibration cut at %d simulations and resumed differs from one run through", cut)
		}
		if int(n.Load()) >= want.Simulations {
			t.Errorf("the resumed calibration ran %d simulations, want fewer than the %d of the whole", n.Load(), want.Simulations)
		}
	}
}
