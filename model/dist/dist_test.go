package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// specs has every kind, bounded and unbounded where a kind allows both.
var specs = []Spec{
	{Fixed, map[string]float64{"value": 3}},
	{Exponential, map[string]float64{"mean": 2}},
	{Uniform, map[string]float64{"min": 1, "max": 5}},
	{Triangular, map[string]float64{"min": 0, "mode": 6, "max": 8}},
	{Gamma, map[string]float64{"mean": 6, "sd": 4}},
	{LogNormal, map[string]float64{"mean": 6, "sd": 9}},
	{Normal, map[string]float64{"mean": 0.5, "sd": 0.2, "min": 0, "max": 1}},
	{Normal, map[string]float64{"mean": 0.2, "sd": 0.2, "min": 0}},
	{Normal, map[string]float64{"mean": 3, "sd": 1}},
	{Beta, map[string]float64{"alpha": 2, "beta": 5}},
	{Beta, map[string]float64{"alpha": 2, "beta": 2, "min": 10, "max": 20}},
}

func TestSamplerMeans(t *testing.T) {
	const n = 200000
	for _, c := range specs {
		if err := c.Validate(); err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		s := c.Sampler(rand.NewPCG(1, 2), 30)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = s.Rand()
		}
		mean, sd := stat.MeanStdDev(xs, nil)
		want := c.Mean() * 30
		if tol := 5 * sd / math.Sqrt(n); math.Abs(mean-want) > tol+1e-12 {
			t.Errorf("%v: sample mean %.4f, want %.4f ± %.4f", c, mean, want, tol)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	cases := []struct {
		spec Spec
		want string
	}{
		{Spec{"weibull", map[string]float64{"k": 1}}, `unknown distribution "weibull"; allowed: beta, exponential, fixed, gamma, lognormal, normal, triangular, uniform`},
		{Spec{Exponential, map[string]float64{}}, `exponential distribution needs "mean" (requires mean)`},
		{Spec{Exponential, map[string]float64{"mean": -1}}, `exponential mean -1 must be > 0`},
		{Spec{Uniform, map[string]float64{"min": 3, "max": 1}}, `uniform needs min < max, got min 3, max 1`},
		{Spec{Triangular, map[string]float64{"min": 0, "mode": 9, "max": 8}}, `triangular needs min <= mode <= max and min < max, got 0, 9, 8`},
		{Spec{Gamma, map[string]float64{"mean": 1, "sd": 1, "shape": 2}}, `gamma distribution has no parameter "shape"; allowed: mean, sd`},
		{Spec{Beta, map[string]float64{"alpha": 1, "beta": 1, "min": 0}}, `beta needs both min and max, or neither`},
	}
	for _, c := range cases {
		err := c.spec.Validate()
		if err == nil || err.Error() != c.want {
			t.Errorf("%v: got %v, want %q", c.spec, err, c.want)
		}
	}
}

func TestSamplerDoesNotAllocate(t *testing.T) {
	for _, k := range []Spec{
		{Exponential, map[string]float64{"mean": 2}},
		{Triangular, map[string]float64{"min": 0, "mode": 6, "max": 8}},
		{Gamma, map[string]float64{"mean": 6, "sd": 4}},
		{LogNormal, map[string]float64{"mean": 6, "sd": 9}},
	} {
		s := k.Sampler(rand.NewPCG(1, 2), 30)
		if a := testing.AllocsPerRun(1000, func() { s.Rand() }); a != 0 {
			t.Errorf("%v: %v allocations per draw", k, a)
		}
	}
}

// TestQuantileInvertsCDF checks Quantile against CDF for every kind.
func TestQuantileInvertsCDF(t *testing.T) {
	for _, s := range specs[1:] { // fixed has no inverse
		for _, u := range []float64{0.01, 0.1, 0.5, 0.9, 0.99} {
			x := s.Quantile(u)
			if got := s.CDF(x); math.Abs(got-u) > 1e-6 {
				t.Errorf("%v: CDF(Quantile(%g)) = %g", s, u, got)
			}
			if lo, hi := s.Support(); x < lo || x > hi {
				t.Errorf("%v: Quantile(%g) = %g outside the support [%g, %g]", s, u, x, lo, hi)
			}
		}
	}
}

// TestTruncatedNormal: a normal truncated far in its tail is refused when
// [min, max] holds less than MinTruncatedMass (its inverse CDF would be
// infinite), and one just above that draws in bounded time, inside its
// bounds.
func TestTruncatedNormal(t *testing.T) {
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: Normal, P: map[string]float64{"mean": 0, "sd": 1, "min": 40, "max": 41}},
			"normal(mean=0, sd=1) has probability 0 in [40, 41]; truncation must keep at least 1e-09 of it, so draws stay finite"},
		{Spec{Kind: Normal, P: map[string]float64{"mean": 0, "sd": 1, "max": -7}},
			"normal(mean=0, sd=1) has probability 1.28e-12 in [-Inf, -7]; truncation must keep at least 1e-09 of it, so draws stay finite"},
		{Spec{Kind: Normal, P: map[string]float64{"mean": 0, "sd": 1, "min": 5.9}}, ""},
	} {
		err := c.spec.Validate()
		if got := fmt.Sprint(err); (err != nil || c.want != "") && got != c.want {
			t.Errorf("%v: Validate() = %v, want %s", c.spec, err, c.want)
		}
		if err != nil {
			continue
		}
		lo, hi := c.spec.Support()
		s := c.spec.Sampler(rand.NewPCG(1, 2), 1)
		for range 1000 {
			if x := s.Rand(); !(x >= lo && x <= hi) {
				t.Fatalf("%v: draw %g outside [%g, %g]", c.spec, x, lo, hi)
			}
		}
		if rlo, rhi := c.spec.Reach(); math.IsInf(rlo, 0) || math.IsInf(rhi, 0) {
			t.Errorf("%v: Reach() = [%g, %g], want finite", c.spec, rlo, rhi)
		}
	}
}

// TestExponentialAsGonum: the direct exponential sampler draws what
// gonum's distuv.Exponential, scaled, draws from the same source, bit for
// bit, so runs are unchanged by it.
func TestExponentialAsGonum(t *testing.T) {
	for _, unit := range []float64{1, 30.436875, 365.2425} {
		spec := Spec{Kind: Exponential, P: map[string]float64{"mean": 7.5}}
		got := spec.Sampler(rand.NewPCG(5, 6), unit)
		want := distuv.Exponential{Rate: 1 / 7.5, Src: rand.NewPCG(5, 6)}
		for i := range 100000 {
			w := want.Rand()
			if unit != 1 {
				w *= unit
			}
			if g := got.Rand(); math.Float64bits(g) != math.Float64bits(w) {
				t.Fatalf("unit %g, draw %d: %v, gonum %v", unit, i, g, w)
			}
		}
	}
}
