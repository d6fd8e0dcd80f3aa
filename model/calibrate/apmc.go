package calibrate

// This file implements the APMC step (Lenormand, Jabot & Deffuant 2013,
// algorithm 2): proposals, importance weights, the merge that keeps the
// ⌊αN⌋ best particles, and the perturbation kernel.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/distuv"
)

// calibration is a Config being run.
type calibration struct {
	cfg    Config
	sim    Simulator
	priors []prior
	kept   int   // ⌊αN⌋
	fit    []int // the fitted targets

	resimulated int // corrupt records found
}

func newCalibration(cfg Config, sim Simulator) *calibration {
	c := &calibration{cfg: cfg, sim: sim, kept: int(cfg.Alpha * float64(cfg.N))}
	for _, p := range cfg.Params {
		c.priors = append(c.priors, newCoordinate(p))
	}
	for i, t := range cfg.Targets {
		if t.Fit {
			c.fit = append(c.fit, i)
		}
	}
	return c
}

// Random streams. Every draw of proposal j in population t comes from a
// PCG stream keyed by (seed, purpose, t, j), so it does not depend on the
// order in which proposals are simulated, nor on which process does it.
const (
	streamPrior uint64 = iota + 1
	streamPerturb
	streamNoise
	streamSupport
	streamSeed
	streamResample
	streamAccept
)

// splitmix is the splitmix64 finaliser: nearby inputs give unrelated outputs.
func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func key(t, j int) uint64 { return uint64(t)<<32 | uint64(uint32(j)) }

func stream(seed, purpose uint64, t, j int) *rand.PCG {
	return rand.NewPCG(splitmix(seed^splitmix(purpose)), splitmix(key(t, j)))
}

// simSeed is the simulation seed of proposal j of population t.
func simSeed(seed uint64, t, j int) uint64 {
	return splitmix(splitmix(seed^splitmix(streamSeed)) ^ key(t, j))
}

// proposal is a parameter vector to simulate, with its log importance
// weight log π(θ)/q(θ).
type proposal struct {
	theta     []float64
	logWeight float64
	seed      uint64
}

// particle is a simulated proposal.
type particle struct {
	theta, outputs []float64
	distance       float64
	logWeight      float64
	seed           uint64
	pop, index     int
	// noiseT and noiseJ key the noise stream of the simulation that made
	// the particle (see distance): its residuals are drawn again from it.
	noiseT, noiseJ int
}

// state is what population t leaves for population t+1: the kept
// particles and the tolerance.
type state struct {
	kept []particle // ⌊αN⌋, best first
	eps  float64
}

// normalised returns the kept particles' weights, summing to 1.
func (s *state) normalised() []float64 {
	lw := make([]float64, len(s.kept))
	for i, p := range s.kept {
		lw[i] = p.logWeight
	}
	z := floats.LogSumExp(lw)
	for i := range lw {
		lw[i] = math.Exp(lw[i] - z)
	}
	return lw
}

// openUnit returns a uniform draw in the open interval (0, 1), so that an
// inverse CDF never sees 0 or 1.
func openUnit(r *rand.Rand) float64 { return (float64(r.Uint64()>>11) + 0.5) / (1 << 53) }

// propose returns the proposals of population t: N draws from the prior by
// inverse CDF in population 0, N − ⌊αN⌋ perturbed kept particles after.
func (c *calibration) propose(t int, st *state) ([]proposal, error) {
	seed := c.cfg.Seed
	if t == 0 {
		props := make([]proposal, c.cfg.N)
		for j := range props {
			r := rand.New(stream(seed, streamPrior, t, j))
			theta := make([]float64, len(c.priors))
			for i, p := range c.priors {
				theta[i] = p.quantile(openUnit(r))
			}
			props[j] = proposal{theta: theta, seed: simSeed(seed, t, j)}
		}
		return props, nil
	}
	k, err := c.newKernel(t, st)
	if err != nil {
		return nil, err
	}
	props := make([]proposal, c.cfg.N-c.kept)
	for j := range props {
		src := stream(seed, streamPerturb, t, j)
		cat := distuv.NewCategorical(k.w, src)
		theta, ok := k.draw(cat, src)
		for a := 1; !ok && a < maxAttempts; a++ {
			theta, ok = k.draw(cat, src)
		}
		if !ok {
			return nil, fmt.Errorf("calibrate: population %d proposal %d: %d perturbations all fell outside the prior support", t, j, maxAttempts)
		}
		props[j] = proposal{theta: theta, logWeight: c.logPrior(theta) + k.logC - k.logDensity(theta), seed: simSeed(seed, t, j)}
	}
	return props, nil
}

