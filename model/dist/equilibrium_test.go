package dist

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat"
)

// eqSpecs has several parameterisations of every kind, among them the
// awkward ones: a lognormal with large σ (cv 10), gammas with shape below
// and well above 1, a triangular with its mode near max, betas with an
// unbounded density, normals truncated at one or both ends and far from
// their mean.
var eqSpecs = []Spec{
	{Fixed, map[string]float64{"value": 3}},
	{Fixed, map[string]float64{"value": 0.25}},
	{Exponential, map[string]float64{"mean": 2}},
	{Exponential, map[string]float64{"mean": 40}},
	{Uniform, map[string]float64{"min": 1, "max": 5}},
	{Uniform, map[string]float64{"min": 0, "max": 1}},
	{Uniform, map[string]float64{"min": 10, "max": 12}},
	{Triangular, map[string]float64{"min": 0, "mode": 6, "max": 8}},
	{Triangular, map[string]float64{"min": 2, "mode": 2, "max": 10}},
	{Triangular, map[string]float64{"min": 1, "mode": 4, "max": 4}},
	{Gamma, map[string]float64{"mean": 6, "sd": 4}},
	{Gamma, map[string]float64{"mean": 2, "sd": 6}},
	{Gamma, map[string]float64{"mean": 10, "sd": 1}},
	{LogNormal, map[string]float64{"mean": 6, "sd": 9}},
	{LogNormal, map[string]float64{"mean": 1, "sd": 0.2}},
	{LogNormal, map[string]float64{"mean": 6, "sd": 60}},
	{Normal, map[string]float64{"mean": 0.5, "sd": 0.2, "min": 0, "max": 1}},
	{Normal, map[string]float64{"mean": 0.2, "sd": 0.2, "min": 0}},
	{Normal, map[string]float64{"mean": 3, "sd": 1, "min": 0}},
	{Normal, map[string]float64{"mean": 1, "sd": 3, "min": 4}},
	{Normal, map[string]float64{"mean": 12, "sd": 4, "min": 6, "max": 14}},
	{Beta, map[string]float64{"alpha": 2, "beta": 5}},
	{Beta, map[string]float64{"alpha": 2, "beta": 2, "min": 10, "max": 20}},
	{Beta, map[string]float64{"alpha": 0.5, "beta": 0.5}},
	{Beta, map[string]float64{"alpha": 0.7, "beta": 3, "min": 0, "max": 30}},
}

// ksAlpha is the level of the Kolmogorov–Smirnov tests, and ksLambda the
// matching quantile of the Kolmogorov distribution: P(√n D > λ) =
// 2 Σ (−1)^(k−1) exp(−2k²λ²) → 2 exp(−2λ²) = α, as the k = 2 term is
// below 10⁻¹³ here. At n = 20,000 the finite-n correction
// D(√n + 0.12 + 0.11/√n) (Stephens 1970) changes the bound by under 0.1%.
const (
	ksN      = 20000
	ksAlpha  = 0.001
	ksLambda = 1.9494746 // √(−ln(α/2)/2)
)

// ks returns the one-sample Kolmogorov–Smirnov statistic of sorted draws xs
// whose reference CDF values at xs are cdf. gonum's stat.KolmogorovSmirnov
// compares two samples, not a sample with a CDF.
func ks(xs, cdf []float64) float64 {
	n := float64(len(xs))
	var d float64
	for i, f := range cdf {
		d = math.Max(d, math.Max(float64(i+1)/n-f, f-float64(i)/n))
	}
	return d
}

// survival returns 1 − F.
func (s Spec) survival() func(float64) float64 {
	return func(t float64) float64 { return 1 - s.CDF(t) }
}

// equilibriumCDF integrates F_e = (1/m) ∫₀ˣ (1 − F(t)) dt at the sorted
// points xs, by 16-point Gauss–Legendre between consecutive points. It is
// written from the definition alone, independently of the sampler's table.
func equilibriumCDF(s Spec, xs []float64) []float64 {
	m, surv := s.Mean(), s.survival()
	fe := make([]float64, len(xs))
	var prev, acc float64
	for i, x := range xs {
		acc += quad.Fixed(surv, prev, x, 16, nil, 0)
		fe[i], prev = acc/m, x
	}
	return fe
}

