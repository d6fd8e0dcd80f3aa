package sweep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// Shard selects the runs i with i mod Count == Index.
type Shard struct{ Index, Count int }

func (s Shard) all() bool { return s.Count <= 1 }

func (s Shard) String() string {
	if s.all() {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// MaxRuns is the most runs a sweep runs per scenario (all policies of a
// lever grid together). A sweep keeps one number per run and target, a
// Latin hypercube one row per run, and a resume checks every run's
// checkpoint, so memory and start-up time grow with the runs; a million
// national runs is about eleven CPU-days, far beyond what the
// uncertainty needs (README: 1,000 to 10,000).
const MaxRuns = 1_000_000

// Config is a sweep.
type Config struct {
	Scenarios    []*scenario.Scenario
	Targets      []target.Target
	Runs         int // per scenario
	Replications int // runs per parameter sample (>= 1)
	Seed         uint64
	Sampler      string // uncertainty.Random or uncertainty.LHS
	Workers      int    // 0: all cores; never more than the runs to do
	// Memory, if not 0, is the memory in bytes the sweep's runs may use at
	// once: the first run is measured alone, and Workers is lowered (with
	// a Notice) if that many runs would not fit.
	Memory uint64
	// Notice, if set, receives what the user should know but is no error.
	Notice  func(string)
	Shard   Shard
	Out     string
	Resume  bool
	Command []string
	// Progress, if set, is called after each finished run with the runs
	// done (including those found on resume) and the total of this shard.
	Progress func(done, total int)
	// Levers, if set, crosses every policy of each scenario's lever grid
	// (uncertainty.Levers and Grid) with the Runs runs: Runs × policies
	// runs per scenario, policy p taking runs p×Runs to (p+1)×Runs−1,
	// each policy with the same seeds and uncertainty samples (common
	// random numbers).
	Levers bool
	// LeverPoints is the number of values a lever range is tried at;
	// zero means 3 (low, middle, high).
	LeverPoints int
	// KeepSeries, if set, writes series.csv.gz: every run's monthly
	// series (those of fan.csv), one row per run, metric, region and
	// month. It is part of the manifest, so whichever process finishes
	// the sweep (a shard, a resume, a merge) writes it.
	KeepSeries bool
	// Observe, if set, is called with each run's result once it is
	// simulated and before its checkpoint is written, from the workers'
	// goroutines (so concurrently): the scenario's name, the run and the
	// result, which Observe must not keep past the call. Runs found done
	// when a sweep resumes are not simulated again, so not observed. An
	// error from Observe fails the run, and the sweep.
	Observe func(scenario string, run int, res *sim.Result) error
}

// Manifest is sweep-config.json: what identifies a sweep. Two directories
// with equal manifests hold parts of the same sweep.
type Manifest struct {
	Model        string         `json:"model"`
	Version      string         `json:"version"`
	Scenarios    []ScenarioInfo `json:"scenarios"`
	TargetsSHA   string         `json:"targets_sha256"`
	Seed         uint64         `json:"seed"`
	Sampler      string         `json:"sampler"`
	Runs         int            `json:"runs"`
	Replications int            `json:"replications"`
	// KeepSeries: the sweep writes series.csv.gz. Omitted when false, so
	// the manifests (and identities) of sweeps from before it are unchanged.
	KeepSeries bool `json:"keep_series,omitempty"`
}

// ScenarioInfo identifies one scenario of a sweep.
type ScenarioInfo struct {
	Name    string   `json:"name"`
	File    string   `json:"file"`
	SHA256  string   `json:"sha256"`
	Columns []string `json:"sampled_columns"`
	Regions []string `json:"regions"`
	Dates   []string `json:"snapshot_dates"`
	// Levers name the scenario's policy levers and Policies their
	// values in each policy, for a sweep with levers.
	Levers   []string    `json:"levers,omitempty"`
	Policies [][]float64 `json:"policies,omitempty"`
	// Sampled describes Columns, one for one, and LeverColumns Levers:
	// their runs.csv names, kinds and units. A sweep begun before thuis
	// described them has neither (see SampledNames).
	Sampled      []Column `json:"sampled,omitempty"`
	LeverColumns []Column `json:"lever_columns,omitempty"`
}

// runs returns the number of runs of the scenario in a sweep of runs
// runs per policy.
func (s ScenarioInfo) runs(runs int) int { return runs * max(1, len(s.Policies)) }

func (m *Manifest) scenario(name string) ScenarioInfo {
	for _, s := range m.Scenarios {
		if s.Name == name {
			return s
		}
	}
	return ScenarioInfo{}
}

const manifestFile = "sweep-config.json"

// Summary says what a call to Run did.
type Summary struct {
	Done, Total int  // runs of this shard finished, and to do
	Finalized   bool // outputs written (every run of the sweep is there)
	// Damaged are the checkpoints found damaged and run again, each a
	// *CheckpointError naming its file.
	Damaged []error
	Events  uint64
	Wall    time.Duration
}

type job struct {
	scenario int
	run      int
}

// ErrInterrupted wraps the context's error when a sweep is stopped; the
// runs finished so far are kept.
var ErrInterrupted = errors.New("sweep interrupted")

// Run runs the sweep's runs that are not done yet (all of them, or this
// shard's), and writes the outputs when every run of the sweep is done.
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	start := time.Now()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	man, plans, err := prepare(cfg)
	if err != nil {
		return nil, err
	}
	claim, err := openDir(cfg, man)
	if err != nil {
		return nil, err
	}
	defer claim.Release()
	// What is left to do, in run order. A damaged checkpoint (empty,
	// truncated, changed, another run's) is run again.
	var todo []job
	var damaged []error
	total, already := 0, 0
	for i := 0; i < cfg.Runs*maxPolicies(plans); i++ {
		if !cfg.Shard.all() && i%cfg.Shard.Count != cfg.Shard.Index {
			continue
		}
		for k := range plans {
			if i >= cfg.Runs*plans[k].policies() {
				continue
			}
			total++
			err := newChecker(man, cfg.Out, plans[k].sc.Name, len(cfg.Targets)).check(i)
			switch {
			case err == nil:
				already++
				continue
			case !missing(err):
				damaged = append(damaged, err)
			}
			todo = append(todo, job{k, i})
		}
	}
	sum := &Summary{Done: already, Total: total, Damaged: damaged}
	if cfg.Progress != nil {
		cfg.Progress(sum.Done, total)
	}
	// Each worker holds one run in memory at a time, so workers bound the
	// runs held; never more workers than runs to do.
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(todo)))
	// With a memory budget, the first run runs alone and is measured;
	// then as many workers start as the budget allows.
	probe := cfg.Memory > 0 && workers > 1
	var peak *heapPeak
	if probe {
		peak = watchHeap()
	}
	jobs := make(chan job)
	results := make(chan error)
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	launch := func(n int) {
		for w := 0; w < n; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					results <- plans[j.scenario].run(ctx, cfg, j.run)
				}
			}()
		}
	}
	if probe {
		launch(1)
	} else {
		launch(workers)
	}
	go func() {
		defer close(jobs)
		for _, j := range todo {
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var firstErr error
	for err := range results {
		if probe {
			// The first worker is sending or about to take its next job,
			// so the WaitGroup cannot have reached zero: adding is safe.
			probe = false
			perRun := peak.stop()
			if allowed := max(1, int(cfg.Memory/max(perRun, 1))); allowed < workers {
				if cfg.Notice != nil {
					cfg.Notice(fmt.Sprintf("sweep: %d runs at once would need about %s of memory (%s a run, as measured on the first); %s is available, so %d run at once",
						workers, bytesString(uint64(workers)*perRun), bytesString(perRun), bytesString(cfg.Memory), allowed))
				}
				workers = allowed
			}
			launch(workers - 1)
		}
		switch {
		case err == nil:
			sum.Done++
			if cfg.Progress != nil {
				cfg.Progress(sum.Done, total)
			}
		case firstErr == nil:
			firstErr = err
			cancel() // stop handing out runs; finished ones are kept
		}
	}
	sum.Wall = time.Since(start)
	if parent.Err() != nil && sum.Done < total {
		return sum, fmt.Errorf("%w: %d of %d runs finished and kept in %s; continue with --resume", ErrInterrupted, sum.Done, total, cfg.Out)
	}
	if firstErr != nil {
		return sum, firstErr
	}
	if !complete(man, cfg.Out) {
		return sum, nil // a shard: merge when all are done
	}
	events, err := Finalize(cfg.Out, cfg.Targets, sum.Wall, cfg.Command)
	sum.Events, sum.Finalized = events, err == nil
	return sum, err
}

func (cfg *Config) check() error {
	switch {
	case len(cfg.Scenarios) == 0:
		return errors.New("sweep: no scenario")
	case cfg.Runs < 1:
		return fmt.Errorf("sweep: runs must be at least 1, got %d", cfg.Runs)
	case cfg.Runs > MaxRuns:
		return fmt.Errorf("sweep: %d runs per scenario; at most %d", cfg.Runs, MaxRuns)
	case cfg.Replications < 1:
		return fmt.Errorf("sweep: replications must be at least 1, got %d", cfg.Replications)
	case cfg.Replications > cfg.Runs:
		return fmt.Errorf("sweep: %d replications of one parameter sample, but %d runs; give at most as many replications as runs", cfg.Replications, cfg.Runs)
	case !cfg.Shard.all() && (cfg.Shard.Index < 0 || cfg.Shard.Index >= cfg.Shard.Count):
		return fmt.Errorf("sweep: shard %d/%d: the index must be in 0..%d", cfg.Shard.Index, cfg.Shard.Count, cfg.Shard.Count-1)
	case !cfg.Shard.all() && cfg.Shard.Index >= cfg.Runs:
		return fmt.Errorf("sweep: shard %s has no runs: %d runs per scenario over %d shards; use at most %d shards", cfg.Shard, cfg.Runs, cfg.Shard.Count, cfg.Runs)
	case cfg.Workers < 0:
		return fmt.Errorf("sweep: workers must be at least 1 (or 0: as many as cores), got %d", cfg.Workers)
	case cfg.Out == "":
		return errors.New("sweep: no output directory")
	}
	names := map[string]bool{}
	for _, sc := range cfg.Scenarios {
		if names[sc.Name] {
			return fmt.Errorf("sweep: scenario %s given twice", sc.Name)
		}
		names[sc.Name] = true
	}
	return nil
}

// plan is one scenario of a sweep, ready to run.
type plan struct {
	sc      *scenario.Scenario
	params  []uncertainty.Param
	sampler *uncertainty.Sampler
	parts   string
	targets []target.Target
	years   [2]int
	levers  []uncertainty.Param
	grid    [][]float64 // policies; nil without levers

	// template is sc encoded once for all the runs' copies, made by the
	// first run that needs it.
	templateOnce sync.Once
	template     *uncertainty.Template
	templateErr  error
}

// policies returns the number of policies the plan runs, at least 1.
func (p *plan) policies() int { return max(1, len(p.grid)) }

func prepare(cfg Config) (*Manifest, []*plan, error) {
	tj, err := json.Marshal(cfg.Targets)
	if err != nil {
		return nil, nil, err
	}
	th := sha256.Sum256(tj)
	man := &Manifest{Model: "thuis", Version: output.Version, TargetsSHA: hex.EncodeToString(th[:]), Seed: cfg.Seed,
		Sampler: cfg.Sampler, Runs: cfg.Runs, Replications: cfg.Replications, KeepSeries: cfg.KeepSeries}
	samples := (cfg.Runs + cfg.Replications - 1) / cfg.Replications
	var plans []*plan
	for _, sc := range cfg.Scenarios {
		ps := uncertainty.Varied(sc)
		s, err := uncertainty.NewSampler(cfg.Sampler, ps, samples, cfg.Seed)
		if err != nil {
			return nil, nil, err
		}
		first, last := target.WholeYears(sc.Start, sc.End)
		if err := target.CheckYears(cfg.Targets, first, last); err != nil {
			return nil, nil, fmt.Errorf("sweep: scenario %s: %w", sc.Name, err)
		}
		pl := &plan{sc: sc, params: ps, sampler: s, parts: partsDir(cfg.Out, sc.Name), targets: cfg.Targets, years: [2]int{first, last}}
		info := ScenarioInfo{Name: sc.Name, File: sc.File, SHA256: sc.SHA256, Columns: s.Columns()}
		if cfg.Levers {
			points := cfg.LeverPoints
			if points == 0 {
				points = 3
			}
			pl.levers = uncertainty.Levers(sc, points)
			if len(pl.levers) == 0 {
				return nil, nil, fmt.Errorf("sweep: scenario %s declares no lever; give a choice levels: [...] or lever: [low, high]", sc.Name)
			}
			pl.grid = uncertainty.Grid(pl.levers)
			if cfg.Runs*len(pl.grid) > MaxRuns {
				return nil, nil, fmt.Errorf("sweep: scenario %s: %d runs × %d policies is %d runs; at most %d", sc.Name, cfg.Runs, len(pl.grid), cfg.Runs*len(pl.grid), MaxRuns)
			}
			for _, l := range pl.levers {
				info.Levers = append(info.Levers, l.Path)
			}
			info.Policies = pl.grid
		}
		if info.Sampled, info.LeverColumns, err = columns(sc, ps, pl.levers); err != nil {
			return nil, nil, err
		}
		plans = append(plans, pl)
		for _, r := range sc.Regions {
			info.Regions = append(info.Regions, r.Name)
		}
		for t := sc.Start; !t.After(sc.End); t = t.AddDate(0, 1, 0) {
			info.Dates = append(info.Dates, t.Format(time.DateOnly))
		}
		man.Scenarios = append(man.Scenarios, info)
	}
	return man, plans, nil
}

func maxPolicies(plans []*plan) int {
	n := 1
	for _, p := range plans {
		n = max(n, p.policies())
	}
	return n
}

func partsDir(out, scenario string) string { return filepath.Join(out, "parts", scenario) }

// openDir claims, makes or checks the sweep directory. The shards of a
// sweep may share one directory; anything else needs it alone: two sweeps
// into one directory at once, or a run or merge into a sweep's, are
// refused.
func openDir(cfg Config, man *Manifest) (*output.Claim, error) {
	mode := output.Exclusive
	if !cfg.Shard.all() {
		mode = output.Shared
	}
	claim, err := output.Acquire(cfg.Out, output.SweepKind, mode)
	if err != nil {
		return nil, err
	}
	if err := setUp(cfg, man, claim); err != nil {
		claim.Release()
		return nil, err
	}
	return claim, claim.Share()
}

func setUp(cfg Config, man *Manifest, claim *output.Claim) error {
	old, err := readManifest(cfg.Out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		// a new sweep
		if !claim.Alone() {
			return &output.BusyError{Dir: cfg.Out}
		}
	case err != nil:
		return err
	case !sameManifest(old, man):
		return fmt.Errorf("%s holds a different sweep (%s); --resume continues only the same scenarios, targets, seed, sampler, runs and replications", cfg.Out, diffManifest(old, man))
	case !cfg.Resume && cfg.Shard.all():
		return fmt.Errorf("%s already holds a sweep; continue it with --resume, or choose another --out", cfg.Out)
	}
	if !claim.Alone() {
		return nil // another shard of this sweep set the directory up
	}
	if err := claim.Mark(output.Marker{Kind: output.SweepKind, Sweep: man.id()}); err != nil {
		return err
	}
	for _, s := range man.Scenarios {
		if err := os.MkdirAll(partsDir(cfg.Out, s.Name), 0o755); err != nil {
			return err
		}
	}
	// The scenarios as loaded, so that a run can be replayed after their
	// files have changed; written on resume too, for sweeps begun before.
	for _, sc := range cfg.Scenarios {
		if err := storeScenario(cfg.Out, sc); err != nil {
			return err
		}
	}
	return output.WriteFile(filepath.Join(cfg.Out, manifestFile), func(w io.Writer) error { return output.JSON(w, man) })
}

// id identifies a sweep in its directory's marker.
func (m *Manifest) id() string {
	data, _ := json.Marshal(m)
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// ReadManifest reads the sweep-config.json of a sweep directory: what the
// sweep ran, and which columns of runs.csv are sampled parameters and
// levers.
func ReadManifest(dir string) (*Manifest, error) { return readManifest(dir) }

func readManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, manifestFile), err)
	}
	return &m, nil
}

