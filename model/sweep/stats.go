package sweep

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Wilson returns the Wilson score interval for k successes in n trials at
// confidence level conf (e.g. 0.95). It stays inside [0, 1] and behaves
// well for k = 0 or k = n, unlike the normal approximation.
func Wilson(k, n int, conf float64) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	z := distuv.UnitNormal.Quantile(1 - (1-conf)/2)
	p := float64(k) / float64(n)
	nf := float64(n)
	denom := 1 + z*z/nf
	center := (p + z*z/(2*nf)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf))
	return math.Max(0, center-half), math.Min(1, center+half)
}

// Quantiles are the fan and summary quantiles.
var Quantiles = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// summarize returns the mean and the Quantiles of xs (sorted in place),
// with gonum's empirical quantile (the smallest x with at least a share p
// of the data at or below it).
func summarize(xs []float64) (mean float64, qs []float64) {
	sort.Float64s(xs)
	qs = make([]float64, len(Quantiles))
	if len(xs) == 0 {
		for i := range qs {
			qs[i] = math.NaN()
		}
		return math.NaN(), qs
	}
	for i, p := range Quantiles {
		qs[i] = stat.Quantile(p, stat.Empirical, xs, nil)
	}
	return stat.Mean(xs, nil), qs
}