func (c *calibration) logPrior(theta []float64) float64 {
	lp := 0.0
	for i, p := range c.priors {
		lp += p.logDensity(theta[i])
	}
	return lp
}

// kernel is the proposal of a population after the first: a kept particle
// θ_k drawn with probability w_k, moved by N(0, Σ), with Σ twice the
// weighted covariance of the kept particles; a draw outside the prior
// support is discarded whole (particle and move), so the proposal density
// is the mixture Σ_k w_k φ(θ | θ_k, Σ) truncated to the support and
// divided by C, the probability that a draw lands inside.
type kernel struct {
	c       *calibration
	parents [][]float64
	w, logW []float64
	chol    mat.Cholesky
	logC    float64

	// For the density: with Σ = LLᵀ, log φ(θ | θ_k, Σ) = norm − ½‖L⁻¹θ − L⁻¹θ_k‖²,
	// so the parents are whitened once (as stat.Mahalanobis does per call).
	lower    mat.TriDense
	whitened [][]float64
	norm     float64 // −½ d log 2π − ½ log det Σ
}

// supportDraws is the number of kernel draws that estimate C. Its standard
// error is at most 0.5/sqrt(supportDraws) = 0.0055.
const supportDraws = 8192

func (c *calibration) newKernel(t int, st *state) (*kernel, error) {
	d := len(c.priors)
	k := &kernel{c: c, w: st.normalised()}
	x := mat.NewDense(len(st.kept), d, nil)
	for i, p := range st.kept {
		k.parents = append(k.parents, p.theta)
		x.SetRow(i, p.theta)
		k.logW = append(k.logW, math.Log(k.w[i]))
	}
	// Weights summing to the effective sample size make gonum's
	// frequency-weighted covariance the unbiased reliability-weighted one,
	// Σ_k w_k (θ_k − m)(θ_k − m)ᵀ / (1 − Σ_k w_k²) with Σ w_k = 1, which is
	// R's cov.wt and what EasyABC's APMC uses.
	ess := 1 / floats.Dot(k.w, k.w)
	fw := make([]float64, len(k.w))
	floats.ScaleTo(fw, ess, k.w)
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, x, fw)
	cov.ScaleSym(2, &cov)
	if !k.chol.Factorize(&cov) {
		var vars []string
		for i := 0; i < d; i++ {
			vars = append(vars, fmt.Sprintf("%s %.3g", c.cfg.Params[i].Name, cov.At(i, i)))
		}
		return nil, fmt.Errorf("calibrate: population %d: the kept particles' covariance is not positive definite (variances %s): the population has collapsed or parameters are collinear", t, strings.Join(vars, ", "))
	}
	k.chol.LTo(&k.lower)
	for _, p := range k.parents {
		k.whitened = append(k.whitened, k.whiten(p))
	}
	k.norm = -0.5*float64(d)*math.Log(2*math.Pi) - 0.5*k.chol.LogDet()
	if c.bounded() {
		src := stream(c.cfg.Seed, streamSupport, t, 0)
		cat := distuv.NewCategorical(k.w, src)
		in := 0
		for i := 0; i < supportDraws; i++ {
			if _, ok := k.draw(cat, src); ok {
				in++
			}
		}
		if in == 0 {
			return nil, fmt.Errorf("calibrate: population %d: none of %d perturbations fell inside the prior support", t, supportDraws)
		}
		k.logC = math.Log(float64(in) / supportDraws)
	}
	return k, nil
}