func sameManifest(a, b *Manifest) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func diffManifest(a, b *Manifest) string {
	var d []string
	if a.Seed != b.Seed {
		d = append(d, fmt.Sprintf("seed %d, not %d", a.Seed, b.Seed))
	}
	if a.Runs != b.Runs {
		d = append(d, fmt.Sprintf("%d runs, not %d", a.Runs, b.Runs))
	}
	if a.Sampler != b.Sampler {
		d = append(d, fmt.Sprintf("sampler %s, not %s", a.Sampler, b.Sampler))
	}
	if a.Replications != b.Replications {
		d = append(d, fmt.Sprintf("%d replications, not %d", a.Replications, b.Replications))
	}
	if a.TargetsSHA != b.TargetsSHA {
		d = append(d, "other targets")
	}
	if len(a.Scenarios) != len(b.Scenarios) {
		d = append(d, "other scenarios")
	} else {
		for i := range a.Scenarios {
			if a.Scenarios[i].Name != b.Scenarios[i].Name || a.Scenarios[i].SHA256 != b.Scenarios[i].SHA256 {
				d = append(d, fmt.Sprintf("scenario %s (sha256 %.12s), not %s (%.12s)", a.Scenarios[i].Name, a.Scenarios[i].SHA256, b.Scenarios[i].Name, b.Scenarios[i].SHA256))
			}
			if (a.Scenarios[i].Sampled == nil) != (b.Scenarios[i].Sampled == nil) {
				d = append(d, fmt.Sprintf("scenario %s begun by a thuis that did not describe its columns; finish it with that version, or start a new sweep", a.Scenarios[i].Name))
			}
		}
	}
	if a.Version != b.Version {
		d = append(d, fmt.Sprintf("model version %s, not %s", a.Version, b.Version))
	}
	if a.KeepSeries != b.KeepSeries {
		d = append(d, fmt.Sprintf("keep_series %t, not %t", a.KeepSeries, b.KeepSeries))
	}
	if len(d) == 0 {
		return "it differs"
	}
	return strings.Join(d, "; ")
}

