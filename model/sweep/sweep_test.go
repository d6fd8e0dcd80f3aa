package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
	"github.com/thuis-nl/thuis/scenarios"
)

var loader = scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}

func small(t testing.TB) *scenario.Scenario {
	t.Helper()
	sc, err := loader.Load("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func targets(t testing.TB) []target.Target {
	t.Helper()
	data, _ := scenarios.FS.ReadFile("targets.yaml")
	ts, err := target.Parse("targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func config(t *testing.T, out string) Config {
	return Config{Scenarios: []*scenario.Scenario{small(t)}, Targets: targets(t), Runs: 12, Replications: 2,
		Seed: 7, Sampler: uncertainty.LHS, Workers: 1, Out: out, KeepSeries: true}
}

// outputs are compared byte for byte; the test sweep keeps its series,
// so every test of identical outputs covers series.csv.gz too.
var outputs = []string{"targets.csv", "fan.csv", "runs.csv", SeriesFile, output.DataPackageFile}

// sameOutputs compares the outputs of two sweep directories: the CSV
// files byte for byte, sweep.json but for its timing.
func sameOutputs(t *testing.T, a, b string) {
	t.Helper()
	for _, f := range outputs {
		x, err1 := os.ReadFile(filepath.Join(a, f))
		y, err2 := os.ReadFile(filepath.Join(b, f))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v, %v", f, err1, err2)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s", f, a, b)
		}
	}
	var ra, rb Report
	for dir, r := range map[string]*Report{a: &ra, b: &rb} {
		data, err := os.ReadFile(filepath.Join(dir, "sweep.json"))
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(data, r)
		r.WallSeconds, r.Command = 0, nil
	}
	if !sameManifest(&ra.Manifest, &rb.Manifest) || ra.Events != rb.Events || ra.Events == 0 {
		t.Errorf("sweep.json differs beyond timing: %+v / %+v", ra, rb)
	}
}

func mustRun(t *testing.T, cfg Config) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestWorkersGiveIdenticalOutputs(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	mustRun(t, config(t, a))
	cfg := config(t, b)
	cfg.Workers = 4
	if sum := mustRun(t, cfg); !sum.Finalized || sum.Done != 12 {
		t.Fatalf("summary %+v", sum)
	}
	sameOutputs(t, a, b)
}

func TestShardsMergeToTheUnshardedSweep(t *testing.T) {
	whole := t.TempDir()
	mustRun(t, config(t, whole))
	var dirs []string
	for i := 0; i < 3; i++ {
		cfg := config(t, t.TempDir())
		cfg.Shard = Shard{i, 3}
		sum := mustRun(t, cfg)
		if sum.Finalized || sum.Done != 4 {
			t.Fatalf("shard %d: %+v; want 4 runs, not finalized", i, sum)
		}
		dirs = append(dirs, cfg.Out)
	}
	merged := t.TempDir()
	if _, err := Merge(dirs[:2], merged, targets(t), nil); err == nil || !strings.Contains(err.Error(), "4 runs missing") {
		t.Errorf("merging 2 of 3 shards: err = %v, want 4 runs missing", err)
	}
	if _, err := Merge(dirs, merged, targets(t), nil); err != nil {
		t.Fatal(err)
	}
	sameOutputs(t, whole, merged)
	// A shard of another sweep does not merge.
	other := config(t, t.TempDir())
	other.Seed = 8
	other.Shard = Shard{0, 3}
	mustRun(t, other)
	if _, err := Merge([]string{dirs[0], other.Out}, t.TempDir(), targets(t), nil); err == nil || !strings.Contains(err.Error(), "seed 7, not 8") {
		t.Errorf("merging different sweeps: err = %v", err)
	}
}

