// This file implements the split of output variance into parameter
// effects and stochastic noise (doc.go, "Stochastic noise").

package sensitivity

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
)

// Noise splits the variance of a stochastic model's output over a design
// into the part the parameters explain and the part that is stochastic
// noise within a design point. By the law of total variance, for one run
// at a random design point θ,
//
//	V(Y) = V(E(Y|θ)) + E(V(Y|θ)) = Parameters + Within.
type Noise struct {
	// Points and Replications are the numbers of design points and of
	// runs per point, R.
	Points, Replications int

	// Means holds the mean output of each point over its replications:
	// the outputs to compute sensitivity indices on.
	Means []float64

	// Within is the mean over points of the variance of the
	// replications (divisor R−1): an unbiased estimate of E(V(Y|θ)),
	// the stochastic noise of one run.
	Within float64

	// BetweenMeans is the variance of Means over points (divisor
	// Points−1). Its expectation is Parameters + Within/R: the means
	// still carry noise.
	BetweenMeans float64

	// Parameters is BetweenMeans − Within/R, an unbiased estimate of
	// V(E(Y|θ)), the variance the parameters explain (one-way ANOVA
	// with random effects; Searle et al. 1992, ch. 3). It is set to 0
	// when noise makes it negative.
	Parameters float64
}

// Share returns the noise share of the variance of one run,
// Within / (Within + Parameters).
func (n Noise) Share() float64 { return n.Within / (n.Within + n.Parameters) }

// MeanShare returns the noise share left in the variance of Means,
// (Within/R) / BetweenMeans, at most 1. Sobol' indices computed on Means
// add up to about 1 − MeanShare: noise acts like one more factor, which
// interacts with none of the others.
func (n Noise) MeanShare() float64 {
	return math.Min(1, n.Within/float64(n.Replications)/n.BetweenMeans)
}

// SplitNoise splits the variance of the outputs y[point][replication],
// with the same number R ≥ 2 of replications at each of 2 or more design
// points, into Within and Parameters (see Noise).
func SplitNoise(y [][]float64) (Noise, error) {
	if len(y) < 2 {
		return Noise{}, fmt.Errorf("sensitivity: noise split over %d design points; want 2 or more", len(y))
	}
	r := len(y[0])
	if r < 2 {
		return Noise{}, fmt.Errorf("sensitivity: noise split with %d replications; want 2 or more at each point", r)
	}
	nz := Noise{Points: len(y), Replications: r, Means: make([]float64, len(y))}
	for i, reps := range y {
		if len(reps) != r {
			return Noise{}, fmt.Errorf("sensitivity: design point %d has %d replications; want %d, as point 0", i, len(reps), r)
		}
		for j, v := range reps {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Noise{}, fmt.Errorf("sensitivity: output of point %d replication %d is %g", i, j, v)
			}
		}
		mean, variance := stat.MeanVariance(reps, nil)
		nz.Means[i] = mean
		nz.Within += variance
	}
	nz.Within /= float64(len(y))
	nz.BetweenMeans = stat.Variance(nz.Means, nil)
	nz.Parameters = math.Max(0, nz.BetweenMeans-nz.Within/float64(r))
	return nz, nil
}
