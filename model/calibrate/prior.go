package calibrate

// This file implements the prior densities the importance weights need.

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/thuis-nl/thuis/model/dist"
)

// prior is one coordinate's prior: quantile draws it (by inverse CDF),
// lo and hi bound it, logDensity weighs it.
type prior struct {
	spec       dist.Spec
	lo, hi     float64
	quantile   func(u float64) float64
	logDensity func(x float64) float64
}

// newCoordinate binds a parameter's prior: x's, or log x's for a Log
// parameter, whose density is p(e^y)·e^y.
func newCoordinate(p Parameter) prior {
	pr := newPrior(p.Prior)
	if !p.Log {
		return pr
	}
	lin := pr.logDensity
	pr.lo, pr.hi = math.Log(pr.lo), math.Log(pr.hi) // log 0 = −Inf
	pr.quantile = func(u float64) float64 { return math.Log(p.Prior.Quantile(u)) }
	pr.logDensity = func(y float64) float64 {
		if !(y >= pr.lo && y <= pr.hi) {
			return math.Inf(-1)
		}
		return lin(math.Exp(y)) + y
	}
	return pr
}

// logProber is a gonum distribution's log density.
type logProber interface{ LogProb(float64) float64 }

// newPrior binds a valid, non-fixed spec. The gonum distributions are
// parameterised as dist.Spec's CDF and Quantile are (a test checks the
// density against the derivative of Spec.CDF); dist.Spec has no density of
// its own.
func newPrior(s dist.Spec) prior {
	p := s.P
	pr := prior{spec: s, quantile: s.Quantile}
	pr.lo, pr.hi = s.Support()
	var d logProber
	shift, width, logNorm := 0.0, 1.0, 0.0 // log density of x is d.LogProb((x−shift)/width) − log width − logNorm
	switch s.Kind {
	case dist.Exponential:
		d = distuv.Exponential{Rate: 1 / p["mean"]}
	case dist.Uniform:
		d = distuv.Uniform{Min: p["min"], Max: p["max"]}
	case dist.Triangular:
		d = distuv.NewTriangle(p["min"], p["max"], p["mode"], nil)
	case dist.Gamma:
		cv := p["sd"] / p["mean"]
		alpha := 1 / (cv * cv)
		d = distuv.Gamma{Alpha: alpha, Beta: alpha / p["mean"]}
	case dist.LogNormal:
		s2 := math.Log1p(p["sd"] * p["sd"] / (p["mean"] * p["mean"]))
		d = distuv.LogNormal{Mu: math.Log(p["mean"]) - s2/2, Sigma: math.Sqrt(s2)}
	case dist.Normal:
		n := distuv.Normal{Mu: p["mean"], Sigma: p["sd"]}
		d = n
		logNorm = math.Log(n.CDF(pr.hi) - n.CDF(pr.lo)) // truncation; 0 without bounds
	case dist.Beta:
		d = distuv.Beta{Alpha: p["alpha"], Beta: p["beta"]}
		if _, ok := p["min"]; ok {
			shift, width = p["min"], p["max"]-p["min"]
		}
	default:
		panic("calibrate: prior of kind " + string(s.Kind)) // withDefaults refuses it
	}
	logWidth := math.Log(width)
	pr.logDensity = func(x float64) float64 {
		if !(x >= pr.lo && x <= pr.hi) {
			return math.Inf(-1)
		}
		return d.LogProb((x-shift)/width) - logWidth - logNorm
	}
	return pr
}
