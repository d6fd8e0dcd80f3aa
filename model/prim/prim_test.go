package prim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// planted returns n cases over 5 uniform dimensions x0..x4 with y true
// inside [0.2, 0.6] on x1 and [0.5, 0.9] on x3. Label noise: a fraction
// noise of the cases get a coin flip for a label instead. (Flipping a
// fraction of the labels outright instead would cap the coverage of the
// true box: with 5% flips, 0.16·0.95 of the cases are hits inside and
// 0.84·0.05 outside, a coverage of at most 0.78.)
func planted(n int, noise float64, src rand.Source) ([]Column, []bool) {
	rnd := rand.New(src)
	cols := make([]Column, 5)
	for j := range cols {
		cols[j] = Column{Name: fmt.Sprintf("x%d", j), Values: make([]float64, n)}
	}
	y := make([]bool, n)
	for i := range y {
		for j := range cols {
			cols[j].Values[i] = rnd.Float64()
		}
		x1, x3 := cols[1].Values[i], cols[3].Values[i]
		y[i] = 0.2 <= x1 && x1 <= 0.6 && 0.5 <= x3 && x3 <= 0.9
		if rnd.Float64() < noise {
			y[i] = rnd.IntN(2) == 0
		}
	}
	return cols, y
}

// TestPlantedBox: the box at the knee, and the densest box of highest
// coverage with density ≥ 0.9, restrict exactly x1 and x3, within 0.05 of
// the true limits, with coverage and density ≥ 0.8. With 2000 cases and
// 5% of labels random, the true box has density about 0.975 and coverage
// about 0.88; peels come in steps of 5% of the box, so a limit can stop a
// peel short of the truth by about 0.05 × the box's width in that
// dimension plus sampling noise, below 0.05 for a box of width ≥ 0.4.
func TestPlantedBox(t *testing.T) {
	truth := map[string][2]float64{"x1": {0.2, 0.6}, "x3": {0.5, 0.9}}
	for _, tc := range []struct {
		name string
		seed uint64
		opt  *Options
		knee bool
	}{
		{"knee", 1, nil, true},
		{"knee pasted", 2, &Options{Paste: true}, true},
		{"density 0.9", 3, nil, false},
		{"density 0.9 pasted", 4, &Options{Paste: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cols, y := planted(2000, 0.05, rand.NewPCG(tc.seed, 99))
			tr, err := Find(cols, y, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			s := tr.Knee()
			if !tc.knee {
				var ok bool
				if s, ok = tr.Choose(0.9); !ok {
					t.Fatal("no step reaches density 0.9")
				}
			}
			st := tr.Steps[s]
			lims, err := tr.Restrictions(s)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("step %d of %d: coverage %.3f density %.3f mass %.3f: %v", s, len(tr.Steps)-1, st.Coverage, st.Density, st.Mass, lims)
			if !slices.Equal(st.Restricted, []string{"x1", "x3"}) {
				t.Fatalf("restricted %v; want [x1 x3]", st.Restricted)
			}
			if st.Coverage < 0.8 || st.Density < 0.8 {
				t.Errorf("coverage %.3f, density %.3f; want both ≥ 0.8", st.Coverage, st.Density)
			}
			for _, l := range lims {
				w := truth[l.Name]
				if math.Abs(l.Low-w[0]) > 0.05 || math.Abs(l.High-w[1]) > 0.05 {
					t.Errorf("%v; want %s in [%g, %g] within 0.05", l, l.Name, w[0], w[1])
				}
				if l.QuasiP > 1e-6 {
					t.Errorf("%v: quasi-p %.3g; want tiny for a planted restriction", l, l.QuasiP)
				}
			}
		})
	}
}

// TestTrajectoryMonotone: peeling only removes cases, so coverage and mass
// never rise and density rises at every peel; pasting only adds cases.
func TestTrajectoryMonotone(t *testing.T) {
	cols, y := planted(1000, 0.05, rand.NewPCG(5, 6))
	tr, err := Find(cols, y, &Options{Paste: true})
	if err != nil {
		t.Fatal(err)
	}
	s0 := tr.Steps[0]
	if s0.Coverage != 1 || s0.Mass != 1 || len(s0.Restricted) != 0 || s0.Cases != 1000 {
		t.Errorf("step 0: %+v; want the box of all cases", s0)
	}
	for s := 1; s < len(tr.Steps); s++ {
		prev, st := tr.Steps[s-1], tr.Steps[s]
		if st.Pasted {
			if st.Cases <= prev.Cases || st.Density < prev.Density {
				t.Errorf("paste %d: %d cases density %.4f after %d, %.4f", s, st.Cases, st.Density, prev.Cases, prev.Density)
			}
			continue
		}
		if st.Cases >= prev.Cases || st.Density <= prev.Density || st.Coverage > prev.Coverage {
			t.Errorf("peel %d: %d cases density %.4f coverage %.4f after %d, %.4f, %.4f", s, st.Cases, st.Density, st.Coverage, prev.Cases, prev.Density, prev.Coverage)
		}
		if st.Mass < 0.05 {
			t.Errorf("peel %d: mass %.4f below the minimum", s, st.Mass)
		}
	}
}

// TestDiscreteAndCategorical: a lever with ordered levels 0..3 (a numeric
// column) and a policy with unordered levels (categorical). Cases of
// interest need lever ≥ 2 and policy "b" or "d", and x < 0.5 on a
// continuous column. The box must keep exactly levels {2, 3} and {b, d},
// with limits on the lever's values, and every step's limits must cut
// between levels: no case of a level is in the box while another case of
// that level, inside on all other columns, is out.
func TestDiscreteAndCategorical(t *testing.T) {
	const n = 2000
	rnd := rand.New(rand.NewPCG(7, 8))
	lever := Column{Name: "lever", Values: make([]float64, n)}
	policy := Column{Name: "policy", Values: make([]float64, n), Levels: []string{"a", "b", "c", "d"}}
	x := Column{Name: "x", Values: make([]float64, n)}
	y := make([]bool, n)
	for i := range y {
		lever.Values[i] = float64(rnd.IntN(4))
		policy.Values[i] = float64(rnd.IntN(4))
		x.Values[i] = rnd.Float64()
		p := int(policy.Values[i])
		y[i] = lever.Values[i] >= 2 && (p == 1 || p == 3) && x.Values[i] < 0.5
		if rnd.Float64() < 0.02 {
			y[i] = !y[i]
		}
	}
	cols := []Column{lever, policy, x}
	tr, err := Find(cols, y, &Options{Paste: true})
	if err != nil {
		t.Fatal(err)
	}
	for s, b := range tr.boxes {
		for i := range y {
			for j := 0; j < 2; j++ {
				if b.inDim(cols, j, i) {
					continue
				}
				// Case i is out on column j: so is every case with its level.
				for i2 := range y {
					if cols[j].Values[i2] == cols[j].Values[i] && b.inDim(cols, j, i2) {
						t.Fatalf("step %d splits level %g of %s", s, cols[j].Values[i], cols[j].Name)
					}
				}
			}
		}
	}
	s := tr.Knee()
	st := tr.Steps[s]
	lims, err := tr.Restrictions(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("step %d: coverage %.3f density %.3f: %v", s, st.Coverage, st.Density, lims)
	if !slices.Equal(st.Restricted, []string{"lever", "policy", "x"}) {
		t.Fatalf("restricted %v; want [lever policy x]", st.Restricted)
	}
	if l := lims[0]; l.Low != 2 || !math.IsInf(l.High, 1) {
		t.Errorf("%v; want lever ≥ 2", l)
	}
	if l := lims[1]; !slices.Equal(l.Levels, []string{"b", "d"}) {
		t.Errorf("%v; want policy in {b, d}", l)
	}
	if l := lims[2]; !math.IsInf(l.Low, -1) || math.Abs(l.High-0.5) > 0.05 {
		t.Errorf("%v; want x ≤ 0.5", l)
	}
	if st.Coverage < 0.8 || st.Density < 0.8 {
		t.Errorf("coverage %.3f, density %.3f; want both ≥ 0.8", st.Coverage, st.Density)
	}
}

// TestQuasiP: a restriction that does nothing gets a large quasi-p-value.
// Forcing an extra restriction on a noise column into the planted box:
// dropping it leaves the density as it is, so P(X ≥ h) is about 1/2.
func TestQuasiP(t *testing.T) {
	cols, y := planted(2000, 0.05, rand.NewPCG(1, 99))
	tr, err := Find(cols, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := tr.Knee()
	b := tr.boxes[s].clone()
	b.low[0] = 0.3 // a restriction on x0, which does not matter
	var in []int
	for i := range y {
		if b.inExcept(cols, -1, i) {
			in = append(in, i)
		}
	}
	tr.add(b, in, false)
	lims, err := tr.Restrictions(len(tr.Steps) - 1)
	if err != nil {
		t.Fatal(err)
	}
	if lims[0].Name != "x0" || lims[0].QuasiP < 0.05 {
		t.Errorf("%v quasi-p %.3g; want large", lims[0], lims[0].QuasiP)
	}
	for _, l := range lims[1:] {
		if l.QuasiP > 1e-6 {
			t.Errorf("%v quasi-p %.3g; want tiny", l, l.QuasiP)
		}
	}
}

func TestBinomialUpper(t *testing.T) {
	for _, tc := range []struct {
		h, n int
		p    float64
		want float64
	}{
		{0, 10, 0.3, 1},
		{1, 1, 0.3, 0.3},
		{10, 10, 0.5, 1.0 / 1024},
		{2, 3, 0.5, 0.5},         // (3 + 1)/8
		{3, 4, 0.25, 13.0 / 256}, // 4·(1/4)³(3/4) + (1/4)⁴
		{5, 4, 0.5, 0},
	} {
		if got := binomialUpper(tc.h, tc.n, tc.p); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("P(Bin(%d, %g) ≥ %d) = %g; want %g", tc.n, tc.p, tc.h, got, tc.want)
		}
	}
}

func TestFindErrors(t *testing.T) {
	num := Column{Name: "a", Values: []float64{1, 2}}
	for _, tc := range []struct {
		name string
		cols []Column
		y    []bool
		opt  *Options
		want string
	}{
		{"alpha", []Column{num}, []bool{true, false}, &Options{Alpha: 0.6}, "prim: peeling fraction 0.6; want 0 (the default, 0.05) or a fraction in (0, 0.5)"},
		{"mass", []Column{num}, []bool{true, false}, &Options{MinMass: -1}, "prim: minimum mass -1; want 0 (the default, 0.05) or a fraction in (0, 1)"},
		{"no columns", nil, []bool{true}, nil, "prim: no columns"},
		{"no cases", []Column{{Name: "a"}}, nil, nil, "prim: no cases"},
		{"no interest", []Column{num}, []bool{false, false}, nil, "prim: none of the 2 cases is of interest"},
		{"length", []Column{num}, []bool{true}, nil, `prim: column "a" has 2 values for 1 cases`},
		{"NaN", []Column{{Name: "b", Values: []float64{1, math.NaN()}}}, []bool{true, false}, nil, `prim: column "b" case 1 is NaN`},
		{"level", []Column{{Name: "c", Values: []float64{0, 2}, Levels: []string{"p", "q"}}}, []bool{true, false}, nil, `prim: column "c" case 1 is 2; want a level index from 0 to 1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Find(tc.cols, tc.y, tc.opt)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v; want %q", err, tc.want)
			}
		})
	}
	tr, _ := Find([]Column{num}, []bool{true, false}, nil)
	if _, err := tr.Restrictions(5); err == nil || err.Error() != "prim: step 5; want 0 to 1" {
		t.Errorf("Restrictions(5): %v", err)
	}
}