// bounded reports whether some prior's support is not the whole line, so
// that kernel draws can fall outside it.
func (c *calibration) bounded() bool {
	for _, p := range c.priors {
		if !math.IsInf(p.lo, -1) || !math.IsInf(p.hi, 1) {
			return true
		}
	}
	return false
}

// draw makes one draw of the untruncated mixture and reports whether it is
// inside the prior support. cat draws the particle from k.w; it and the
// move share src.
func (k *kernel) draw(cat distuv.Categorical, src rand.Source) ([]float64, bool) {
	i := int(cat.Rand())
	theta := distmv.NormalRand(nil, k.parents[i], &k.chol, src)
	return theta, !math.IsInf(k.c.logPrior(theta), -1)
}

// whiten returns L⁻¹θ.
func (k *kernel) whiten(theta []float64) []float64 {
	var z mat.VecDense
	if err := z.SolveVec(&k.lower, mat.NewVecDense(len(theta), append([]float64(nil), theta...))); err != nil {
		panic(err) // L is the factor of a positive definite matrix
	}
	return z.RawVector().Data
}

// logDensity returns log Σ_k w_k φ(θ | θ_k, Σ).
func (k *kernel) logDensity(theta []float64) float64 {
	z := k.whiten(theta)
	lp := make([]float64, len(k.parents))
	for i, zk := range k.whitened {
		m := floats.Distance(z, zk, 2)
		lp[i] = k.logW[i] + k.norm - 0.5*m*m
	}
	return floats.LogSumExp(lp)
}

// distance returns the noisy-ABC distance of a simulation: its fitted
// outputs plus independent draws of N(0, s_i²) from the noise stream of
// (t, j), compared with the observations in units of s_i.
func (c *calibration) distance(t, j int, outputs []float64) float64 {
	sum := 0.0
	for _, z := range c.residuals(t, j, outputs) {
		sum += z * z
	}
	return math.Sqrt(sum / float64(len(c.fit)))
}

// residuals returns, per fitted target, (x_i + e_i − y_i) / s_i: the
// simulation's noise-added output against the observation, in units of
// the noise, with the draws e_i that distance uses.
func (c *calibration) residuals(t, j int, outputs []float64) []float64 {
	src := stream(c.cfg.Seed, streamNoise, t, j)
	z := make([]float64, len(c.fit))
	for k, i := range c.fit {
		tg := c.cfg.Targets[i]
		s := tg.Noise()
		noise := distuv.Normal{Mu: 0, Sigma: s, Src: src}.Rand()
		z[k] = (outputs[i] + noise - tg.Value) / s
	}
	return z
}

// next merges population t's records into the kept particles of st and
// returns the new state and the population's summary. It is a pure
// function of st, the proposals and the records.
func (c *calibration) next(t int, st *state, props []proposal, recs []*record) (*state, Population) {
	pop := Population{Simulations: len(recs), Acceptance: 1}
	var all []particle
	if st != nil {
		all = append(all, st.kept...)
		below := 0
		for _, r := range recs {
			if r.Distance < st.eps {
				below++
			}
		}
		pop.Acceptance = float64(below) / float64(len(recs))
	}
	for j, r := range recs {
		all = append(all, particle{theta: props[j].theta, outputs: r.Outputs, distance: r.Distance,
			logWeight: props[j].logWeight, seed: props[j].seed, pop: t, index: j, noiseT: t, noiseJ: j})
	}
	sort.SliceStable(all, func(a, b int) bool {
		x, y := all[a], all[b]
		if x.distance != y.distance {
			return x.distance < y.distance
		}
		if x.pop != y.pop {
			return x.pop < y.pop
		}
		return x.index < y.index
	})
	next := &state{kept: all[:c.kept:c.kept], eps: all[c.kept-1].distance}
	for _, p := range next.kept {
		if p.pop == t {
			pop.Kept++
		}
	}
	w := next.normalised()
	pop.Unique = unique(next.kept)
	pop.Epsilon = next.eps
	pop.ESS = 1 / floats.Dot(w, w)
	return next, pop
}
