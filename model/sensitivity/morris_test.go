package sensitivity

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// run evaluates f at every row of a design.
func run(design [][]float64, f func([]float64) float64) []float64 {
	y := make([]float64, len(design))
	for i, x := range design {
		y[i] = f(x)
	}
	return y
}

// TestMorrisDesign: every trajectory starts on the grid and moves each
// factor once by ±Δ, staying in [0,1].
func TestMorrisDesign(t *testing.T) {
	for _, tc := range []struct {
		m Morris
		k int
	}{
		{Morris{}, 5},
		{Morris{Trajectories: 50, Levels: 6}, 3},
		{Morris{Trajectories: 1, Levels: 2}, 1},
		{Morris{Levels: 8, Midpoints: true}, 4},
	} {
		design, err := tc.m.Design(tc.k, rand.NewPCG(1, 2))
		if err != nil {
			t.Fatal(err)
		}
		r, p, _ := tc.m.settings()
		delta := tc.m.Delta()
		if len(design) != r*(tc.k+1) || len(design) != tc.m.Runs(tc.k) {
			t.Fatalf("%+v: %d rows; want %d", tc.m, len(design), r*(tc.k+1))
		}
		for j, row := range design {
			for i, x := range row {
				l := x * float64(p-1)
				if tc.m.Midpoints {
					l = x*float64(p) - 0.5
				}
				if x < 0 || x > 1 || math.Abs(l-math.Round(l)) > 1e-12 {
					t.Fatalf("%+v: row %d factor %d = %g, off the %d-level grid", tc.m, j, i, x, p)
				}
			}
		}
		// elementaryEffects checks one move per row and per factor.
		if _, err := elementaryEffects(design, make([]float64, len(design))); err != nil {
			t.Fatalf("%+v: %v", tc.m, err)
		}
		for j := 1; j < len(design); j++ {
			if j%(tc.k+1) == 0 {
				continue
			}
			for i := range design[j] {
				if d := math.Abs(design[j][i] - design[j-1][i]); d != 0 && math.Abs(d-delta) > 1e-12 {
					t.Errorf("%+v: row %d moves factor %d by %g; want Δ = %g", tc.m, j, i, d, delta)
				}
			}
		}
	}
}

