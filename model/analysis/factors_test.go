package analysis

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/thuis-nl/thuis/model/dist"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

func TestFactors(t *testing.T) {
	ps := []uncertainty.Param{
		{Path: "a", Kind: uncertainty.Value, Dist: dist.Spec{Kind: dist.Uniform, P: map[string]float64{"min": 0, "max": 10}}, Whole: true},
		{Path: "s", Kind: uncertainty.Shares, Keys: []string{"x", "y", "z"}, Alpha: []float64{2, 0, 6}},
		{Path: "one", Kind: uncertainty.Shares, Keys: []string{"p", "q"}, Alpha: []float64{0, 5}},
		{Path: "posterior", Kind: uncertainty.Joint, Members: []uncertainty.Param{{Path: "m1"}, {Path: "m2"}},
			Weights: []float64{0.25, 0.75}, Rows: [][]float64{{1, 2}, {3, 4}}},
	}
	fs := Factors(ps)
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	if want := []string{"a", "s.x", "s.z", "posterior"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("factors %v, want %v (no factor for a zero share or a split with one positive key)", names, want)
	}
	v, err := Values(ps, fs, []float64{0.26, 0.5, 0.5, 0.2})
	if err != nil {
		t.Fatal(err)
	}
	// a: 2.6 rounded; s: equal-quantile gammas; one: [0, 1]; posterior row 0.
	if len(v) != 1+3+2+2 || v[0] != 3 || v[2] != 0 || v[4] != 0 || v[5] != 1 || v[6] != 1 || v[7] != 2 {
		t.Errorf("values %v", v)
	}
	if s := v[1] + v[2] + v[3]; math.Abs(s-1) > 1e-12 {
		t.Errorf("shares sum to %v", s)
	}
	if v, _ := Values(ps, fs, []float64{0.5, 0.5, 0.5, 0.25}); v[6] != 3 {
		t.Errorf("posterior at u = 0.25: row starting %v, want the second (cumulative weight 0.25 is reached)", v[6])
	}
	if _, err := Values(ps, fs, []float64{0.5}); err == nil || err.Error() != "analysis: a point of 1 coordinates for 4 factors" {
		t.Errorf("short point: %v", err)
	}
}

// TestValuesDirichlet: shares from independent uniform coordinates are
// Dirichlet(α): their means are α_i/α_0 and variances
// α_i(α_0−α_i)/(α_0²(α_0+1)). Tolerance: 4 standard errors of a mean
// over n points for the means; for the variances 5%, about 5 standard
// errors of a sample variance (√(2/n) of it, as for a normal sample).
func TestValuesDirichlet(t *testing.T) {
	alpha := []float64{1, 3, 6}
	ps := []uncertainty.Param{{Path: "s", Kind: uncertainty.Shares, Keys: []string{"a", "b", "c"}, Alpha: alpha}}
	fs := Factors(ps)
	rnd := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	sum := make([]float64, 3)
	sq := make([]float64, 3)
	for range n {
		v, err := Values(ps, fs, []float64{rnd.Float64(), rnd.Float64(), rnd.Float64()})
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range v {
			sum[i] += x
			sq[i] += x * x
		}
	}
	a0 := 10.0
	for i, a := range alpha {
		mean := a / a0
		variance := a * (a0 - a) / (a0 * a0 * (a0 + 1))
		got := sum[i] / n
		gotVar := sq[i]/n - got*got
		if se := math.Sqrt(variance / n); math.Abs(got-mean) > 4*se {
			t.Errorf("share %d: mean %.4f, want %.4f ± %.4f", i, got, mean, 4*se)
		}
		if math.Abs(gotVar-variance) > 0.05*variance {
			t.Errorf("share %d: variance %.5f, want %.5f within 5%%", i, gotVar, variance)
		}
	}
}
