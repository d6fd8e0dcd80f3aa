package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"

	"github.com/thuis-nl/thuis/model/dist"
)

// Parameter is a model input to calibrate. Its prior is a dist.Spec of any
// kind but fixed; its support (Spec.Support) bounds the proposals.
// Parameters are a priori independent.
type Parameter struct {
	Name  string
	Prior dist.Spec
	// Log: the coordinate is log x, for x with Prior, whose support must be
	// positive. The kernel then moves x on the scale it varies on; a prior
	// that piles up at 0 (a Gamma with shape below 1) has a bounded, smooth
	// density in log x, so proposals near 0 do not get huge weights.
	Log bool
}

// Target is an observed quantity and its error model.
type Target struct {
	Name  string
	Value float64 // the observation
	// SD is the observation error's standard deviation (a CBS 95% margin
	// m gives m/1.96); Discrepancy is the model discrepancy's. They add
	// in variance: see [Target.Noise].
	SD, Discrepancy float64
	// Fit says whether the target is in the distance. A target with Fit
	// false is only simulated and reported: a posterior predictive check.
	Fit bool
}

// Noise returns s = sqrt(SD² + Discrepancy²), the standard deviation of the
// noise added to a simulated value before it is compared with Value.
func (t Target) Noise() float64 { return math.Hypot(t.SD, t.Discrepancy) }

// Simulator runs the model once at the parameter values theta (in the
// order of Config.Params) with the given random seed and returns one value
// per target, in the order of Config.Targets. It must be deterministic in
// (theta, seed) and safe for concurrent use, and should return soon after
// ctx is cancelled.
type Simulator func(ctx context.Context, theta []float64, seed uint64) ([]float64, error)

// Shard selects the proposals j with j mod Count == Index. The zero value
// (and Count 1) is the whole calibration.
type Shard struct{ Index, Count int }

func (s Shard) all() bool { return s.Count <= 1 }

// mine reports whether proposal j is this shard's to simulate.
func (s Shard) mine(j int) bool { return s.all() || j%s.Count == s.Index }

// Config is a calibration. The zero values of the numeric fields are the
// defaults given with them.
type Config struct {
	Params  []Parameter
	Targets []Target // at least one with Fit

	// Model identifies the simulator, for example a scenario's name and
	// SHA-256. It is kept in Dir, so Resume refuses records made with
	// another model. Optional.
	Model string

	// Method is APMC (the default), SMCMCMC or Tempered.
	Method string

	N int // particles simulated in population 0 (default 400)
	// Alpha is the fraction kept in every population, in (0, 1) (default
	// 0.5); with Tempered, the effective sample size each reweighting
	// keeps, as a fraction of N.
	Alpha float64
	// MinAccept: stop after a population whose acceptance rate (APMC: of
	// proposals within the previous tolerance; smc-mcmc: of MCMC moves) is
	// below this, in (0, 1] (default 0.05). Tempered does not use it: it
	// stops at exponent 1.
	MinAccept float64
	// Budget caps the simulations: the calibration stops after the
	// population that reaches it (0: no cap). Population 0 always runs.
	Budget int

	Seed    uint64
	Workers int // simulations run at once; 0: all cores

	// Dir, if set, holds one checkpoint per simulation (see the package
	// documentation); "" keeps everything in memory. Resume continues the
	// calibration in Dir; without it, a Dir holding one is refused.
	Dir    string
	Resume bool
	// Shard, with Count > 1, makes this process simulate only its share of
	// every population and wait in Dir for the others' records. Shards
	// share Dir and must run at the same time.
	Shard Shard

	// Adjust, if set, adjusts the final particles by regression on their
	// residuals and simulates a replicate at every adjusted row
	// (Result.Adjusted). It is not part of the calibration's identity in
	// Dir: resuming with or without it reuses every simulation.
	Adjust *Adjustment

	// Progress, if set, is called after each finished simulation (and when
	// a population starts) from the goroutine that called Run.
	Progress func(Progress)
}

