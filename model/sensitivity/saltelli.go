// This file implements Sobol' indices by the Saltelli (2010) design with
// the Saltelli first-order and Jansen total-effect estimators (doc.go,
// "Sobol' indices").

package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/samplemv"
)

// Saltelli is the design and analysis of Saltelli et al. (2010) for
// first-order and total Sobol' indices. The zero value draws N = 1024 base
// points from a scrambled Sobol' sequence and bootstraps 95% intervals
// from 1000 resamples.
type Saltelli struct {
	// N is the number of base points, the rows of A and of B; zero
	// means 1024. A design has N(k+2) rows. With Sobol' points, a power
	// of two keeps the sequence balanced.
	N int

	// Base fills the N×2k matrix [A B] with points in the unit
	// hypercube. Nil means a Sobol' sequence scrambled from the source
	// given to Design. Another choice is samplemv.LatinHypercube with
	// distmv.NewUnitUniform(2k, src).
	Base samplemv.Sampler

	// Resamples is the number of bootstrap resamples of the base points
	// for the intervals; zero means 1000.
	Resamples int

	// Confidence is the level of the intervals; zero means 0.95.
	Confidence float64
}

// Index holds the Sobol' indices of one factor.
type Index struct {
	// First is the first-order index S_i = V(E(Y|X_i)) / V(Y): the
	// share of the output variance the factor explains alone.
	First float64

	// Total is the total index S_Ti = E(V(Y|X_~i)) / V(Y): the share
	// it explains alone and through interactions with other factors.
	Total float64

	// FirstCI and TotalCI are bootstrap percentile intervals. An
	// estimate below zero whose interval covers zero is noise around a
	// true index of (nearly) zero.
	FirstCI, TotalCI Interval
}

// RunsNeeded returns the number of model runs of a Saltelli design with n
// base points over k factors: n(k+2).
func RunsNeeded(k, n int) int { return n * (k + 2) }

func (s Saltelli) n() int {
	if s.N == 0 {
		return 1024
	}
	return s.N
}

// Runs returns the number of rows of a design for k factors, N(k+2).
func (s Saltelli) Runs(k int) int { return RunsNeeded(k, s.n()) }

// Design returns the N(k+2) points in [0,1)^k at which to run the model,
// in blocks of k+2 rows, one block per base point j:
//
//	row j(k+2)        A_j
//	row j(k+2)+1+i    A_B^(i)_j: A_j with factor i taken from B_j, i = 0..k−1
//	row j(k+2)+k+1    B_j
//
// Resampling blocks is resampling base points, so a bootstrap needs no
// other bookkeeping. With the default Base, src scrambles the Sobol'
// sequence; with a Base of its own, src is not used and may be nil.
func (s Saltelli) Design(k int, src rand.Source) ([][]float64, error) {
	n := s.n()
	if n < 2 {
		return nil, fmt.Errorf("sensitivity: Saltelli design with N = %d base points; want 2 or more", n)
	}
	if k < 1 {
		return nil, fmt.Errorf("sensitivity: Saltelli design for %d factors; want 1 or more", k)
	}
	base := s.Base
	if base == nil {
		if 2*k > MaxSobolDim {
			return nil, fmt.Errorf("sensitivity: Saltelli design for %d factors needs %d Sobol' dimensions; at most %d factors (or give a Base sampler)", k, 2*k, MaxSobolDim/2)
		}
		if src == nil {
			return nil, fmt.Errorf("sensitivity: Saltelli design without a random source to scramble the Sobol' sequence")
		}
		base = Sobol{Src: src}
	}
	ab := mat.NewDense(n, 2*k, nil)
	base.Sample(ab)
	design := make([][]float64, 0, n*(k+2))
	for j := 0; j < n; j++ {
		row := ab.RawRowView(j)
		a, b := row[:k:k], row[k:]
		design = append(design, append([]float64(nil), a...))
		for i := 0; i < k; i++ {
			abi := append([]float64(nil), a...)
			abi[i] = b[i]
			design = append(design, abi)
		}
		design = append(design, append([]float64(nil), b...))
	}
	return design, nil
}

