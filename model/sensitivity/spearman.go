// This file implements Spearman's rank correlation, with the interval of
// Fieller, Hartley and Pearson (1957): a cheap screening of which inputs
// drive an output over a set of runs already made.

package sensitivity

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// Spearman returns Spearman's rank correlation of x and y: Pearson's
// correlation (gonum's stat.Correlation) of their ranks, ties given their
// mean rank. It is NaN if x or y is constant or they have fewer than two
// values.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 || constant(x) || constant(y) {
		return math.NaN()
	}
	return stat.Correlation(Ranks(x), Ranks(y), nil)
}

// SpearmanInterval returns a 95% interval of a Spearman correlation rho
// over n pairs: tanh(atanh(ρ) ± 1.96 √(1.06/(n−3))), Fisher's z with the
// variance of Fieller, Hartley and Pearson (1957). It needs n ≥ 4; a ρ of
// ±1 keeps its own end.
func SpearmanInterval(rho float64, n int) (low, high float64) {
	if n < 4 || math.IsNaN(rho) {
		return math.NaN(), math.NaN()
	}
	se := math.Sqrt(1.06 / float64(n-3))
	z := math.Atanh(math.Max(-0.999999, math.Min(0.999999, rho)))
	return math.Min(rho, math.Tanh(z-1.96*se)), math.Max(rho, math.Tanh(z+1.96*se))
}

// Rank is one input's Spearman correlation with an output, with its 95%
// interval (SpearmanInterval).
type Rank struct {
	Input          string
	Rho, Low, High float64
}

// RankInputs returns the rank correlation with y of every input that
// varies (names[i] has the values xs[i], one per run, as y), strongest
// (largest |ρ|) first; nil if y is constant.
func RankInputs(names []string, xs [][]float64, y []float64) []Rank {
	if constant(y) {
		return nil
	}
	var rs []Rank
	for i, x := range xs {
		rho := Spearman(x, y)
		if math.IsNaN(rho) {
			continue // the input does not vary
		}
		lo, hi := SpearmanInterval(rho, len(y))
		rs = append(rs, Rank{Input: names[i], Rho: rho, Low: lo, High: hi})
	}
	sort.SliceStable(rs, func(a, b int) bool { return math.Abs(rs[a].Rho) > math.Abs(rs[b].Rho) })
	return rs
}

// Ranks returns the ranks of xs from 1, ties given their mean rank.
func Ranks(xs []float64) []float64 {
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return xs[order[a]] < xs[order[b]] })
	r := make([]float64, len(xs))
	for i := 0; i < len(order); {
		j := i
		for j+1 < len(order) && xs[order[j+1]] == xs[order[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[order[k]] = mean
		}
		i = j + 1
	}
	return r
}

func constant(xs []float64) bool {
	for _, x := range xs {
		if x != xs[0] {
			return false
		}
	}
	return true
}