// Progress reports how far a calibration is.
type Progress struct {
	Population  int
	Step, Steps int  // smc-mcmc: the MCMC step of the population (from 1) and how many it makes
	Replicates  bool // the replicates of the final population, after the last population
	Adjusted    bool // the replicates of its regression-adjusted rows, after those
	Done, Total int  // simulations of this population present (all shards), and its size
	Simulations int  // in all earlier populations
	// Epsilon and Acceptance are those of the previous population: the
	// tolerance proposals are measured against. In population 0 they are
	// +Inf and 1.
	Epsilon, Acceptance float64
	// Beta is, with smc-tempered, the exponent of the likelihood that the
	// population targets.
	Beta float64
	// Resimulated counts records found corrupt (failed checksum) and
	// simulated again, in this call to Run.
	Resimulated int
}

// Population summarises one population of the calibration.
type Population struct {
	// Epsilon is the tolerance after the population: the largest distance
	// of the kept particles.
	Epsilon float64
	// Acceptance is the share of the population's proposals whose distance
	// is below the previous Epsilon (1 in population 0).
	Acceptance float64
	// ESS is the effective sample size (Σw)²/Σw² of the kept particles.
	ESS float64
	// Simulations run in the population: N in population 0, N − ⌊αN⌋ after.
	Simulations int
	// Kept counts the population's proposals among the ⌊αN⌋ kept; with
	// smc-mcmc, the replenished particles that moved at least once.
	Kept int
	// Steps is the number of MCMC steps of the population (smc-mcmc).
	Steps int
	// Unique counts the distinct parameter vectors among the particles:
	// with smc-mcmc, copies that never moved are one.
	Unique int
	// Beta is, with smc-tempered, the exponent of the likelihood that the
	// population's particles target: 0 is the prior, 1 the posterior.
	Beta float64 `json:",omitempty"`

	// cut says the budget ended the population's moves before its last
	// step: resumed with a larger budget, it goes on, and its particles
	// change.
	cut bool
}

// Result is a finished calibration. Particles, Weights and Outputs are the
// final kept population, best distance first.
type Result struct {
	Posterior
	Targets []Target
	// Outputs are, per particle, the simulated value of every target
	// (without noise) in the simulation that kept it. Being selected for
	// closeness to the observations, they are not a posterior predictive;
	// Replicates are: per particle, a fresh simulation at its parameters.
	Outputs    [][]float64
	Replicates [][]float64
	Distances  []float64 // per particle, its noise-added distance
	// Residuals are, per particle and fitted target, (x + e − y)/s in the
	// simulation that kept it: its output plus the noise its distance was
	// taken with, against the observation, in units of the noise.
	Residuals [][]float64
	// Nuisance, if set, holds per particle the values of what the
	// simulator does not fit (for a scenario, its nuisance parameters);
	// nil where they follow from the particle (Problem.NuisanceValues).
	Nuisance [][]float64
	// Adjusted is the regression-adjusted posterior, if Config.Adjust
	// asked for it.
	Adjusted    *Adjusted
	Seeds       []uint64 // per particle, the seed it was simulated with: rerun it for more outputs
	Populations []Population
	Simulations int // in all populations
	// LogLikSD is, with smc-tempered, the estimated standard deviation of
	// one simulation's log-likelihood at the final particles (see
	// [MaxLogLikSD]); 0 with the other methods.
	LogLikSD float64
}

// MaxLogLikSD is the largest standard deviation of a simulation's
// log-likelihood at which smc-tempered's pseudo-marginal moves still mix:
// Doucet, Pitt, Deligiannidis & Kohn (2015, "Efficient implementation of
// Markov chain Monte Carlo when using an unbiased likelihood estimator",
// Biometrika 102:295–313) find the best value near 1.2 and the cost
// growing fast beyond 1.5 to 2. Above it a particle whose simulation
// happened to fit well is rarely moved, the particles stick to a few
// lucky draws, and the posterior comes out too narrow.
const MaxLogLikSD = 1.5

// Defaults.
const (
	DefaultN         = 400
	DefaultAlpha     = 0.5
	DefaultMinAccept = 0.05
)

// maxAttempts caps the draws of one proposal that fall outside the prior
// support before the calibration gives up.
const maxAttempts = 10000

