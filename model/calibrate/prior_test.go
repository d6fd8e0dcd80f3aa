package calibrate

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"

	"github.com/thuis-nl/thuis/model/dist"
)

// TestPriorDensity checks each kind's density against the derivative of
// dist.Spec.CDF (central differences, step 1e-5 of the scale: error about
// 1e-10 relative), so the two cannot drift apart.
func TestPriorDensity(t *testing.T) {
	specs := []dist.Spec{
		{Kind: dist.Exponential, P: map[string]float64{"mean": 3}},
		{Kind: dist.Uniform, P: map[string]float64{"min": -1, "max": 4}},
		{Kind: dist.Triangular, P: map[string]float64{"min": 0.5, "mode": 1, "max": 2}},
		{Kind: dist.Gamma, P: map[string]float64{"mean": 6, "sd": 4}},
		{Kind: dist.LogNormal, P: map[string]float64{"mean": 6, "sd": 4}},
		{Kind: dist.Normal, P: map[string]float64{"mean": 1, "sd": 2}},
		{Kind: dist.Normal, P: map[string]float64{"mean": 1, "sd": 2, "min": 0, "max": 2.5}},
		{Kind: dist.Normal, P: map[string]float64{"mean": 1, "sd": 2, "min": -0.5}},
		{Kind: dist.Beta, P: map[string]float64{"alpha": 2, "beta": 5}},
		{Kind: dist.Beta, P: map[string]float64{"alpha": 2, "beta": 5, "min": 10, "max": 30}},
	}
	for _, s := range specs {
		p := newPrior(s)
		for _, u := range []float64{0.05, 0.3, 0.6, 0.9} {
			x := s.Quantile(u)
			h := 1e-5 * math.Max(1, math.Abs(x))
			want := (s.CDF(x+h) - s.CDF(x-h)) / (2 * h)
			if got := math.Exp(p.logDensity(x)); math.Abs(got-want) > 1e-6*want {
				t.Errorf("%v at %g: density %g, the CDF's derivative %g", s, x, got, want)
			}
		}
		if lo, _ := s.Support(); !math.IsInf(lo, -1) && !math.IsInf(p.logDensity(lo-1), -1) {
			t.Errorf("%v: density below the support", s)
		}
	}
}

// TestKernelDensity checks the whitened mixture density against gonum's
// distmv.NormalLogProb.
func TestKernelDensity(t *testing.T) {
	c := newCalibration(Config{Params: logisticParams}, nil)
	r := rand.New(rand.NewPCG(1, 2))
	st := &state{}
	for i := 0; i < 20; i++ {
		st.kept = append(st.kept, particle{theta: []float64{100 + 10*r.NormFloat64(), 0.3 + 0.05*r.NormFloat64(), 600 + 50*r.NormFloat64()}, logWeight: r.Float64()})
	}
	k, err := c.newKernel(1, st)
	if err != nil {
		t.Fatal(err)
	}
	var cov mat.SymDense
	k.chol.ToSym(&cov)
	for i := 0; i < 5; i++ {
		theta := []float64{100 + 20*r.NormFloat64(), 0.3 + 0.1*r.NormFloat64(), 600 + 100*r.NormFloat64()}
		lp := make([]float64, len(st.kept))
		for j, p := range st.kept {
			n, ok := distmv.NewNormal(p.theta, &cov, nil)
			if !ok {
				t.Fatal("not positive definite")
			}
			lp[j] = math.Log(k.w[j]) + n.LogProb(theta)
		}
		if got, want := k.logDensity(theta), floats.LogSumExp(lp); math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("log density %.12g, gonum's %.12g", got, want)
		}
	}
	if !(k.logC < 0 && k.logC > math.Log(0.5)) {
		t.Errorf("the share of kernel draws inside the support is %g; particles this far from the bounds should keep most", math.Exp(k.logC))
	}
}

// TestLogCoordinate: a Log parameter's coordinate y = log x has density
// p(e^y)·e^y, which integrates to 1, and draws by log of x's quantile.
func TestLogCoordinate(t *testing.T) {
	for _, alpha := range []float64{0.25, 0.5, 1, 6} {
		spec := dist.Spec{Kind: dist.Gamma, P: map[string]float64{"mean": alpha, "sd": math.Sqrt(alpha)}}
		c := newCoordinate(Parameter{Name: "w", Prior: spec, Log: true})
		if !math.IsInf(c.lo, -1) || !math.IsInf(c.hi, 1) {
			t.Errorf("alpha %g: support [%g, %g], want the whole line", alpha, c.lo, c.hi)
		}
		// Trapezoid rule over y in [-60, 10]: the Gamma's mass below e^-60
		// is below 1e-6 for these shapes.
		const lo, hi, n = -60.0, 10.0, 200000
		h := (hi - lo) / n
		sum := 0.0
		for i := 0; i <= n; i++ {
			f := math.Exp(c.logDensity(lo + h*float64(i)))
			if i == 0 || i == n {
				f /= 2
			}
			sum += f * h
		}
		if math.Abs(sum-1) > 1e-3 {
			t.Errorf("alpha %g: the log coordinate's density integrates to %g", alpha, sum)
		}
		if got, want := c.quantile(0.3), math.Log(spec.Quantile(0.3)); got != want {
			t.Errorf("alpha %g: quantile %g, want log of x's %g", alpha, got, want)
		}
	}
	// A log coordinate of a prior that reaches below 0 is refused.
	cfg := Config{Params: []Parameter{{Name: "a", Prior: uniform(-1, 1), Log: true}}, Targets: []Target{{Name: "y", Value: 1, SD: 0.1, Fit: true}}}
	if _, err := cfg.withDefaults(); err == nil || !strings.Contains(err.Error(), "log coordinate needs a prior on positive values") {
		t.Errorf("log of a prior on [-1, 1]: error %v", err)
	}
}