// integral returns ∫₀^∞ g(t) (1 − F(t)) dt, split at the points where
// 1 − F is not smooth; an untruncated normal tail ends 12 sd out.
func integral(s Spec, g func(float64) float64) float64 {
	lo, hi := s.Support()
	if math.IsInf(hi, 1) {
		hi = math.Max(lo, s.P["mean"]) + 12*s.P["sd"]
	}
	cuts := []float64{0, lo, hi}
	if s.Kind == Triangular {
		cuts = append(cuts, s.P["mode"])
	}
	slices.Sort(cuts)
	surv := s.survival()
	var sum float64
	for i := 1; i < len(cuts); i++ {
		sum += quad.Fixed(func(t float64) float64 { return g(t) * surv(t) }, cuts[i-1], cuts[i], 400, nil, 0)
	}
	return sum
}

// thirdMoment returns E[X³]: in closed form for the unbounded kinds and
// fixed, otherwise as ∫ 3t² (1 − F(t)) dt.
func thirdMoment(s Spec) float64 {
	p := s.P
	switch s.Kind {
	case Fixed:
		return math.Pow(p["value"], 3)
	case Exponential:
		return 6 * math.Pow(p["mean"], 3)
	case Gamma:
		g := s.gamma()
		return g.Alpha * (g.Alpha + 1) * (g.Alpha + 2) / math.Pow(g.Beta, 3)
	case LogNormal:
		l := s.logNormal()
		return math.Exp(3*l.Mu + 4.5*l.Sigma*l.Sigma)
	}
	return integral(s, func(t float64) float64 { return 3 * t * t })
}

// TestEquilibriumKS compares 20,000 draws of every spec with F_e integrated
// from its definition, at the 0.1% level: with 25 specs a correct sampler
// fails somewhere with probability 2.5%, for the fixed seed not at all.
func TestEquilibriumKS(t *testing.T) {
	crit := ksLambda / math.Sqrt(ksN)
	for i, s := range eqSpecs {
		t.Run(s.String(), func(t *testing.T) {
			r := s.EquilibriumSampler(rand.NewPCG(1, uint64(i)), 1)
			xs := make([]float64, ksN)
			for j := range xs {
				xs[j] = r.Rand()
			}
			slices.Sort(xs)
			d := ks(xs, equilibriumCDF(s, xs))
			t.Logf("D = %.4f (reject above %.4f)", d, crit)
			if d > crit {
				t.Errorf("KS statistic %.4f > %.4f: draws do not follow F_e at the %g level", d, crit, ksAlpha)
			}
		})
	}
}

// TestEquilibriumKSControl checks that the KS test has power: plain draws
// from F, the approximation the equilibrium sampler replaces, must be
// rejected as draws from F_e for every kind but the exponential.
func TestEquilibriumKSControl(t *testing.T) {
	crit := ksLambda / math.Sqrt(ksN)
	for i, s := range eqSpecs {
		if s.Kind == Exponential {
			continue
		}
		t.Run(s.String(), func(t *testing.T) {
			r := s.Sampler(rand.NewPCG(1, uint64(i)), 1)
			xs := make([]float64, ksN)
			for j := range xs {
				xs[j] = r.Rand()
			}
			slices.Sort(xs)
			d := ks(xs, equilibriumCDF(s, xs))
			t.Logf("D = %.4f (reject above %.4f)", d, crit)
			if d <= crit {
				t.Errorf("KS statistic %.4f <= %.4f: plain draws from F pass as draws from F_e", d, crit)
			}
		})
	}
}

