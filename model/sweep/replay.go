// This file implements replaying one run of a sweep (issue 12, part 3):
// the sweep's scenario, as it stored it, with the run's sampled values,
// posterior row and levers applied, and the run's seed, so that a single
// run gives the sweep's events and outcomes and can be inspected whole.

package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// scenarioDir holds, in a sweep directory, each scenario as the sweep
// loaded it (extends merged, regions and posterior read), as JSON.
const scenarioDir = "scenarios"

// ScenarioPath is the file in which a sweep directory keeps a scenario as
// the sweep loaded it.
func ScenarioPath(dir, name string) string { return filepath.Join(dir, scenarioDir, name+".json") }

// storedScenario is the file ScenarioPath: the scenario as JSON, and a
// SHA-256 of exactly those bytes, so that a damaged or edited copy is
// refused rather than replayed.
type storedScenario struct {
	SHA256   string          `json:"sha256"`
	Scenario json.RawMessage `json:"scenario"`
}

// storeScenario writes sc to its ScenarioPath. encoding/json sorts map
// keys, so the file is the same bytes for the same scenario. A run of
// the sweep is Apply's deep copy (gob) of sc; a JSON round trip gives the
// same copy, which TestReplay checks run by run.
func storeScenario(dir string, sc *scenario.Scenario) error {
	data, err := json.Marshal(sc)
	if err != nil {
		return fmt.Errorf("sweep: storing scenario %s: %w", sc.Name, err)
	}
	sum := sha256.Sum256(data)
	return output.WriteFile(ScenarioPath(dir, sc.Name), func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "{\"sha256\":\"%x\",\"scenario\":%s}\n", sum, data)
		return err
	})
}

// loadStored reads a stored scenario and checks its checksum.
func loadStored(path string, data []byte) (*scenario.Scenario, error) {
	var st storedScenario
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("replay: %s: not a stored scenario: %w", path, err)
	}
	if sum := sha256.Sum256(st.Scenario); hex.EncodeToString(sum[:]) != st.SHA256 {
		return nil, fmt.Errorf("replay: %s: checksum mismatch: the stored scenario is damaged or was edited", path)
	}
	var sc scenario.Scenario
	if err := json.Unmarshal(st.Scenario, &sc); err != nil {
		return nil, fmt.Errorf("replay: %s: not a stored scenario: %w", path, err)
	}
	return &sc, nil
}

// Replay is one run of a sweep, set up as the sweep ran it.
type Replay struct {
	Dir      string // the sweep directory
	Scenario *scenario.Scenario
	// Name is the scenario's name; Scenario has the run's values applied.
	Name string
	// Run is the run's number in runs.csv; Policy, Sample and Replication
	// are its columns there (Policy 0 without levers).
	Run, Policy, Sample, Replication int
	Seed                             uint64
	// Columns and Values are the sampled parameters: runs.csv's columns
	// (see ScenarioInfo.SampledNames) and the run's values.
	Columns []string
	Values  []float64
	// Levers and LeverValues are the policy's levers, for a sweep with
	// levers.
	Levers      []string
	LeverValues []float64
	// Stored reports whether the scenario came from the copy the sweep
	// stored (ScenarioPath), rather than from its files, loaded again.
	Stored bool
	// Events are the events the sweep recorded for the run, or 0 if the
	// run is not finished (or its checkpoint is damaged).
	Events uint64
}

// Check compares a simulation of the replay with what the sweep recorded
// of the run: the same seed and scenario give the same events, unless the
// engine changed since the sweep. A run the sweep has not finished has
// nothing to compare with.
func (r *Replay) Check(events uint64) error {
	if r.Events == 0 || events == r.Events {
		return nil
	}
	return fmt.Errorf("replay: run %d of %s gave %d events; the sweep's run gave %d: the model changed since the sweep", r.Run, r.Dir, events, r.Events)
}

