package sensitivity

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSpearman: ranks with ties; ±1 for monotone relations however
// non-linear; about 0 for independent draws, within the interval; and
// for a bivariate normal with correlation r, the known value
// (6/π) asin(r/2) (Pearson 1907), within the interval at n = 2000.
func TestSpearman(t *testing.T) {
	if got := Ranks([]float64{3, 1, 3, 2}); !slices.Equal(got, []float64{3.5, 1, 3.5, 2}) {
		t.Errorf("ranks %v", got)
	}
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{1, 8, 27, 64, 125, 216}
	if r := Spearman(x, y); r != 1 {
		t.Errorf("ρ of x and x³ = %v; want 1", r)
	}
	if r := Spearman(x, []float64{6, 5, 4, 3, 2, 1}); r != -1 {
		t.Errorf("ρ of x and −x = %v; want −1", r)
	}
	if r := Spearman(x, []float64{1, 1, 1, 1, 1, 1}); !math.IsNaN(r) {
		t.Errorf("ρ with a constant = %v; want NaN", r)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	const n = 2000
	const rho = 0.6
	a, b := make([]float64, n), make([]float64, n)
	for i := range a {
		z1, z2 := rnd.NormFloat64(), rnd.NormFloat64()
		a[i], b[i] = z1, rho*z1+math.Sqrt(1-rho*rho)*z2
	}
	want := 6 / math.Pi * math.Asin(rho/2)
	got := Spearman(a, b)
	lo, hi := SpearmanInterval(got, n)
	if !(lo <= want && want <= hi) {
		t.Errorf("ρ = %.4f [%.4f, %.4f]; the bivariate normal's is %.4f", got, lo, hi, want)
	}
	for i := range b {
		b[i] = rnd.NormFloat64()
	}
	got = Spearman(a, b)
	if lo, hi := SpearmanInterval(got, n); !(lo <= 0 && 0 <= hi) {
		t.Errorf("independent: ρ = %.4f [%.4f, %.4f] leaves out 0", got, lo, hi)
	}
	if lo, hi := SpearmanInterval(0.5, 3); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Error("an interval from 3 pairs")
	}
}

// TestRankInputs: inputs come strongest first, by |ρ| whatever its sign;
// a constant input is left out, and a constant output gives nothing.
func TestRankInputs(t *testing.T) {
	y := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	xs := [][]float64{
		{2, 1, 4, 3, 6, 5, 8, 7}, // follows y loosely
		{8, 7, 6, 5, 4, 3, 2, 1}, // exactly against y
		{3, 3, 3, 3, 3, 3, 3, 3}, // constant
	}
	rs := RankInputs([]string{"loose", "against", "constant"}, xs, y)
	if len(rs) != 2 || rs[0].Input != "against" || rs[0].Rho != -1 || rs[1].Input != "loose" || !(rs[1].Rho > 0.9 && rs[1].Rho < 1) {
		t.Fatalf("RankInputs = %+v", rs)
	}
	if lo, hi := SpearmanInterval(rs[1].Rho, len(y)); rs[1].Low != lo || rs[1].High != hi {
		t.Errorf("interval %v, %v; want %v, %v", rs[1].Low, rs[1].High, lo, hi)
	}
	if rs := RankInputs([]string{"loose"}, xs[:1], xs[2]); rs != nil {
		t.Errorf("a constant output gives %+v", rs)
	}
}
