package sweep

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

func load(t testing.TB, name string) *scenario.Scenario {
	t.Helper()
	sc, err := loader.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func leversScenario(t testing.TB) *scenario.Scenario {
	t.Helper()
	sc, err := loader.Parse("testdata/levers.yaml", []byte(`name: levers
extends: small.yaml
shelter:
  emergency: {value: 150, unit: places, choice: "1/20", lever: [50, 250]}
housing:
  social_relets: {value: 8000, unit: units/year, choice: "1/20", levels: [6000, 10000]}
`))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestReplay: every run replayed from a sweep directory, with its stored
// scenario only, gives the sweep's row of runs.csv, every column, and its
// rows of series.csv.gz: with replications, either sampler, a calibrated
// scenario's posterior rows, a lever grid, and several scenarios.
func TestReplay(t *testing.T) {
	cases := []struct {
		name      string
		scenarios []*scenario.Scenario
		runs      int
		reps      int
		sampler   string
		levers    bool
	}{
		{"lhs with replications", []*scenario.Scenario{small(t)}, 6, 2, uncertainty.LHS, false},
		{"random", []*scenario.Scenario{small(t)}, 3, 1, uncertainty.Random, false},
		{"posterior rows", []*scenario.Scenario{load(t, "testdata/calibrated.yaml")}, 4, 1, uncertainty.LHS, false},
		{"levers", []*scenario.Scenario{leversScenario(t)}, 2, 1, uncertainty.LHS, true},
		{"two scenarios", []*scenario.Scenario{small(t), load(t, "testdata/calibrated.yaml")}, 3, 1, uncertainty.LHS, false},
	}
	ts := targets(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Scenarios: c.scenarios, Targets: ts, Runs: c.runs, Replications: c.reps, Seed: 11, Sampler: c.sampler,
				Workers: 2, Out: dir, Levers: c.levers, LeverPoints: 2, KeepSeries: true}
			mustRun(t, cfg)
			man, err := ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, info := range man.Scenarios {
				out := dir
				if len(man.Scenarios) > 1 {
					out = filepath.Join(dir, info.Name)
				}
				rows := readLines(t, filepath.Join(out, "runs.csv"))
				series := seriesByRun(t, filepath.Join(out, SeriesFile))
				n := info.runs(man.Runs)
				if len(rows) != n+1 || len(series) != n {
					t.Fatalf("%s: %d rows in runs.csv, series of %d runs; want %d", info.Name, len(rows)-1, len(series), n)
				}
				for i := 0; i < n; i++ {
					r, err := NewReplay(ReplayConfig{Dir: dir, Scenario: info.Name, Run: i, Targets: ts})
					if err != nil {
						t.Fatal(err)
					}
					if !r.Stored {
						t.Errorf("run %d: replayed without the stored scenario", i)
					}
					res, err := sim.Run(context.Background(), r.Scenario, r.Seed)
					if err != nil {
						t.Fatal(err)
					}
					if r.Events != res.Events || r.Check(res.Events) != nil {
						t.Errorf("run %d: %d events recorded, %d replayed; Check: %v", i, r.Events, res.Events, r.Check(res.Events))
					}
					if got := runsRow(t, man, info, r, res, ts); got != rows[i+1] {
						t.Errorf("%s run %d replayed:\n%s\nrow in runs.csv:\n%s", info.Name, i, got, rows[i+1])
					}
					if got := seriesRows(info, i, fanValues(res)); got != series[i] {
						t.Errorf("%s run %d: its replayed series differ from series.csv.gz's", info.Name, i)
					}
				}
			}
		})
	}
}

// runsRow formats a replayed run as finalizeScenario writes its row of
// runs.csv.
func runsRow(t *testing.T, man *Manifest, info ScenarioInfo, r *Replay, res *sim.Result, ts []target.Target) string {
	t.Helper()
	outs, err := target.Evaluate(res, ts)
	if err != nil {
		t.Fatal(err)
	}
	first, last := wholeYears(info.Dates)
	metrics, err := keyMetricValues(res, target.StaysByYear(res), first, last)
	if err != nil {
		t.Fatal(err)
	}
	_, keep := uniqueColumns(keyMetricColumns(first, last))
	f := []string{info.Name, strconv.Itoa(r.Run)}
	if info.Policies != nil {
		f = append(f, strconv.Itoa(r.Policy))
	}
	f = append(f, strconv.Itoa(r.Sample), strconv.Itoa(r.Replication), output.Seed(r.Seed), strconv.FormatUint(res.Events, 10))
	for _, v := range append(append([]float64(nil), r.LeverValues...), r.Values...) {
		f = append(f, output.NumOrEmpty(v))
	}
	for _, o := range outs {
		first := ""
		if o.FirstReached != 0 {
			first = strconv.Itoa(o.FirstReached)
		}
		f = append(f, output.NumOrEmpty(o.Value), strconv.FormatBool(o.Reached), first)
	}
	for k, v := range metrics {
		if keep[k] {
			f = append(f, output.NumOrEmpty(v))
		}
	}
	return strings.Join(f, ",")
}

