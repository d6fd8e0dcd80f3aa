package sensitivity

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSplitNoise: y = 10 θ + ε at 400 points θ uniform on [0,1] with
// ε ~ N(0, 2²) and R = 5 replications. The parameter variance is
// 100/12 ≈ 8.33 and the noise variance 4. The within estimate pools
// 400×4 = 1600 degrees of freedom: its standard error is 4·√(2/1600) ≈
// 0.14. The parameter estimate is the variance of 400 means 10θ + ē, ē ~
// N(0, 4/5), less 4/5: its standard error is √((μ4 − σ⁴)/400) with
// σ² = 8.33 + 0.8 and μ4 = 1.8·8.33² + 6·8.33·0.8 + 3·0.8² (a uniform has
// kurtosis 1.8), about 0.46. Both must be within 4 standard errors.
func TestSplitNoise(t *testing.T) {
	const points, reps, sd = 400, 5, 2.0
	rnd := rand.New(rand.NewPCG(1, 2))
	y := make([][]float64, points)
	for i := range y {
		theta := rnd.Float64()
		y[i] = make([]float64, reps)
		for r := range y[i] {
			y[i][r] = 10*theta + sd*rnd.NormFloat64()
		}
	}
	nz, err := SplitNoise(y)
	if err != nil {
		t.Fatal(err)
	}
	if nz.Points != points || nz.Replications != reps || len(nz.Means) != points {
		t.Errorf("points %d, replications %d, %d means", nz.Points, nz.Replications, len(nz.Means))
	}
	if math.Abs(nz.Within-sd*sd) > 4*0.14 {
		t.Errorf("within variance %.3f; want %.1f", nz.Within, sd*sd)
	}
	if math.Abs(nz.Parameters-100.0/12) > 4*0.46 {
		t.Errorf("parameter variance %.3f; want %.3f", nz.Parameters, 100.0/12)
	}
	wantShare := 4 / (4 + 100.0/12)
	if math.Abs(nz.Share()-wantShare) > 0.05 {
		t.Errorf("noise share %.3f; want %.3f", nz.Share(), wantShare)
	}
	wantMean := 0.8 / (0.8 + 100.0/12)
	if math.Abs(nz.MeanShare()-wantMean) > 0.03 {
		t.Errorf("noise share of the means %.3f; want %.3f", nz.MeanShare(), wantMean)
	}
	t.Logf("within %.3f (4), parameters %.3f (8.333), share %.3f (%.3f), mean share %.3f (%.3f)",
		nz.Within, nz.Parameters, nz.Share(), wantShare, nz.MeanShare(), wantMean)
}

// TestSplitNoiseOnlyNoise: with no parameter effect, the parameter
// variance is (nearly) zero and never negative.
func TestSplitNoiseOnlyNoise(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	y := make([][]float64, 50)
	for i := range y {
		y[i] = []float64{rnd.NormFloat64(), rnd.NormFloat64(), rnd.NormFloat64()}
	}
	nz, err := SplitNoise(y)
	if err != nil {
		t.Fatal(err)
	}
	if nz.Parameters < 0 || nz.Parameters > 0.3 {
		t.Errorf("parameter variance %.3f; want about 0", nz.Parameters)
	}
}

func TestSplitNoiseErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		y    [][]float64
		want string
	}{
		{"one point", [][]float64{{1, 2}}, "sensitivity: noise split over 1 design points; want 2 or more"},
		{"one replication", [][]float64{{1}, {2}}, "sensitivity: noise split with 1 replications; want 2 or more at each point"},
		{"ragged", [][]float64{{1, 2}, {2, 3, 4}}, "sensitivity: design point 1 has 3 replications; want 2, as point 0"},
		{"NaN", [][]float64{{1, 2}, {2, math.NaN()}}, "sensitivity: output of point 1 replication 1 is NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := SplitNoise(tc.y); err == nil || err.Error() != tc.want {
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
}