// withDefaults returns cfg with the zero values replaced and checks it.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.N == 0 {
		cfg.N = DefaultN
	}
	if cfg.Alpha == 0 {
		cfg.Alpha = DefaultAlpha
	}
	if cfg.MinAccept == 0 {
		cfg.MinAccept = DefaultMinAccept
	}
	if cfg.Method == "" {
		cfg.Method = APMC
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if len(cfg.Params) == 0 {
		add("no parameter")
	}
	if _, ok := methods[cfg.Method]; !ok {
		add("method %q: want %s, %s or %s", cfg.Method, APMC, SMCMCMC, Tempered)
	}
	names := map[string]bool{}
	for i, p := range cfg.Params {
		switch {
		case p.Name == "":
			add("parameter %d has no name", i+1)
		case strings.ContainsAny(p.Name, ",\"\r\n"):
			add("parameter %q: a name may not contain commas, quotes or newlines", p.Name)
		case names[p.Name] || p.Name == "particle" || p.Name == "weight":
			add("parameter name %q is used twice or reserved (particle, weight)", p.Name)
		}
		names[p.Name] = true
		if err := p.Prior.Validate(); err != nil {
			add("parameter %s: prior: %v", p.Name, err)
		} else if p.Prior.Kind == dist.Fixed {
			add("parameter %s: a fixed prior leaves nothing to calibrate", p.Name)
		} else if lo, _ := p.Prior.Support(); p.Log && lo < 0 {
			add("parameter %s: a log coordinate needs a prior on positive values; %s reaches %g", p.Name, p.Prior, lo)
		}
	}
	fit := 0
	tnames := map[string]bool{}
	for i, t := range cfg.Targets {
		name := t.Name
		if name == "" {
			name = fmt.Sprint("target ", i+1)
			add("target %d has no name", i+1)
		} else if tnames[name] {
			add("target name %q is used twice", name)
		}
		tnames[name] = true
		switch {
		case math.IsNaN(t.Value) || math.IsInf(t.Value, 0):
			add("target %s: value %g is not a finite number", name, t.Value)
		case !(t.SD >= 0 && t.Discrepancy >= 0) || math.IsInf(t.SD, 0) || math.IsInf(t.Discrepancy, 0):
			add("target %s: sd %g and discrepancy %g must be finite and >= 0", name, t.SD, t.Discrepancy)
		case t.Fit && t.Noise() == 0:
			add("target %s: a fitted target needs sd or discrepancy > 0", name)
		}
		if t.Fit {
			fit++
		}
	}
	if fit == 0 {
		add("no target to fit")
	}
	kept := int(cfg.Alpha * float64(cfg.N))
	switch {
	case cfg.N < 0:
		add("N %d must be positive", cfg.N)
	case !(cfg.Alpha > 0 && cfg.Alpha < 1):
		add("alpha %g must be in (0, 1)", cfg.Alpha)
	case kept <= len(cfg.Params) || kept >= cfg.N:
		add("N %d and alpha %g keep %d particles; need more than the %d parameters and fewer than N", cfg.N, cfg.Alpha, kept, len(cfg.Params))
	}
	if !(cfg.MinAccept > 0 && cfg.MinAccept <= 1) {
		add("min accept %g must be in (0, 1]", cfg.MinAccept)
	}
	if cfg.Budget < 0 {
		add("budget %d must be >= 0", cfg.Budget)
	}
	if !cfg.Shard.all() && (cfg.Shard.Index < 0 || cfg.Shard.Index >= cfg.Shard.Count) {
		add("shard %d/%d: the index must be in 0..%d", cfg.Shard.Index, cfg.Shard.Count, cfg.Shard.Count-1)
	}
	if a := cfg.Adjust; a != nil && (a.Row == nil || a.Simulate == nil || len(a.Transforms) == 0) {
		add("an adjustment needs Row, Transforms and Simulate")
	}
	if cfg.Adjust != nil && cfg.Method == Tempered {
		add("the regression adjustment corrects a sample for its ABC tolerance, and %s has none", Tempered)
	}
	if cfg.Dir == "" && (cfg.Resume || !cfg.Shard.all()) {
		add("resume and shards need a directory")
	}
	if len(errs) > 0 {
		return cfg, errors.New("calibrate: " + strings.Join(errs, "; "))
	}
	return cfg, nil
}