// seriesRows formats a run's fan values as its rows of series.csv.gz.
func seriesRows(info ScenarioInfo, run int, values []int32) string {
	var b strings.Builder
	snaps := len(info.Dates)
	for s, fs := range fanLayout(len(info.Regions)) {
		region := output.National
		if fs.region < len(info.Regions) {
			region = info.Regions[fs.region]
		}
		for k, d := range info.Dates {
			fmt.Fprintf(&b, "%s,%d,%s,%s,%s,%d\n", info.Name, run, FanMetrics[fs.metric].Name, region, d, values[s*snaps+k])
		}
	}
	return b.String()
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// seriesByRun reads series.csv.gz, checks its header and that its runs
// come in order, and returns each run's rows.
func seriesByRun(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	if !sc.Scan() || sc.Text() != "scenario,run,metric,region,date,value" {
		t.Fatalf("%s: header %q", path, sc.Text())
	}
	var runs []string
	var b strings.Builder
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), ",", 3)
		run, err := strconv.Atoi(f[1])
		if err != nil || run < len(runs)-1 || run > len(runs) {
			t.Fatalf("%s: row %q out of run order", path, sc.Text())
		}
		if run == len(runs) {
			if run > 0 {
				runs[run-1] = b.String()
				b.Reset()
			}
			runs = append(runs, "")
		}
		b.WriteString(sc.Text() + "\n")
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(runs) > 0 {
		runs[len(runs)-1] = b.String()
	}
	return runs
}

// TestReplayCheck: a replay whose events differ from the sweep's record
// of the run is an error; an unfinished run has nothing to compare.
func TestReplayCheck(t *testing.T) {
	r := &Replay{Dir: "sw", Run: 3, Events: 1000}
	if err := r.Check(1000); err != nil {
		t.Error(err)
	}
	if err, want := r.Check(999), "replay: run 3 of sw gave 999 events; the sweep's run gave 1000: the model changed since the sweep"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if err := (&Replay{}).Check(999); err != nil {
		t.Errorf("an unfinished run: %v", err)
	}
}

// TestReplayWithoutStoredScenario: a sweep from before scenarios were
// stored replays from its files, if they are unchanged, and is refused,
// naming the files, if they changed.
func TestReplayWithoutStoredScenario(t *testing.T) {
	dir := t.TempDir()
	cfg := config(t, dir)
	cfg.Runs, cfg.Replications = 2, 1
	mustRun(t, cfg)
	if err := os.RemoveAll(filepath.Join(dir, scenarioDir)); err != nil {
		t.Fatal(err)
	}
	rows := readLines(t, filepath.Join(dir, "runs.csv"))
	r, err := NewReplay(ReplayConfig{Dir: dir, Run: 1, Load: loader.Load})
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), r.Scenario, r.Seed)
	if err != nil {
		t.Fatal(err)
	}
	if r.Stored || !strings.HasPrefix(rows[2], fmt.Sprintf("small,1,1,0,%s,%d,", output.Seed(r.Seed), res.Events)) {
		t.Errorf("replayed from the files (stored %v): seed %d, %d events; runs.csv: %s", r.Stored, r.Seed, res.Events, rows[2][:40])
	}
	changed := func(string) (*scenario.Scenario, error) {
		sc := small(t)
		sc.SHA256 = "0123456789abcdef"
		return sc, nil
	}
	_, err = NewReplay(ReplayConfig{Dir: dir, Run: 1, Load: changed})
	want := "replay: the files of scenario small (testdata/small.yaml) changed since the sweep: sha256 0123456789ab, the sweep ran " + small(t).SHA256[:12] +
		"; the sweep stored no copy (" + ScenarioPath(dir, "small") + " missing), so restore the files as they were (testdata/small.yaml, scenarios/eerst-een-thuis.yaml, "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("changed files:\n got %v\nwant %s...", err, want)
	}
	_, err = NewReplay(ReplayConfig{Dir: dir, Run: 1})
	if want := "replay: " + ScenarioPath(dir, "small") + ": missing; the sweep's scenario small cannot be replayed without it"; err == nil || err.Error() != want {
		t.Errorf("no copy, no loader:\n got %v\nwant %s", err, want)
	}
}

