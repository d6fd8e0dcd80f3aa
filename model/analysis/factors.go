// This file implements the map from a point of the unit hypercube to the
// values of a scenario's uncertain parameters (doc.go, "Factors").

package analysis

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/thuis-nl/thuis/model/uncertainty"
)

// Factor is one coordinate of a sensitivity design: an uncertain
// parameter, or one key of an uncertain split.
type Factor struct {
	// Name is the parameter's path; PATH.KEY for a key of a split;
	// "posterior" for the rows of a calibrated scenario's posterior.
	Name string

	param int // index in the parameters
	key   int // the split's key, or -1
}

// Factors lists the factors of the varied parameters ps (as from
// uncertainty.Varied), in order: one per value or factor parameter, one
// per posterior, and one per key of a split with a positive Dirichlet
// parameter, when the split has two or more such keys.
func Factors(ps []uncertainty.Param) []Factor {
	var fs []Factor
	for i, p := range ps {
		if p.Kind != uncertainty.Shares {
			fs = append(fs, Factor{Name: p.Path, param: i, key: -1})
			continue
		}
		var keys []int
		for k, a := range p.Alpha {
			if a > 0 {
				keys = append(keys, k)
			}
		}
		if len(keys) < 2 {
			continue // the one positive key always has share 1
		}
		for _, k := range keys {
			fs = append(fs, Factor{Name: p.Path + "." + p.Keys[k], param: i, key: k})
		}
	}
	return fs
}

// Values maps the unit point u, one coordinate per factor of Factors(ps),
// to the values of ps in the order of their columns, as
// uncertainty.Apply takes them:
//
//   - a value or factor parameter takes its distribution's inverse CDF at
//     u, rounded if it counts whole people, places or units;
//   - a posterior takes the row whose cumulative weight first exceeds u,
//     as uncertainty.Sampler does;
//   - a split with Dirichlet parameters α takes, for each key i, the
//     quantile g_i of Gamma(α_i, 1) at its coordinate, and shares
//     g_i / Σ g. Independent uniform coordinates give exactly
//     Dirichlet(α) shares: a Dirichlet vector is a vector of independent
//     gamma variables over their sum. Raising one key's coordinate
//     raises its share and lowers the others in proportion.
func Values(ps []uncertainty.Param, fs []Factor, u []float64) ([]float64, error) {
	if len(u) != len(fs) {
		return nil, fmt.Errorf("analysis: a point of %d coordinates for %d factors", len(u), len(fs))
	}
	byParam := make([][]int, len(ps)) // factors of each parameter
	for j, f := range fs {
		byParam[f.param] = append(byParam[f.param], j)
	}
	var out []float64
	for i, p := range ps {
		switch p.Kind {
		case uncertainty.Shares:
			g := make([]float64, len(p.Alpha))
			sum := 0.0
			for _, j := range byParam[i] {
				k := fs[j].key
				g[k] = distuv.Gamma{Alpha: p.Alpha[k], Beta: 1}.Quantile(u[j])
				sum += g[k]
			}
			if len(byParam[i]) == 0 { // one positive key: its share is 1
				for k, a := range p.Alpha {
					if a > 0 {
						g[k], sum = 1, 1
					}
				}
			}
			if sum == 0 || math.IsInf(sum, 0) {
				// Every gamma quantile underflowed (tiny α at small u) or
				// overflowed: fall back to the mean shares.
				sum = 0
				for k, a := range p.Alpha {
					g[k] = a
					sum += a
				}
			}
			for k := range g {
				g[k] /= sum
			}
			out = append(out, g...)
		case uncertainty.Joint:
			j := byParam[i][0]
			out = append(out, p.Rows[row(p.Weights, u[j])]...)
		default:
			j := byParam[i][0]
			v := p.Dist.Quantile(u[j])
			if p.Whole {
				v = math.Round(v)
			}
			out = append(out, v)
		}
	}
	return out, nil
}

// row picks the row whose cumulative weight first exceeds u, as
// uncertainty.Sampler does.
func row(weights []float64, u float64) int {
	acc := 0.0
	for i, w := range weights {
		acc += w
		if u < acc {
			return i
		}
	}
	return len(weights) - 1
}