// ReplayConfig says which run of which sweep to replay.
type ReplayConfig struct {
	Dir string // the sweep directory (or a shard's, or a merge's)
	// Scenario names the sweep's scenario, by its name or by the file
	// the sweep loaded it from; "" for a sweep of one.
	Scenario string
	Run      int
	// Targets, if not nil, must be the targets the sweep evaluated, so
	// that the replay's outcomes are the sweep's.
	Targets []target.Target
	// Load, if not nil, loads a scenario file again, for a sweep that
	// stored no copy of its scenarios (made before thuis stored them);
	// its files must be unchanged since the sweep. Nil refuses such a
	// sweep.
	Load func(file string) (*scenario.Scenario, error)
}

// NotSweepError is a directory that holds no sweep.
type NotSweepError struct {
	Dir  string
	Held output.Marker // what it holds instead, if known
}

func (e *NotSweepError) Error() string {
	held := ""
	if e.Held.Kind != "" && e.Held.Kind != output.SweepKind {
		held = " (it holds " + e.Held.String() + ")"
	}
	return fmt.Sprintf("%s is not a sweep directory%s: it has no %s; give the output directory of a sweep", e.Dir, held, manifestFile)
}

// NewReplay sets up run cfg.Run of the sweep in cfg.Dir exactly as the
// sweep ran it: the scenario as stored in the directory (or, for an older
// sweep, loaded again and checked against the SHA-256 the sweep
// recorded), with sample Run mod Runs / Replications of its sampler and
// the levers of policy Run / Runs applied, and the seed RunSeed(seed, Run
// mod Runs). The run need not be finished: a replay needs only the
// directory's sweep-config.json and the stored scenario.
func NewReplay(cfg ReplayConfig) (*Replay, error) {
	man, err := readManifest(cfg.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		held, _ := output.ReadMarker(cfg.Dir)
		return nil, &NotSweepError{Dir: cfg.Dir, Held: held}
	}
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	manPath := filepath.Join(cfg.Dir, manifestFile)
	if man.Version != output.Version {
		return nil, fmt.Errorf("replay: %s: the sweep ran model version %s; this is %s, which may give other events", manPath, man.Version, output.Version)
	}
	if man.Runs < 1 || man.Replications < 1 || len(man.Scenarios) == 0 {
		return nil, fmt.Errorf("replay: %s: %d runs, %d replications, %d scenarios: not a sweep thuis wrote", manPath, man.Runs, man.Replications, len(man.Scenarios))
	}
	var names []string
	for _, s := range man.Scenarios {
		names = append(names, s.Name)
	}
	name := cfg.Scenario
	if name == "" {
		if len(names) > 1 {
			return nil, fmt.Errorf("replay: %s swept %d scenarios (%s); name one", cfg.Dir, len(names), strings.Join(names, ", "))
		}
		name = names[0]
	}
	for _, s := range man.Scenarios {
		if s.File == name && !slices.Contains(names, name) {
			name = s.Name // named by the file the sweep loaded it from
		}
	}
	if !slices.Contains(names, name) {
		return nil, fmt.Errorf("replay: %s did not sweep a scenario %q; it swept %s", cfg.Dir, name, strings.Join(names, ", "))
	}
	info := man.scenario(name)
	if n := info.runs(man.Runs); cfg.Run < 0 || cfg.Run >= n {
		return nil, fmt.Errorf("replay: run %d: %s holds runs 0 to %d of scenario %s", cfg.Run, cfg.Dir, n-1, name)
	}
	if cfg.Targets != nil {
		tj, err := json.Marshal(cfg.Targets)
		if err != nil {
			return nil, err
		}
		if th := sha256.Sum256(tj); hex.EncodeToString(th[:]) != man.TargetsSHA {
			return nil, fmt.Errorf("replay: the targets differ from the ones the sweep in %s evaluated (%s targets_sha256); give the targets file it ran with", cfg.Dir, manPath)
		}
	}
	sc, stored, err := sweptScenario(cfg, info)
	if err != nil {
		return nil, err
	}
	p, err := replayPlan(sc, man, info)
	if err != nil {
		return nil, fmt.Errorf("replay: %s: %w", manPath, err)
	}
	applied, values, err := p.setting(cfg.Run, man.Runs, man.Replications)
	if err != nil {
		return nil, fmt.Errorf("replay: scenario %s run %d: %w", name, cfg.Run, err)
	}
	j := cfg.Run % man.Runs
	r := &Replay{Dir: cfg.Dir, Scenario: applied, Name: name, Run: cfg.Run, Policy: cfg.Run / man.Runs,
		Sample: j / man.Replications, Replication: j % man.Replications, Seed: uncertainty.RunSeed(man.Seed, j),
		Columns: info.SampledNames(), Values: values, Levers: info.Levers, Stored: stored}
	if p.grid != nil {
		r.LeverValues = p.grid[r.Policy]
	}
	if rec, err := newChecker(man, cfg.Dir, name, -1).record(cfg.Run); err == nil {
		r.Events = rec.Events
	}
	return r, nil
}