// Analyze returns the indices of the k factors from the outputs y of a
// design made by Design, one per row. With f_A, f_B and f_ABi the outputs
// at A_j, B_j and A_B^(i)_j, and V the variance of all f_A and f_B,
//
//	S_i  = (1/N) Σ_j f_B (f_ABi − f_A) / V          Saltelli et al. (2010)
//	S_Ti = (1/2N) Σ_j (f_A − f_ABi)² / V            Jansen (1999)
//
// f_B is centred on the mean of all f_A and f_B first. That leaves the
// expectation of S_i as it is, since f_ABi − f_A has mean zero, and takes
// out a noise term proportional to the mean of the output, large when the
// output is a count in the thousands that varies by hundreds.
//
// The intervals come from resampling base points (blocks of k+2 rows)
// with replacement; src draws the resamples. If src is nil the intervals
// are NaN.
func (s Saltelli) Analyze(k int, y []float64, src rand.Source) ([]Index, error) {
	resamples, confidence, err := bootstrapSettings(s.Resamples, s.Confidence)
	if err != nil {
		return nil, err
	}
	if k < 1 {
		return nil, fmt.Errorf("sensitivity: Saltelli analysis for %d factors; want 1 or more", k)
	}
	if len(y) == 0 || len(y)%(k+2) != 0 {
		return nil, fmt.Errorf("sensitivity: %d outputs for a Saltelli design over %d factors; want a positive multiple of %d", len(y), k, k+2)
	}
	for j, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sensitivity: output %d is %g", j, v)
		}
	}
	n := len(y) / (k + 2)
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	first := make([]float64, k)
	total := make([]float64, k)
	if !sobolIndices(k, y, all, first, total) {
		return nil, fmt.Errorf("sensitivity: the output does not vary over the %d base points", n)
	}
	indices := make([]Index, k)
	for i := range indices {
		indices[i] = Index{First: first[i], Total: total[i], FirstCI: noInterval, TotalCI: noInterval}
	}
	if src == nil {
		return indices, nil
	}
	rnd := rand.New(src)
	bootFirst := make([][]float64, k)
	bootTotal := make([][]float64, k)
	for i := range bootFirst {
		bootFirst[i] = make([]float64, 0, resamples)
		bootTotal[i] = make([]float64, 0, resamples)
	}
	pick := make([]int, n)
	for b := 0; b < resamples; b++ {
		for j := range pick {
			pick[j] = rnd.IntN(n)
		}
		if !sobolIndices(k, y, pick, first, total) {
			continue // a resample of identical outputs says nothing
		}
		for i := 0; i < k; i++ {
			bootFirst[i] = append(bootFirst[i], first[i])
			bootTotal[i] = append(bootTotal[i], total[i])
		}
	}
	if len(bootFirst[0]) == 0 {
		return indices, nil
	}
	for i := range indices {
		indices[i].FirstCI = percentile(bootFirst[i], confidence)
		indices[i].TotalCI = percentile(bootTotal[i], confidence)
	}
	return indices, nil
}

// sobolIndices estimates the first-order and total indices into first and
// total from the base points pick (with repeats, for a bootstrap). It
// reports false if the outputs at A and B have no variance.
func sobolIndices(k int, y []float64, pick []int, first, total []float64) bool {
	n := float64(len(pick))
	// The variance of f_A and f_B together, by a shifted two-pass sum
	// for accuracy when the mean is large against the spread.
	mean := 0.0
	for _, j := range pick {
		mean += y[j*(k+2)] + y[j*(k+2)+k+1]
	}
	mean /= 2 * n
	variance := 0.0
	for _, j := range pick {
		fa, fb := y[j*(k+2)]-mean, y[j*(k+2)+k+1]-mean
		variance += fa*fa + fb*fb
	}
	variance /= 2 * n
	if variance == 0 {
		return false
	}
	clear(first)
	clear(total)
	for _, j := range pick {
		block := y[j*(k+2) : (j+1)*(k+2)]
		fa, fb := block[0], block[k+1]-mean
		for i := 0; i < k; i++ {
			fabi := block[1+i]
			first[i] += fb * (fabi - fa)
			total[i] += (fa - fabi) * (fa - fabi)
		}
	}
	for i := 0; i < k; i++ {
		first[i] /= n * variance
		total[i] /= 2 * n * variance
	}
	return true
}