func TestInterruptAndResume(t *testing.T) {
	whole := t.TempDir()
	mustRun(t, config(t, whole))

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cfg := config(t, dir)
	cfg.Progress = func(done, total int) {
		if done == 5 {
			cancel() // Ctrl-C after 5 runs
		}
	}
	sum, err := Run(ctx, cfg)
	if !errors.Is(err, ErrInterrupted) || sum.Done < 5 || sum.Done == 12 {
		t.Fatalf("interrupted sweep: %+v, %v", sum, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "targets.csv")); err == nil {
		t.Error("an interrupted sweep wrote its outputs")
	}
	// kill -9 in the middle of a run's checkpoint: a temporary file and a
	// fan file without its record are left behind.
	parts := partsDir(dir, "small")
	os.WriteFile(filepath.Join(parts, ".run-000011.rec.tmp123"), []byte("half"), 0o644)
	os.WriteFile(fanPath(parts, 11), []byte("half a fan"), 0o644)

	cfg.Progress = nil
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("rerun without --resume: err = %v", err)
	}
	cfg.Resume = true
	if sum := mustRun(t, cfg); !sum.Finalized {
		t.Fatalf("resumed: %+v", sum)
	}
	sameOutputs(t, whole, dir)
	if ms, _ := filepath.Glob(filepath.Join(parts, ".*tmp*")); len(ms) != 0 {
		t.Errorf("temporary files left: %v", ms)
	}
	// Resuming with other settings is refused.
	cfg.Runs = 13
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "12 runs, not 13") {
		t.Errorf("resume with other runs: err = %v", err)
	}
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func parse(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

// TestAgainstDirectComputation reruns every run of a small sweep by hand,
// from the seed and sample the sweep says it used, and recomputes the
// probabilities, quantiles and fan values directly.
func TestAgainstDirectComputation(t *testing.T) {
	dir := t.TempDir()
	cfg := config(t, dir)
	cfg.Workers = 2
	mustRun(t, cfg)
	sc, ts := small(t), targets(t)
	params := uncertainty.Varied(sc)
	sampler, _ := uncertainty.NewSampler(uncertainty.LHS, params, 6, 7)
	runs := readCSV(t, filepath.Join(dir, "runs.csv"))
	values := make([][]float64, len(ts))
	reached := make([]int, len(ts))
	var fanCBS []float64 // national CBS count on 1 January 2026
	for i := 0; i < cfg.Runs; i++ {
		seed := uncertainty.RunSeed(7, i)
		if got, err := strconv.ParseUint(runs[i]["seed"], 0, 64); err != nil || got != seed || runs[i]["scenario"] != "small" {
			t.Fatalf("run %d: scenario %s, seed %s in runs.csv (%v), want small and %d", i, runs[i]["scenario"], runs[i]["seed"], err, seed)
		}
		applied, err := uncertainty.Apply(sc, params, sampler.Values(i/2))
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(context.Background(), applied, seed)
		if err != nil {
			t.Fatal(err)
		}
		outs, err := target.Evaluate(res, ts)
		if err != nil {
			t.Fatal(err)
		}
		for k, o := range outs {
			values[k] = append(values[k], o.Value)
			if o.Reached {
				reached[k]++
			}
			if got := parse(t, runs[i][TargetColumn(o.ID, "value")]); math.Abs(got-o.Value) > 1e-9*math.Max(1, math.Abs(o.Value)) {
				t.Errorf("run %d %s: %v in runs.csv, %v directly", i, o.ID, got, o.Value)
			}
		}
		for _, s := range res.Snapshots {
			if s.Date.Format("2006-01-02") == "2026-01-01" {
				var n int32
				for _, v := range s.CBS {
					n += v
				}
				fanCBS = append(fanCBS, float64(n))
			}
		}
	}
	rows := readCSV(t, filepath.Join(dir, "targets.csv"))
	for k, tg := range ts {
		row := rows[k]
		if row["id"] != tg.ID {
			t.Fatalf("row %d is %s, want %s", k, row["id"], tg.ID)
		}
		p := float64(reached[k]) / float64(cfg.Runs)
		lo, hi := Wilson(reached[k], cfg.Runs, 0.95)
		if parse(t, row["probability"]) != p || math.Abs(parse(t, row["ci95_low"])-lo) > 1e-9 || math.Abs(parse(t, row["ci95_high"])-hi) > 1e-9 {
			t.Errorf("%s: probability %s [%s, %s], want %v [%v, %v]", tg.ID, row["probability"], row["ci95_low"], row["ci95_high"], p, lo, hi)
		}
		xs := append([]float64(nil), values[k]...)
		sort.Float64s(xs)
		for _, q := range []float64{0.05, 0.5, 0.95} {
			col := "value_p" + strconv.Itoa(int(q*100))
			want := stat.Quantile(q, stat.Empirical, xs, nil)
			if got := parse(t, row[col]); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("%s %s = %v, want %v", tg.ID, col, got, want)
			}
		}
	}
	sort.Float64s(fanCBS)
	for _, r := range readCSV(t, filepath.Join(dir, "fan.csv")) {
		if r["metric"] == "cbs_count" && r["region"] == "NL" && r["date"] == "2026-01-01" {
			if got, want := parse(t, r["p50"]), stat.Quantile(0.5, stat.Empirical, fanCBS, nil); got != want {
				t.Errorf("fan median of the CBS count on 1 January 2026: %v, want %v", got, want)
			}
			if got, want := parse(t, r["mean"]), stat.Mean(fanCBS, nil); math.Abs(got-want) > 1e-3 {
				t.Errorf("fan mean: %v, want %v", got, want)
			}
			return
		}
	}
	t.Error("no national cbs_count row for 2026-01-01 in fan.csv")
}

// TestCommonRandomNumbers: with two scenarios, run i of each uses the same
// seed and the same values of shared parameters; outputs go per scenario.
func TestCommonRandomNumbers(t *testing.T) {
	dir := t.TempDir()
	variant, err := loader.Parse("testdata/variant.yaml", []byte(`name: small-more-homes
description: "more homes"
extends: small
housing:
  programme:
    clustered: {unit: units/year, choice: "more", schedule: {2023-01-01: 25, 2025-01-01: 300}}
`))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config(t, dir)
	cfg.Runs = 4
	cfg.Scenarios = append(cfg.Scenarios, variant)
	mustRun(t, cfg)
	a := readCSV(t, filepath.Join(dir, "small", "runs.csv"))
	b := readCSV(t, filepath.Join(dir, "small-more-homes", "runs.csv"))
	for i := range a {
		for _, col := range []string{"seed", "population.ethos6.value", "inflow.life_events.rate.factor", "entry.shelter.share"} {
			if a[i][col] == "" || a[i][col] != b[i][col] {
				t.Errorf("run %d %s: %q and %q", i, col, a[i][col], b[i][col])
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep.json")); err != nil {
		t.Error(err)
	}
}