// TestReplayRefuses: what cannot be replayed is refused with the file and
// what is allowed.
func TestReplayRefuses(t *testing.T) {
	dir := t.TempDir()
	cfg := config(t, dir)
	cfg.Runs, cfg.Replications = 2, 1
	cfg.Scenarios = append(cfg.Scenarios, load(t, "testdata/calibrated.yaml"))
	mustRun(t, cfg)
	manPath := filepath.Join(dir, manifestFile)
	stored := ScenarioPath(dir, "small")

	empty := t.TempDir()
	runDir := t.TempDir() // what thuis run leaves, as far as a replay looks
	if err := os.WriteFile(filepath.Join(runDir, output.MarkerFile), []byte(`{"kind":"run","version":"0.1.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}

	otherTargets := targets(t)[:2]
	cases := []struct {
		name   string
		cfg    ReplayConfig
		damage func(t *testing.T) // changes the sweep directory first; undone after
		want   string
	}{
		{"no sweep", ReplayConfig{Dir: empty}, nil,
			empty + " is not a sweep directory: it has no sweep-config.json; give the output directory of a sweep"},
		{"a run", ReplayConfig{Dir: runDir}, nil,
			runDir + " is not a sweep directory (it holds a run): it has no sweep-config.json; give the output directory of a sweep"},
		{"no scenario named", ReplayConfig{Dir: dir}, nil,
			"replay: " + dir + " swept 2 scenarios (small, calibrated); name one"},
		{"unknown scenario", ReplayConfig{Dir: dir, Scenario: "baseline"}, nil,
			`replay: ` + dir + ` did not sweep a scenario "baseline"; it swept small, calibrated`},
		{"run too large", ReplayConfig{Dir: dir, Scenario: "small", Run: 2}, nil,
			"replay: run 2: " + dir + " holds runs 0 to 1 of scenario small"},
		{"negative run", ReplayConfig{Dir: dir, Scenario: "small", Run: -1}, nil,
			"replay: run -1: " + dir + " holds runs 0 to 1 of scenario small"},
		{"other targets", ReplayConfig{Dir: dir, Scenario: "small", Targets: otherTargets}, nil,
			"replay: the targets differ from the ones the sweep in " + dir + " evaluated (" + manPath + " targets_sha256); give the targets file it ran with"},
		{"damaged copy", ReplayConfig{Dir: dir, Scenario: "small"}, func(t *testing.T) { os.WriteFile(stored, []byte("{"), 0o644) },
			"replay: " + stored + ": not a stored scenario: unexpected end of JSON input"},
		{"edited copy", ReplayConfig{Dir: dir, Scenario: "small"}, func(t *testing.T) {
			data, _ := os.ReadFile(stored)
			os.WriteFile(stored, []byte(strings.Replace(string(data), `"Name":"small"`, `"Name":"smal1"`, 1)), 0o644)
		}, "replay: " + stored + ": checksum mismatch: the stored scenario is damaged or was edited"},
		{"another scenario's copy", ReplayConfig{Dir: dir, Scenario: "small"}, func(t *testing.T) { copyOver(t, ScenarioPath(dir, "calibrated"), stored) },
			fmt.Sprintf("replay: %s holds scenario calibrated (sha256 %.12s), not the sweep's small (%.12s)", stored, load(t, "testdata/calibrated.yaml").SHA256, small(t).SHA256)},
		{"other model version", ReplayConfig{Dir: dir, Scenario: "small"}, func(t *testing.T) { editManifest(t, dir, func(m *Manifest) { m.Version = "0.0.9" }) },
			"replay: " + manPath + ": the sweep ran model version 0.0.9; this is " + output.Version + ", which may give other events"},
		{"other columns", ReplayConfig{Dir: dir, Scenario: "small"}, func(t *testing.T) {
			editManifest(t, dir, func(m *Manifest) { m.Scenarios[0].Columns = m.Scenarios[0].Columns[1:] })
		}, "replay: " + manPath + ": scenario small samples"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.damage != nil {
				saved := map[string][]byte{}
				for _, p := range []string{manPath, stored} {
					saved[p], _ = os.ReadFile(p)
				}
				defer func() {
					for p, data := range saved {
						os.WriteFile(p, data, 0o644)
					}
				}()
				c.damage(t)
			}
			_, err := NewReplay(c.cfg)
			if err == nil || (err.Error() != c.want && !(strings.HasSuffix(c.want, "samples") && strings.HasPrefix(err.Error(), c.want))) {
				t.Errorf("got  %v\nwant %s", err, c.want)
			}
		})
	}
}

func copyOver(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func editManifest(t *testing.T, dir string, edit func(*Manifest)) {
	t.Helper()
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, manifestFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestKeepSeriesIsPartOfTheSweep: a sweep keeps series or not from its
// start, so that whichever process finishes it writes them or not; a
// resume that asks otherwise is refused, and a sweep without them writes
// no series.csv.gz.
func TestKeepSeriesIsPartOfTheSweep(t *testing.T) {
	dir := t.TempDir()
	cfg := config(t, dir)
	cfg.Runs, cfg.Replications, cfg.KeepSeries = 2, 1, false
	mustRun(t, cfg)
	if _, err := os.Stat(filepath.Join(dir, SeriesFile)); err == nil {
		t.Errorf("a sweep without KeepSeries wrote %s", SeriesFile)
	}
	cfg.Resume, cfg.KeepSeries = true, true
	_, err := Run(context.Background(), cfg)
	if want := dir + " holds a different sweep (keep_series false, not true); --resume continues only the same scenarios, targets, seed, sampler, runs and replications"; err == nil || err.Error() != want {
		t.Errorf("resume asking for series:\n got %v\nwant %s", err, want)
	}
}
