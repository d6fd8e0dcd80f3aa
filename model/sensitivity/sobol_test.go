package sensitivity

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// TestSobolPolynomialsArePrimitive: the direction numbers rest on
// primitive polynomials over GF(2), all different; x has order 2^s − 1
// modulo a primitive polynomial of degree s. The initial m_k are odd and
// below 2^k. A wrong line in the table fails here.
func TestSobolPolynomialsArePrimitive(t *testing.T) {
	seen := map[uint32]bool{}
	for j, e := range joeKuo {
		s := e.s
		if e.a >= 1<<(s-1) {
			t.Errorf("dimension %d: a = %d has more than s−1 = %d bits", j+2, e.a, s-1)
		}
		poly := 1<<s | e.a<<1 | 1
		if seen[poly] {
			t.Errorf("dimension %d: polynomial %b repeats", j+2, poly)
		}
		seen[poly] = true
		// Multiply by x modulo poly until we are back at 1.
		order, x := uint32(0), uint32(1)
		for {
			x <<= 1
			if x&(1<<s) != 0 {
				x ^= poly
			}
			order++
			if x == 1 || order > 1<<s {
				break
			}
		}
		if order != 1<<s-1 {
			t.Errorf("dimension %d: x has order %d modulo %b; want %d", j+2, order, poly, 1<<s-1)
		}
		if len(e.m) != int(s) {
			t.Errorf("dimension %d: %d initial direction numbers; want %d", j+2, len(e.m), s)
		}
		for k, m := range e.m {
			if m%2 == 0 || m >= 1<<(k+1) {
				t.Errorf("dimension %d: m_%d = %d; want odd and below %d", j+2, k+1, m, 1<<(k+1))
			}
		}
	}
}

// TestSobolFirstPoints: the first points of the first two dimensions, as
// in every implementation (Bratley and Fox 1988; SciPy).
func TestSobolFirstPoints(t *testing.T) {
	want := [][]float64{
		{0, 0}, {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75},
		{0.375, 0.375}, {0.875, 0.875}, {0.625, 0.125}, {0.125, 0.625},
	}
	got := mat.NewDense(len(want), 2, nil)
	Sobol{}.Sample(got)
	for i, w := range want {
		if r := got.RawRowView(i); r[0] != w[0] || r[1] != w[1] {
			t.Errorf("point %d = %v; want %v", i, r, w)
		}
	}
}

// TestSobolStratification: the first 2^m points of a Sobol' sequence are a
// (0,m,1)-net in every single dimension: each interval [i/2^m, (i+1)/2^m)
// holds one point. Dimensions 1 and 2 together form a (0,2)-sequence, so
// every elementary box of volume 2^-m (2^a by 2^b cells, a+b = m) holds
// one point too. Scrambling must keep both.
func TestSobolStratification(t *testing.T) {
	const m = 10
	n := 1 << m
	for _, tc := range []struct {
		name string
		src  rand.Source
	}{
		{"plain", nil},
		{"scrambled", rand.NewPCG(1, 2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pts := mat.NewDense(n, MaxSobolDim, nil)
			Sobol{Src: tc.src}.Sample(pts)
			for j := 0; j < MaxSobolDim; j++ {
				count := make([]int, n)
				for i := 0; i < n; i++ {
					x := pts.At(i, j)
					if x < 0 || x >= 1 {
						t.Fatalf("dimension %d point %d = %g, outside [0,1)", j+1, i, x)
					}
					count[int(x*float64(n))]++
				}
				for c, cnt := range count {
					if cnt != 1 {
						t.Errorf("dimension %d: %d points in cell %d of %d; want 1", j+1, cnt, c, n)
						break
					}
				}
			}
			for a := 0; a <= m; a++ {
				na, nb := 1<<a, 1<<(m-a)
				count := make([]int, n)
				for i := 0; i < n; i++ {
					cx := int(pts.At(i, 0) * float64(na))
					cy := int(pts.At(i, 1) * float64(nb))
					count[cx*nb+cy]++
				}
				for c, cnt := range count {
					if cnt != 1 {
						t.Errorf("dimensions 1, 2 with %d×%d cells: %d points in cell %d; want 1", na, nb, cnt, c)
						break
					}
				}
			}
		})
	}
}

// TestSobolIntegrates: Sobol' points integrate a smooth 20-dimensional
// function, Π (1 + (x_j − 1/2)/j) with integral 1, far better than random
// points. With N = 4096, independent random points have a standard error
// of about 0.0069 (the function's sd over √N); scrambled Sobol' points,
// over 10 independent scramblings, should have a root mean square error
// at least ten times smaller.
func TestSobolIntegrates(t *testing.T) {
	const n, d, reps = 4096, 20, 10
	f := func(x []float64) float64 {
		p := 1.0
		for j, v := range x {
			p *= 1 + (v-0.5)/float64(j+1)
		}
		return p
	}
	// The variance of f under uniform x: Π (1 + 1/(12 j²)) − 1.
	variance := 1.0
	for j := 1; j <= d; j++ {
		variance *= 1 + 1/(12*float64(j*j))
	}
	variance--
	mcError := math.Sqrt(variance / n)

	pts := mat.NewDense(n, d, nil)
	src := rand.NewPCG(3, 4)
	sq := 0.0
	for r := 0; r < reps; r++ {
		Sobol{Src: src}.Sample(pts)
		ys := make([]float64, n)
		for i := range ys {
			ys[i] = f(pts.RawRowView(i))
		}
		e := stat.Mean(ys, nil) - 1
		sq += e * e
	}
	rmse := math.Sqrt(sq / reps)
	if rmse > mcError/10 {
		t.Errorf("Sobol' RMSE %.2g; want below a tenth of the Monte Carlo error %.2g", rmse, mcError)
	}
}

func TestSobolPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for too many dimensions")
		}
	}()
	Sobol{}.Sample(mat.NewDense(2, MaxSobolDim+1, nil))
}
