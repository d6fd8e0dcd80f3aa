package calibrate

// This file implements ABC-SMC with MCMC moves (Drovandi & Pettitt 2011):
// particles stay equally weighted; each population drops the worst,
// replenishes them from the best, and moves the copies with ABC-MCMC at
// the new tolerance. See the package documentation, "Method: smc-mcmc".

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmv"
)

// Methods: how Run samples.
const (
	// APMC is Lenormand, Jabot & Deffuant's adaptive population Monte
	// Carlo: importance-weighted particles.
	APMC = "apmc"
	// SMCMCMC is ABC-SMC with MCMC moves: equally weighted particles.
	SMCMCMC = "smc-mcmc"
	// Tempered is likelihood-tempered SMC with pseudo-marginal moves:
	// equally weighted particles whose target is the posterior under the
	// Gaussian error model, not an ABC approximation of it.
	Tempered = "smc-tempered"
)

// Tuning of the MCMC moves.
const (
	// missMoves is the chance, at the previous population's acceptance
	// rate, that a particle makes none of its moves: the number of steps
	// R solves (1 − p)^R = missMoves (Drovandi & Pettitt use 0.01; a
	// larger value spends fewer simulations per population, and measured
	// on TestRecoveryOnTheEngine 0.05 and 0.5 did no better than 0.2).
	missMoves = 0.2
	// firstAcceptance is the acceptance rate assumed for population 1.
	firstAcceptance = 0.3
)

// MaxSteps caps the MCMC steps of a population.
const MaxSteps = 10

// steps returns the number of MCMC steps after a population whose moves
// were accepted at rate p.
func steps(p float64) int {
	if p >= 1 {
		return 1
	}
	if p <= 0 {
		return MaxSteps
	}
	r := int(math.Ceil(math.Log(missMoves) / math.Log(1-p)))
	return max(1, min(r, MaxSteps))
}

// rwmScale is the random-walk scale 2.38²/d of Roberts, Gelman & Gilks
// (1997): the kernel's covariance is rwmScale times the covariance of the
// particles kept, for a d-dimensional target.
func rwmScale(d int) float64 { return 2.38 * 2.38 / float64(d) }

// runMCMC runs the populations of ABC-SMC with MCMC moves and returns the
// final particles, best first, all with distance at most the last
// tolerance.
//
// Population 0 draws N particles from the prior. Population t ≥ 1 sorts
// the particles by distance and keeps the best ⌊αN⌋; the tolerance ε_t is
// the largest kept distance. The N − ⌊αN⌋ others are replaced by copies
// of kept particles drawn uniformly, and every particle makes R_t steps of
// ABC-MCMC (Marjoram et al. 2003) with target the ABC posterior at ε_t: a
// move θ* = θ + N(0, Σ), Σ = (2.38²/d)·cov(kept), outside the prior
// support is rejected without a simulation; inside it is simulated and
// accepted if its distance is at most ε_t and u < π(θ*)/π(θ). The steps
// of a population are batches of simulations run in parallel; each
// accept-reject is decided in index order afterwards. R_t follows the
// previous population's acceptance rate p: (1 − p)^R = missMoves, at
// most MaxSteps.
func (c *calibration) runMCMC(ctx context.Context, res *Result) ([]particle, error) {
	cfg := c.cfg
	parts, err := c.fromPrior(ctx, res)
	if err != nil {
		return nil, err
	}
	p := firstAcceptance
	for t := 1; cfg.Budget <= 0 || res.Simulations < cfg.Budget; t++ {
		eps := parts[c.kept-1].distance
		kept := parts[:c.kept:c.kept]
		k, err := c.newWalk(t, kept)
		if err != nil {
			return nil, err
		}
		// Replenish: the kept particles and copies of them, drawn
		// uniformly; all of them move.
		rs := rand.New(stream(cfg.Seed, streamResample, t, 0))
		moving := make([]particle, cfg.N)
		copy(moving, kept)
		for i := c.kept; i < len(moving); i++ {
			moving[i] = kept[rs.IntN(len(kept))]
		}
		pop := Population{Epsilon: eps, Steps: steps(p)}
		prog := Progress{Population: t, Simulations: res.Simulations, Epsilon: eps, Acceptance: p}
		// The ABC posterior at ε: the prior where the distance is within ε.
		p, err = c.move(ctx, res, t, k, moving, &pop, prog, func(_ []float64, d float64) float64 {
			if d > eps {
				return math.Inf(-1)
			}
			return 0
		})
		if err != nil {
			return nil, err
		}
		parts = moving
		byDistance(parts)
		pop.Acceptance, pop.ESS, pop.Unique = p, float64(len(parts)), unique(parts)
		res.Populations = append(res.Populations, pop)
		res.Simulations += pop.Simulations
		if p < cfg.MinAccept {
			break
		}
	}
	return parts, nil
}

