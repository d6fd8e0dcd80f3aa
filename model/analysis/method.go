// This file implements the sensitivity methods a Config chooses between
// (doc.go, "Sensitivity").

package analysis

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/thuis-nl/thuis/model/sensitivity"
)

// Method is a global sensitivity method: a design of points in the unit
// hypercube and the indices computed from the outputs at those points.
type Method interface {
	// Name is "morris" or "sobol", as in sensitivity.csv.
	Name() string
	// Points returns the number of design points for k factors.
	Points(k int) int
	// Design returns the design points for k factors.
	Design(k int, src rand.Source) ([][]float64, error)
	// Indices returns the indices of each factor from the outputs y, one
	// per design point; src draws bootstrap resamples.
	Indices(design [][]float64, y []float64, src rand.Source) ([][]Index, error)
}

// Index is one sensitivity index of one factor, with its bootstrap
// interval (NaN where none is computed).
type Index struct {
	// Name is mu_star, mu or sigma (Morris), S1 or ST (Sobol').
	Name             string
	Value, Low, High float64
}

// Morris is Morris screening (sensitivity.Morris) with the levels at the
// midpoints of equal-probability strata, so that no coordinate is 0 or 1,
// where the inverse CDF of an unbounded distribution is infinite. The
// zero value is 10 trajectories on 4 levels: 10(k+1) points.
type Morris struct{ sensitivity.Morris }

func (m Morris) Name() string { return "morris" }

func (m Morris) Points(k int) int { return m.Morris.Runs(k) }

func (m Morris) Design(k int, src rand.Source) ([][]float64, error) {
	m.Midpoints = true
	return m.Morris.Design(k, src)
}

// Indices returns μ* with its interval, μ and σ of each factor.
func (m Morris) Indices(design [][]float64, y []float64, src rand.Source) ([][]Index, error) {
	m.Midpoints = true
	effects, err := m.Analyze(design, y, src)
	if err != nil {
		return nil, err
	}
	out := make([][]Index, len(effects))
	nan := math.NaN()
	for i, e := range effects {
		out[i] = []Index{
			{"mu_star", e.MuStar, e.MuStarCI.Low, e.MuStarCI.High},
			{"mu", e.Mu, nan, nan},
			{"sigma", e.Sigma, nan, nan},
		}
	}
	return out, nil
}

// Sobol is Sobol' indices by the Saltelli (2010) design
// (sensitivity.Saltelli). The zero value has N = 1024 base points:
// 1024(k+2) points. Above sensitivity.MaxSobolDim/2 factors, for which the
// Sobol' sequence has no direction numbers, the base points are a Latin
// hypercube instead.
type Sobol struct{ sensitivity.Saltelli }

func (s Sobol) Name() string { return "sobol" }

func (s Sobol) Points(k int) int { return s.Saltelli.Runs(k) }

func (s Sobol) Design(k int, src rand.Source) ([][]float64, error) {
	if s.Base == nil && 2*k > sensitivity.MaxSobolDim {
		s.Base = samplemv.LatinHypercube{Q: distmv.NewUnitUniform(2*k, src), Src: src}
	}
	return s.Saltelli.Design(k, src)
}

// Indices returns S1 and ST of each factor, with their intervals.
func (s Sobol) Indices(design [][]float64, y []float64, src rand.Source) ([][]Index, error) {
	k := 0
	if len(design) > 0 {
		k = len(design[0])
	}
	indices, err := s.Analyze(k, y, src)
	if err != nil {
		return nil, err
	}
	out := make([][]Index, len(indices))
	for i, x := range indices {
		out[i] = []Index{
			{"S1", x.First, x.FirstCI.Low, x.FirstCI.High},
			{"ST", x.Total, x.TotalCI.Low, x.TotalCI.High},
		}
	}
	return out, nil
}