// complete reports whether every run of the sweep has its checkpoint.
func complete(man *Manifest, dir string) bool {
	for _, s := range man.Scenarios {
		for i := 0; i < s.runs(man.Runs); i++ {
			if !done(partsDir(dir, s.Name), i) {
				return false
			}
		}
	}
	return true
}

// run simulates run i of the plan's scenario and stores its checkpoint.
//
// With levers, run i is run i mod Runs of policy i / Runs: the seed and
// the uncertainty sample depend on i mod Runs only.
func (p *plan) run(ctx context.Context, cfg Config, i int) error {
	seed := uncertainty.RunSeed(cfg.Seed, i%cfg.Runs)
	if err := p.runSeed(ctx, cfg, i, seed); err != nil {
		return fmt.Errorf("sweep: %s run %d (seed %d): %w", p.sc.Name, i, seed, err)
	}
	return nil
}

// setting returns the scenario of run i of a sweep of runs runs per
// policy and replications runs per sample: the plan's scenario with
// sample i mod runs / replications and policy i / runs applied, and the
// sampled values. Run and Replay both use it, so a replayed run is the
// sweep's.
func (p *plan) setting(i, runs, replications int) (*scenario.Scenario, []float64, error) {
	values := p.sampler.Values(i % runs / replications)
	params, all := p.params, values
	if p.grid != nil {
		params = append(append([]uncertainty.Param(nil), p.params...), p.levers...)
		all = append(append([]float64(nil), values...), p.grid[i/runs]...)
	}
	p.templateOnce.Do(func() { p.template, p.templateErr = uncertainty.NewTemplate(p.sc) })
	if p.templateErr != nil {
		return nil, nil, p.templateErr
	}
	sc, err := p.template.Apply(params, all)
	return sc, values, err
}