// fromPrior runs population 0 of the equally weighted samplers: N
// particles drawn from the prior, best distance first.
func (c *calibration) fromPrior(ctx context.Context, res *Result) ([]particle, error) {
	props, err := c.propose(0, nil)
	if err != nil {
		return nil, err
	}
	prog := Progress{Epsilon: math.Inf(1), Acceptance: 1}
	recs, err := c.population(ctx, batch{t: 0}, props, prog)
	if err != nil {
		return nil, err
	}
	parts := make([]particle, len(recs))
	for j, r := range recs {
		parts[j] = particle{theta: props[j].theta, outputs: r.Outputs, distance: r.Distance, seed: props[j].seed, index: j, noiseJ: j}
	}
	byDistance(parts)
	res.Populations = append(res.Populations, Population{Epsilon: parts[len(parts)-1].distance, Acceptance: 1,
		ESS: float64(len(parts)), Simulations: len(parts), Kept: len(parts), Unique: unique(parts)})
	res.Simulations += len(parts)
	return parts, nil
}

// move makes the MCMC steps of population t: each particle of moving
// makes up to pop.Steps steps of random-walk Metropolis–Hastings with
// kernel k and target the prior times exp(logTarget(outputs, distance)),
// on the parameters and their simulation together (so with a simulation's
// likelihood estimate, a pseudo-marginal chain). The steps are batches of
// simulations run in parallel; each accept-reject is decided in index
// order afterwards. A step is not started once the budget is spent. move
// replaces moved particles in place, counts in pop the steps made, the
// simulations and the particles that moved at least once, and returns the
// share of moves accepted (p if none was attempted).
func (c *calibration) move(ctx context.Context, res *Result, t int, k *walk, moving []particle, pop *Population, prog Progress,
	logTarget func(outputs []float64, distance float64) float64) (p float64, err error) {
	cfg := c.cfg
	moved := make([]bool, len(moving))
	current := make([]float64, len(moving))
	for i, q := range moving {
		current[i] = c.logPrior(q.theta) + logTarget(q.outputs, q.distance)
	}
	accepted, attempted := 0, 0
	for r := 1; r <= pop.Steps; r++ {
		if r > 1 && cfg.Budget > 0 && res.Simulations+pop.Simulations >= cfg.Budget {
			pop.Steps, pop.cut = r-1, true
			break
		}
		b := batch{t: t, step: r}
		var props []proposal
		var slots []int
		for i := range moving {
			theta := k.move(moving[i].theta, stream(cfg.Seed, streamPerturb, b.key(), i))
			attempted++
			if math.IsInf(c.logPrior(theta), -1) {
				continue // outside the prior support: rejected unsimulated
			}
			props = append(props, proposal{theta: theta, seed: simSeed(cfg.Seed, b.key(), len(props))})
			slots = append(slots, i)
		}
		prog.Step, prog.Steps, prog.Simulations = r, pop.Steps, res.Simulations+pop.Simulations
		recs, err := c.population(ctx, b, props, prog)
		if err != nil {
			return 0, err
		}
		pop.Simulations += len(props)
		for j, rec := range recs {
			i := slots[j]
			lt := logTarget(rec.Outputs, rec.Distance)
			if math.IsInf(lt, -1) {
				continue
			}
			proposed := c.logPrior(props[j].theta) + lt
			u := openUnit(rand.New(stream(cfg.Seed, streamAccept, b.key(), j)))
			if math.Log(u) < proposed-current[i] {
				moving[i] = particle{theta: props[j].theta, outputs: rec.Outputs, distance: rec.Distance, seed: props[j].seed, pop: t, index: r*cfg.N + i, noiseT: b.key(), noiseJ: j}
				current[i] = proposed
				moved[i] = true
				accepted++
			}
		}
	}
	for _, m := range moved {
		if m {
			pop.Kept++
		}
	}
	if attempted == 0 {
		return prog.Acceptance, nil
	}
	return float64(accepted) / float64(attempted), nil
}

// byDistance sorts particles by distance; ties keep their order, which is
// a function of the records alone.
func byDistance(parts []particle) {
	sort.SliceStable(parts, func(a, b int) bool { return parts[a].distance < parts[b].distance })
}

// unique counts the distinct parameter vectors among parts: copies that
// have not moved yet are one.
func unique(parts []particle) int {
	seen := map[string]bool{}
	for _, p := range parts {
		var b strings.Builder
		for _, v := range p.theta {
			fmt.Fprintf(&b, "%x,", math.Float64bits(v))
		}
		seen[b.String()] = true
	}
	return len(seen)
}

// walk is the random-walk kernel of a population's MCMC moves.
type walk struct {
	chol mat.Cholesky
	zero []float64
}

func (c *calibration) newWalk(t int, kept []particle) (*walk, error) {
	d := len(c.priors)
	x := mat.NewDense(len(kept), d, nil)
	for i, p := range kept {
		x.SetRow(i, p.theta)
	}
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, x, nil)
	cov.ScaleSym(rwmScale(d), &cov)
	w := &walk{zero: make([]float64, d)}
	if !w.chol.Factorize(&cov) {
		var vars []string
		for i := 0; i < d; i++ {
			vars = append(vars, fmt.Sprintf("%s %.3g", c.cfg.Params[i].Name, cov.At(i, i)))
		}
		return nil, fmt.Errorf("calibrate: population %d: the kept particles' covariance is not positive definite (variances %s): the population has collapsed or parameters are collinear", t, strings.Join(vars, ", "))
	}
	return w, nil
}

// move returns theta plus a draw of N(0, Σ).
func (w *walk) move(theta []float64, src rand.Source) []float64 {
	step := distmv.NormalRand(nil, w.zero, &w.chol, src)
	for i := range step {
		step[i] += theta[i]
	}
	return step
}