// TestEquilibriumMean compares EquilibriumMean with E[X²]/(2m) integrated
// from the definition, and with the mean of 20,000 draws in days, within 4
// standard errors. The standard error is the exact one, √(Var R / n) with
// E[R²] = E[X³]/(3m), as the sample sd of a lognormal residual with cv 10
// is far from its limit at this n.
func TestEquilibriumMean(t *testing.T) {
	const unit = 30
	for i, s := range eqSpecs {
		t.Run(s.String(), func(t *testing.T) {
			m, want := s.Mean(), s.EquilibriumMean()
			if s.Kind != Exponential && s.Kind != Gamma && s.Kind != LogNormal {
				num := integral(s, func(t float64) float64 { return t }) / m
				// 400-point Gauss–Legendre converges slowly where a
				// beta's density is infinite: 5e-9 for beta(0.5, 0.5).
				if math.Abs(want-num) > 1e-8*want {
					t.Errorf("EquilibriumMean %.12g, numerically %.12g", want, num)
				}
			}
			r := s.EquilibriumSampler(rand.NewPCG(2, uint64(i)), unit)
			xs := make([]float64, ksN)
			for j := range xs {
				xs[j] = r.Rand()
			}
			mean := stat.Mean(xs, nil)
			sd := math.Sqrt(thirdMoment(s)/(3*m)-want*want) * unit
			se := sd / math.Sqrt(ksN)
			t.Logf("sample mean %.4f, want %.4f ± 4×%.4f", mean, want*unit, se)
			if math.Abs(mean-want*unit) > 4*se {
				t.Errorf("sample mean %.4f, want %.4f ± 4×%.4f", mean, want*unit, se)
			}
		})
	}
}

// TestEquilibriumTable checks the table behind the triangular, normal and
// beta samplers: its total against the closed-form mean (the quadrature
// error), and its nodes against F_e integrated from the definition.
func TestEquilibriumTable(t *testing.T) {
	for _, s := range eqSpecs {
		if s.Kind != Triangular && s.Kind != Normal && s.Kind != Beta {
			continue
		}
		t.Run(s.String(), func(t *testing.T) {
			x, fe, total := s.equilibriumTable()
			if m := s.Mean(); math.Abs(total-m) > 1e-9*m {
				t.Errorf("∫(1 − F) = %.12g, mean %.12g", total, m)
			}
			if !slices.IsSorted(x) || !slices.IsSorted(fe) || fe[0] != 0 || fe[len(fe)-1] != 1 {
				t.Fatalf("table is not a CDF")
			}
			var worst float64
			for j, f := range equilibriumCDF(s, x) {
				worst = math.Max(worst, math.Abs(f-fe[j]))
			}
			if worst > 1e-9 {
				t.Errorf("table differs from F_e by %.3g", worst)
			}
		})
	}
}

func TestEquilibriumSamplerDoesNotAllocate(t *testing.T) {
	for _, s := range eqSpecs {
		r := s.EquilibriumSampler(rand.NewPCG(1, 2), 30)
		if a := testing.AllocsPerRun(1000, func() { r.Rand() }); a != 0 {
			t.Errorf("%v: %v allocations per draw", s, a)
		}
	}
}

// TestEquilibriumNegativeSupport checks that a spec that is no duration is
// refused rather than given a meaningless equilibrium.
func TestEquilibriumNegativeSupport(t *testing.T) {
	for _, s := range []Spec{
		{Normal, map[string]float64{"mean": 3, "sd": 1}},
		{Uniform, map[string]float64{"min": -1, "max": 1}},
		{Triangular, map[string]float64{"min": -1, "mode": 0, "max": 1}},
	} {
		if m := s.EquilibriumMean(); !math.IsNaN(m) {
			t.Errorf("%v: EquilibriumMean %g, want NaN", s, m)
		}
		got := func() (msg any) {
			defer func() { msg = recover() }()
			s.EquilibriumSampler(rand.NewPCG(1, 2), 1)
			return nil
		}()
		lo, hi := s.Support()
		want := fmt.Sprintf("dist: equilibrium of %v, whose support [%g, %g] reaches below 0; a duration must be >= 0", s, lo, hi)
		if got != want {
			t.Errorf("%v: panic %v, want %q", s, got, want)
		}
	}
}