func (p *plan) runSeed(ctx context.Context, cfg Config, i int, seed uint64) error {
	sc, values, err := p.setting(i, cfg.Runs, cfg.Replications)
	if err != nil {
		return err
	}
	res, err := sim.Run(ctx, sc, seed)
	if err != nil {
		return err
	}
	if cfg.Observe != nil {
		if err := cfg.Observe(p.sc.Name, i, res); err != nil {
			return err
		}
	}
	return p.store(i, seed, values, res)
}

// staysPool keeps a finished run's stay lengths (target.Stays) for the
// next run's, as sim keeps its buffers: a worker gathers each run's into
// memory it already holds, one set per run being stored.
var staysPool sync.Pool

// store evaluates a finished run's targets, key metrics and fan values
// and writes its checkpoint: what a sweep adds to a run after it.
func (p *plan) store(i int, seed uint64, values []float64, res *sim.Result) error {
	stays, _ := staysPool.Get().(*target.Stays)
	if stays == nil {
		stays = new(target.Stays)
	}
	defer staysPool.Put(stays)
	stays.Gather(res)
	outs, err := target.EvaluateWith(res, p.targets, stays)
	if err != nil {
		return err
	}
	metrics, err := keyMetricValues(res, stays, p.years[0], p.years[1])
	if err != nil {
		return err
	}
	rec := &record{Run: i, Seed: seed, Events: res.Events, Values: values, Metrics: metrics}
	for _, o := range outs {
		rec.Outcomes = append(rec.Outcomes, outcome{Value: o.Value, Reached: o.Reached, First: o.FirstReached})
	}
	return writeRun(p.parts, p.sc.Name, rec, fanValues(res))
}