// TestMorrisRanksLinear: for y = Σ c_i x_i every elementary effect of
// factor i is exactly c_i, so μ = μ* = |c_i| and σ = 0, whatever the design,
// and the bootstrap interval of μ* has width 0.
func TestMorrisRanksLinear(t *testing.T) {
	c := []float64{1, -8, 2, 0, 4}
	f := func(x []float64) float64 {
		y := 3.0
		for i, v := range x {
			y += c[i] * v
		}
		return y
	}
	m := Morris{}
	design, err := m.Design(len(c), rand.NewPCG(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	effects, err := m.Analyze(design, run(design, f), rand.NewPCG(3, 4))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range effects {
		if math.Abs(e.Mu-c[i]) > 1e-9 || math.Abs(e.MuStar-math.Abs(c[i])) > 1e-9 || e.Sigma > 1e-9 {
			t.Errorf("factor %d: μ = %g, μ* = %g, σ = %g; want %g, %g, 0", i, e.Mu, e.MuStar, e.Sigma, c[i], math.Abs(c[i]))
		}
		if e.MuStarCI.Width() > 1e-9 {
			t.Errorf("factor %d: μ* interval %v; want width 0", i, e.MuStarCI)
		}
	}
	want := []int{1, 4, 2, 0, 3} // by |c_i|, largest first
	if got := rankBy(effects); !slices.Equal(got, want) {
		t.Errorf("ranking %v; want %v", got, want)
	}
}

// TestMorrisNonLinear: y = x1 + 8 x2² + 4 x3 x4 (+ 0 x5). Factor 1 is linear
// (σ = 0, μ* = 1); factor 2 is non-linear, factors 3 and 4 interact (σ > 0);
// factor 5 does nothing (μ* = σ = 0). On the 4-level grid with Δ = 2/3,
// EE_2 = 8(2 x2 + Δ) for the lower point x2 ∈ {0, 1/3}, so μ*_2 = 8; EE_3 =
// 4 x4 with x4 uniform on the grid, so μ*_3 = μ*_4 = 2. With r = 20, the
// standard error of μ*_2 is 8/3/√20 ≈ 0.6 and that of μ*_3 and μ*_4 is
// 4·0.37/√20 ≈ 0.33: the order 2 > {3, 4} > 1 > 5 holds by more than
// 4 standard errors.
func TestMorrisNonLinear(t *testing.T) {
	f := func(x []float64) float64 { return x[0] + 8*x[1]*x[1] + 4*x[2]*x[3] }
	m := Morris{Trajectories: 20}
	design, err := m.Design(5, rand.NewPCG(5, 6))
	if err != nil {
		t.Fatal(err)
	}
	effects, err := m.Analyze(design, run(design, f), rand.NewPCG(7, 8))
	if err != nil {
		t.Fatal(err)
	}
	e := effects
	if !(e[1].MuStar > e[2].MuStar && e[1].MuStar > e[3].MuStar &&
		math.Min(e[2].MuStar, e[3].MuStar) > e[0].MuStar && e[0].MuStar > e[4].MuStar) {
		t.Errorf("μ* = %v; want factor 2 > factors 3, 4 > factor 1 > factor 5", muStars(e))
	}
	if math.Abs(e[0].MuStar-1) > 1e-9 || e[0].Sigma > 1e-9 {
		t.Errorf("linear factor 1: μ* = %g, σ = %g; want 1, 0", e[0].MuStar, e[0].Sigma)
	}
	if e[4].MuStar != 0 || e[4].Sigma != 0 {
		t.Errorf("inert factor 5: μ* = %g, σ = %g; want 0, 0", e[4].MuStar, e[4].Sigma)
	}
	for _, i := range []int{1, 2, 3} {
		if e[i].Sigma < 0.5 {
			t.Errorf("factor %d: σ = %g; want clearly above 0 for a non-linear or interacting factor", i+1, e[i].Sigma)
		}
		if !e[i].MuStarCI.Contains(e[i].MuStar) || e[i].MuStarCI.CoversZero() {
			t.Errorf("factor %d: μ* = %g, interval %v", i+1, e[i].MuStar, e[i].MuStarCI)
		}
	}
	if math.Abs(e[1].MuStar-8) > 4*0.6 {
		t.Errorf("μ*_2 = %g; want 8 within 4 standard errors", e[1].MuStar)
	}
}

func TestMorrisNoSource(t *testing.T) {
	design, _ := Morris{}.Design(2, rand.NewPCG(1, 2))
	effects, err := Morris{}.Analyze(design, run(design, func(x []float64) float64 { return x[0] }), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(effects[0].MuStarCI.Low) {
		t.Errorf("interval %v without a source; want NaN", effects[0].MuStarCI)
	}
}

func TestMorrisErrors(t *testing.T) {
	good := [][]float64{{0, 0}, {1, 0}, {1, 1}}
	for _, tc := range []struct {
		name   string
		m      Morris
		design [][]float64
		y      []float64
		want   string
	}{
		{"bad confidence", Morris{Confidence: 1.5}, good, []float64{0, 1, 2}, "sensitivity: confidence level 1.5; want 0 (the default, 0.95) or a level in (0, 1)"},
		{"outputs", Morris{}, good, []float64{0, 1}, "sensitivity: 2 outputs for a Morris design of 3 rows"},
		{"rows", Morris{}, good[:2], []float64{0, 1}, "sensitivity: Morris design of 2 rows over 2 factors; want a multiple of 3 rows"},
		{"NaN", Morris{}, good, []float64{0, math.NaN(), 2}, "sensitivity: output 1 is NaN"},
		{"two moves", Morris{}, [][]float64{{0, 0}, {1, 1}, {1, 0}}, []float64{0, 1, 2}, "sensitivity: Morris design row 1 changes factors 0 and 1; want one"},
		{"no move", Morris{}, [][]float64{{0, 0}, {0, 0}, {1, 0}}, []float64{0, 1, 2}, "sensitivity: Morris design row 1 changes no factor; want one"},
		{"moved twice", Morris{}, [][]float64{{0, 0}, {1, 0}, {0, 0}}, []float64{0, 1, 2}, "sensitivity: Morris design row 2 moves factor 0 a second time in trajectory 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.m.Analyze(tc.design, tc.y, nil)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		m    Morris
		k    int
		want string
	}{
		{Morris{}, 0, "sensitivity: Morris design for 0 factors; want 1 or more"},
		{Morris{Levels: 3}, 2, "sensitivity: Morris with 3 levels; want an even number, 2 or more"},
		{Morris{Trajectories: -1}, 2, "sensitivity: Morris with -1 trajectories; want 1 or more"},
	} {
		if _, err := tc.m.Design(tc.k, rand.NewPCG(1, 2)); err == nil || err.Error() != tc.want {
			t.Errorf("%+v.Design(%d): error %v; want %q", tc.m, tc.k, err, tc.want)
		}
	}
}

// rankBy returns the factors in decreasing order of μ*.
func rankBy(effects []Effect) []int {
	idx := make([]int, len(effects))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return effects[idx[a]].MuStar > effects[idx[b]].MuStar })
	return idx
}

func muStars(effects []Effect) []float64 {
	out := make([]float64, len(effects))
	for i, e := range effects {
		out[i] = e.MuStar
	}
	return out
}
