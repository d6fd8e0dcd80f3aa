package calibrate

// This file implements likelihood-tempered SMC with pseudo-marginal moves:
// the sampler whose target is the posterior under the error model itself,
// not an ABC approximation of it. See the package documentation, "Method:
// smc-tempered".

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/stat"
)

// logLik returns −½ Σ_i ((x_i − y_i)/s_i)² over the fitted targets: the
// log density of the observations y under the error model y = x + e,
// e_i ~ N(0, s_i²), given simulated outputs x, up to a constant. For x one
// simulation at θ, exp(logLik) is an unbiased estimate of the likelihood
// p(y | θ) (up to that constant), which makes the moves exact.
func (c *calibration) logLik(outputs []float64) float64 {
	sum := 0.0
	for _, i := range c.fit {
		t := c.cfg.Targets[i]
		z := (outputs[i] - t.Value) / t.Noise()
		sum += z * z
	}
	return -0.5 * sum
}

// bisections is the number of halvings nextBeta makes: the exponent is
// found to within 2⁻⁵⁰ of the interval it searches.
const bisections = 50

// nextBeta returns the exponent after beta for equally weighted particles
// with log-likelihoods ll, and their normalised incremental weights
// w_i ∝ exp((next − beta)·ll_i): next is 1 if the weights keep an
// effective sample size (Σw)²/Σw² of at least ess there, and otherwise the
// exponent at which they keep ess, found by bisection (the effective
// sample size falls as the exponent grows). A log-likelihood of −Inf gets
// weight 0; at least one must be finite. The exponent always grows: where
// even the smallest step bisection reaches keeps less than ess (the
// log-likelihoods differ by some 10¹⁵ or more: an observation's error in
// the wrong unit, say), next is that step, so the calibration goes on or
// fails on the collapse, and never loops at one exponent.
func nextBeta(beta float64, ll []float64, ess float64) (float64, []float64) {
	top := floats.Max(ll)
	w := make([]float64, len(ll))
	weigh := func(delta float64) float64 {
		for i, l := range ll {
			w[i] = 0
			if !math.IsInf(l, -1) {
				w[i] = math.Exp(delta * (l - top))
			}
		}
		floats.Scale(1/floats.Sum(w), w)
		return 1 / floats.Dot(w, w)
	}
	if weigh(1-beta) >= ess {
		return 1, w
	}
	lo, hi := 0.0, 1-beta
	for range bisections {
		mid := (lo + hi) / 2
		if weigh(mid) >= ess {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		lo = hi
	}
	weigh(lo)
	return beta + lo, w
}

// systematic returns N indices drawn by systematic resampling from the
// normalised weights w with the uniform u in [0, 1): index k is drawn
// ⌊N w_k⌋ or ⌈N w_k⌉ times, which varies less than multinomial draws.
func systematic(w []float64, u float64) []int {
	n := len(w)
	// The last index of positive weight: where rounding leaves the sum of
	// the weights just below 1, the last draws stop there, not on a weight
	// that underflowed to 0.
	last := n - 1
	for last > 0 && w[last] == 0 {
		last--
	}
	idx := make([]int, n)
	cum, k := w[0], 0
	for i := range idx {
		x := (float64(i) + u) / float64(n)
		for x >= cum && k < last {
			k++
			cum += w[k]
		}
		idx[i] = k
	}
	return idx
}

// Distinct and MaxSettling end the settling populations at exponent 1:
// they go on until at least Distinct·N of the N particles are distinct, or
// for at most MaxSettling populations.
const (
	Distinct    = 0.9
	MaxSettling = 10
)

// runTempered runs the populations of likelihood-tempered SMC and returns
// the final particles, best distance first: at exponent 1, the posterior,
// or, if the budget ran out first, the tempered posterior at the last
// population's exponent.
//
// Population 0 draws N particles from the prior, at exponent β₀ = 0.
// Population t ≥ 1 chooses β_t (nextBeta: the effective sample size of
// the reweighted particles falls to αN, or β_t = 1), resamples N
// particles systematically by the weights exp((β_t − β_{t−1})·ℓ), and
// moves every particle R_t steps of random-walk Metropolis–Hastings on θ
// and its simulation together, with target π(θ)·exp(β_t ℓ(x)): a move
// θ* = θ + N(0, Σ), Σ = (2.38²/d)·cov(resampled), outside the prior
// support is rejected without a simulation; inside it is simulated, giving
// ℓ*, and accepted if u < π(θ*)/π(θ) · exp(β_t(ℓ* − ℓ)). R_t follows the
// previous population's acceptance rate as in runMCMC.
//
// The population that reaches β = 1 resamples, so copies of the
// particles that fitted best remain wherever its moves failed. Settling
// populations follow it: each moves the particles as they are (no
// reweighting or resampling: they are already a sample of the posterior,
// and moves at β = 1 keep it one), until Distinct·N of them are distinct,
// for at most MaxSettling populations, or until the budget is spent. The
// populations before β = 1 do not depend on them, so a calibration made
// without settling resumes into one with it.
func (c *calibration) runTempered(ctx context.Context, res *Result) ([]particle, error) {
	cfg := c.cfg
	parts, err := c.fromPrior(ctx, res)
	if err != nil {
		return nil, err
	}
	beta, p := 0.0, firstAcceptance
	need := int(math.Ceil(Distinct * float64(cfg.N)))
	settled := 0
	for t := 1; cfg.Budget <= 0 || res.Simulations < cfg.Budget; t++ {
		var moving []particle
		var pop Population
		if beta < 1 {
			ll := make([]float64, len(parts))
			for i, q := range parts {
				ll[i] = c.logLik(q.outputs)
			}
			if math.IsInf(floats.Max(ll), -1) {
				return nil, fmt.Errorf("calibrate: population %d: every particle's log-likelihood is −Inf (a simulated value infinitely far from its observation): check the targets' values and errors", t-1)
			}
			next, w := nextBeta(beta, ll, cfg.Alpha*float64(cfg.N))
			u := openUnit(rand.New(stream(cfg.Seed, streamResample, t, 0)))
			moving = make([]particle, cfg.N)
			for i, k := range systematic(w, u) {
				moving[i] = parts[k]
			}
			pop = Population{Beta: next, ESS: 1 / floats.Dot(w, w)}
		} else {
			if settled == MaxSettling || res.Populations[len(res.Populations)-1].Unique >= need {
				break
			}
			settled++
			moving = append([]particle(nil), parts...)
			pop = Population{Beta: 1, ESS: float64(cfg.N)}
		}
		pop.Steps = steps(p)
		k, err := c.newWalk(t, moving)
		if err != nil {
			return nil, err
		}
		b := pop.Beta
		prog := Progress{Population: t, Simulations: res.Simulations, Beta: b, Acceptance: p}
		p, err = c.move(ctx, res, t, k, moving, &pop, prog, func(outputs []float64, _ float64) float64 { return b * c.logLik(outputs) })
		if err != nil {
			return nil, err
		}
		parts = moving
		byDistance(parts)
		pop.Epsilon, pop.Acceptance, pop.Unique = parts[len(parts)-1].distance, p, unique(parts)
		res.Populations = append(res.Populations, pop)
		res.Simulations += pop.Simulations
		beta = b
	}
	return parts, nil
}

// logLikSD estimates σ, the standard deviation of one simulation's
// log-likelihood at a parameter value, from the final particles: each
// holds the simulation its moves accepted, and has a replicate, a fresh
// one at the same values. If the log-likelihood of a simulation is the
// true one plus W, W ~ N(−σ²/2, σ²) (an unbiased likelihood), the moves
// keep particles whose W is N(+σ²/2, σ²) (Pitt et al. 2012), so the
// difference replicate minus kept is N(−σ², 2σ²): σ is its standard
// deviation over √2. (Its mean, −σ², says the same where the
// log-normal approximation holds.)
func (c *calibration) logLikSD(res *Result) float64 {
	d := make([]float64, len(res.Outputs))
	for k := range d {
		d[k] = c.logLik(res.Replicates[k]) - c.logLik(res.Outputs[k])
	}
	return stat.StdDev(d, nil) / math.Sqrt2
}