// Merge combines the directories of a sharded sweep into out and writes
// the outputs: exactly what one machine running the whole sweep writes,
// with the scenarios the shards stored, for replays. out may be one of
// dirs.
func Merge(dirs []string, out string, targets []target.Target, command []string) (uint64, error) {
	start := time.Now()
	var man *Manifest
	for _, d := range dirs {
		m, err := readManifest(d)
		if errors.Is(err, fs.ErrNotExist) {
			if _, statErr := os.Stat(d); statErr != nil {
				return 0, fmt.Errorf("merge: %s: no such directory", d)
			}
			held, _ := output.ReadMarker(d)
			return 0, fmt.Errorf("merge: %w", &NotSweepError{Dir: d, Held: held})
		}
		if err != nil {
			return 0, fmt.Errorf("merge: %w", err)
		}
		if man == nil {
			man = m
		} else if !sameManifest(man, m) {
			return 0, fmt.Errorf("merge: %s and %s hold different sweeps (%s)", dirs[0], d, diffManifest(man, m))
		}
	}
	if man == nil {
		return 0, errors.New("merge: no directories")
	}
	tj, _ := json.Marshal(targets)
	th := sha256.Sum256(tj)
	if hex.EncodeToString(th[:]) != man.TargetsSHA {
		return 0, errors.New("merge: the targets differ from the ones the sweep ran with; pass the same --targets")
	}
	claim, err := output.Acquire(out, output.SweepKind, output.Exclusive)
	if err != nil {
		return 0, fmt.Errorf("merge: %w", err)
	}
	defer claim.Release()
	if held, err := readManifest(out); err == nil && !sameManifest(held, man) {
		return 0, fmt.Errorf("merge: %s holds another sweep (%s); merge into a new directory", out, diffManifest(held, man))
	}
	// Find a sound checkpoint of every run before writing anything: a
	// merge that is refused leaves out as it was.
	type copyJob struct{ src, dst string }
	var copies []copyJob
	var absent []string
	for _, s := range man.Scenarios {
		dst := partsDir(out, s.Name)
		for i := 0; i < s.runs(man.Runs); i++ {
			if newChecker(man, out, s.Name, len(targets)).check(i) == nil {
				continue
			}
			found := false
			for _, d := range dirs {
				if err := newChecker(man, d, s.Name, len(targets)).check(i); err != nil {
					if missing(err) {
						continue
					}
					return 0, fmt.Errorf("merge: %w; rerun that shard with --resume", err)
				}
				src := partsDir(d, s.Name)
				copies = append(copies, copyJob{fanPath(src, i), fanPath(dst, i)}, copyJob{recordPath(src, i), recordPath(dst, i)})
				found = true
				break
			}
			if !found {
				absent = append(absent, fmt.Sprintf("%s run %d", s.Name, i))
			}
		}
	}
	if len(absent) > 0 {
		shown := absent
		if len(shown) > 5 {
			shown = append(shown[:5:5], "...")
		}
		return 0, fmt.Errorf("merge: %d runs missing from %s: %s", len(absent), strings.Join(dirs, ", "), strings.Join(shown, ", "))
	}
	if err := claim.Mark(output.Marker{Kind: output.SweepKind, Sweep: man.id()}); err != nil {
		return 0, fmt.Errorf("merge: %w", err)
	}
	if err := output.WriteFile(filepath.Join(out, manifestFile), func(w io.Writer) error { return output.JSON(w, man) }); err != nil {
		return 0, err
	}
	// Each scenario as the sweep stored it, for replays; a sweep from
	// before thuis stored them has none.
	for _, s := range man.Scenarios {
		dst := ScenarioPath(out, s.Name)
		if fileExists(dst) {
			continue
		}
		for _, d := range dirs {
			if src := ScenarioPath(d, s.Name); fileExists(src) {
				copies = append(copies, copyJob{src, dst})
				break
			}
		}
	}
	for _, c := range copies {
		if err := copyFile(c.src, c.dst); err != nil {
			return 0, err
		}
	}
	return Finalize(out, targets, time.Since(start), command)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return output.WriteFile(dst, func(w io.Writer) error { _, err := io.Copy(w, in); return err })
}