// Run calibrates: it runs populations until the acceptance rate falls
// below cfg.MinAccept or the budget is spent, simulates the replicates of
// the last population, and returns it. An error from sim, or ctx's
// cancellation, stops it; records written so far are kept in cfg.Dir, and
// the error of a cancellation wraps ctx.Err().
func Run(ctx context.Context, cfg Config, sim Simulator) (*Result, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c := newCalibration(cfg, sim)
	if cfg.Dir != "" {
		if err := c.openDir(); err != nil {
			return nil, err
		}
	}
	res := &Result{Targets: append([]Target(nil), cfg.Targets...)}
	for _, p := range cfg.Params {
		res.Params = append(res.Params, p.Name)
	}
	var final []particle
	var weights []float64
	if cfg.Method == SMCMCMC || cfg.Method == Tempered {
		run := c.runMCMC
		if cfg.Method == Tempered {
			run = c.runTempered
		}
		if final, err = run(ctx, res); err != nil {
			return nil, err
		}
		weights = make([]float64, len(final))
		for i := range weights {
			weights[i] = 1 / float64(len(final))
		}
	} else {
		st, err := c.runAPMC(ctx, res)
		if err != nil {
			return nil, err
		}
		final, weights = st.kept, st.normalised()
	}
	// The replicates: a fresh simulation at each final particle.
	last := res.Populations[len(res.Populations)-1]
	rb := batch{t: len(res.Populations) - 1, replicate: true}
	if last.cut {
		// Its replicates are of particles a resume will move on: kept
		// apart from those of the population run through.
		rb.step = last.Steps
	}
	props := make([]proposal, len(final))
	for j, p := range final {
		props[j] = proposal{theta: p.theta, seed: simSeed(cfg.Seed, rb.key(), j)}
	}
	prog := Progress{Population: rb.t, Replicates: true, Simulations: res.Simulations, Epsilon: last.Epsilon, Acceptance: last.Acceptance, Beta: last.Beta}
	recs, err := c.population(ctx, rb, props, prog)
	if err != nil {
		return nil, err
	}
	for i, p := range final {
		res.Replicates = append(res.Replicates, recs[i].Outputs)
		res.Particles = append(res.Particles, append([]float64(nil), p.theta...))
		res.Weights = append(res.Weights, weights[i])
		res.Outputs = append(res.Outputs, append([]float64(nil), p.outputs...))
		res.Distances = append(res.Distances, p.distance)
		res.Seeds = append(res.Seeds, p.seed)
		res.Residuals = append(res.Residuals, c.residuals(p.noiseT, p.noiseJ, p.outputs))
	}
	if cfg.Method == Tempered {
		res.LogLikSD = c.logLikSD(res)
	}
	if cfg.Adjust != nil {
		if res.Adjusted, err = c.adjustFinal(ctx, res, final, weights); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// runAPMC runs APMC populations until the acceptance rate falls below
// MinAccept or the budget is spent, and returns the last state.
func (c *calibration) runAPMC(ctx context.Context, res *Result) (*state, error) {
	cfg := c.cfg
	var st *state
	for t := 0; ; t++ {
		props, err := c.propose(t, st)
		if err != nil {
			return nil, err
		}
		prog := Progress{Simulations: res.Simulations, Epsilon: math.Inf(1), Acceptance: 1}
		if t > 0 {
			last := res.Populations[t-1]
			prog.Epsilon, prog.Acceptance = last.Epsilon, last.Acceptance
		}
		prog.Population = t
		recs, err := c.population(ctx, batch{t: t}, props, prog)
		if err != nil {
			return nil, err
		}
		var pop Population
		st, pop = c.next(t, st, props, recs)
		res.Populations = append(res.Populations, pop)
		res.Simulations += pop.Simulations
		if t > 0 && pop.Acceptance < cfg.MinAccept {
			return st, nil
		}
		if cfg.Budget > 0 && res.Simulations >= cfg.Budget {
			return st, nil
		}
	}
}