// sweptScenario returns the scenario as the sweep loaded it: its stored
// copy, or for a sweep without one, its files loaded again if unchanged.
func sweptScenario(cfg ReplayConfig, info ScenarioInfo) (*scenario.Scenario, bool, error) {
	path := ScenarioPath(cfg.Dir, info.Name)
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		sc, err := loadStored(path, data)
		if err != nil {
			return nil, false, err
		}
		if sc.Name != info.Name || sc.SHA256 != info.SHA256 {
			return nil, false, fmt.Errorf("replay: %s holds scenario %s (sha256 %.12s), not the sweep's %s (%.12s)", path, sc.Name, sc.SHA256, info.Name, info.SHA256)
		}
		return sc, true, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("replay: %w", err)
	case cfg.Load == nil:
		return nil, false, fmt.Errorf("replay: %s: missing; the sweep's scenario %s cannot be replayed without it", path, info.Name)
	}
	sc, err := cfg.Load(info.File)
	if err != nil {
		return nil, false, fmt.Errorf("replay: the sweep stored no copy of scenario %s (%s missing), and loading %s again failed: %w", info.Name, path, info.File, err)
	}
	if sc.SHA256 != info.SHA256 {
		return nil, false, fmt.Errorf("replay: the files of scenario %s (%s) changed since the sweep: sha256 %.12s, the sweep ran %.12s; the sweep stored no copy (%s missing), so restore the files as they were (%s)",
			info.Name, info.File, sc.SHA256, info.SHA256, path, strings.Join(sc.Files, ", "))
	}
	return sc, false, nil
}

// replayPlan rebuilds the plan of sc as prepare built it for the sweep,
// and checks that it samples the columns and crosses the levers the
// sweep recorded.
func replayPlan(sc *scenario.Scenario, man *Manifest, info ScenarioInfo) (*plan, error) {
	ps := uncertainty.Varied(sc)
	samples := (man.Runs + man.Replications - 1) / man.Replications
	s, err := uncertainty.NewSampler(man.Sampler, ps, samples, man.Seed)
	if err != nil {
		return nil, err
	}
	if cols := s.Columns(); !slices.Equal(cols, info.Columns) {
		return nil, fmt.Errorf("scenario %s samples %d columns, the sweep sampled %d (%s): another scenario or model", sc.Name, len(cols), len(info.Columns), strings.Join(info.Columns, ", "))
	}
	p := &plan{sc: sc, params: ps, sampler: s}
	if info.Policies == nil {
		return p, nil
	}
	// A lever's points matter only for the grid, which the manifest holds.
	p.levers = uncertainty.Levers(sc, 2)
	var paths []string
	for _, l := range p.levers {
		paths = append(paths, l.Path)
	}
	if !slices.Equal(paths, info.Levers) {
		return nil, fmt.Errorf("scenario %s has levers %s, the sweep crossed %s", sc.Name, strings.Join(paths, ", "), strings.Join(info.Levers, ", "))
	}
	for k, pol := range info.Policies {
		if len(pol) != len(paths) {
			return nil, fmt.Errorf("policy %d has %d lever values, the sweep crossed %d levers", k, len(pol), len(paths))
		}
	}
	p.grid = info.Policies
	return p, nil
}
