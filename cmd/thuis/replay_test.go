package main

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/sweep"
)

// fanFromTimeseries says how each series of a sweep's series.csv.gz (the
// FanMetrics of model/sweep) is summed from the metrics of a run's
// timeseries.csv, over profiles too.
var fanFromTimeseries = map[string][]string{
	"cbs_count":          {"cbs_count"},
	"rough_sleeping":     {"ethos1"},
	output.LackOfShelter: {output.LackOfShelter},
	"open_large":         {"open_large"},
	"waiting_list":       {"waiting_list"},
	"homeless":           {"ethos1", "ethos2", "ethos3", "ethos4", "ethos5", "ethos6"},
	"ethos1":             {"ethos1"},
	"ethos2":             {"ethos2"},
	"ethos3":             {"ethos3"},
	"ethos4":             {"ethos4"},
	"ethos5":             {"ethos5"},
	"ethos6":             {"ethos6"},
	"ethos7":             {"ethos7"},
	"housed":             {"housed_supported", "housed_unsupported"},
	"occupied_emergency": {"occupied_emergency"},
	"occupied_large":     {"occupied_large"},
	"occupied_small":     {"occupied_small"},
	"open_small":         {"open_small"},
	"capacity_emergency": {"capacity_emergency"},
	"capacity_large":     {"capacity_large"},
	"capacity_small":     {"capacity_small"},
}

// TestReplayMatchesSweep: thuis run --from replays each run of a sweep
// kept with --keep-series: its seed, sample, sampled values, events and
// target outcomes are the run's row of runs.csv, and its timeseries.csv
// gives, month by month, the run's rows of series.csv.gz. The sweep runs
// with levers, so a replay also sets its policy's levers.
func TestReplayMatchesSweep(t *testing.T) {
	dir := t.TempDir()
	testdata := filepath.Dir(smallScenario)
	for _, f := range []string{"small.yaml", "regions/three.yaml"} {
		data, err := os.ReadFile(filepath.Join(testdata, f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	levers := filepath.Join(dir, "levers.yaml")
	if err := os.WriteFile(levers, []byte(`name: levers
extends: small
shelter:
  emergency: {value: 150, unit: places, choice: "1/20", lever: [50, 250]}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	sw := filepath.Join(dir, "sw")
	mustThuis(t, "sweep", levers, "--levers", "--lever-points", "2", "--runs", "2", "--replications", "2", "--keep-series", "--workers", "2", "--out", sw)
	runs := readTable(t, filepath.Join(sw, "runs.csv"))
	series := readSeries(t, filepath.Join(sw, "series.csv.gz"))
	if len(runs) != 4 || len(series) != 4 {
		t.Fatalf("%d rows in runs.csv, series of %d runs; want 2 policies × 2 runs", len(runs), len(series))
	}
	sampled := sampledColumns(t, sw)
	for i, row := range runs {
		out := filepath.Join(dir, fmt.Sprintf("run-%d", i))
		stdout := mustThuis(t, "run", "--from", sw, "--run", strconv.Itoa(i), "--out", out)
		seed, err := strconv.ParseUint(row["seed"], 0, 64)
		if err != nil {
			t.Fatalf("run %d: seed %q in runs.csv: %v", i, row["seed"], err)
		}
		head := fmt.Sprintf("Run %d of the sweep in %s: scenario levers, policy %s, sample %s, replication %s, seed %d (%s)\n",
			i, sw, row["policy"], row["sample"], row["replication"], seed, row["seed"])
		if !strings.HasPrefix(stdout, head) {
			t.Errorf("run %d: stdout starts\n%.200s\nwant\n%s", i, stdout, head)
		}
		// Every lever and sampled value, as runs.csv has it.
		for col, v := range row {
			if sampled[col] {
				if line := fmt.Sprintf("\n  %s = %s\n", col, v); !strings.Contains(stdout, line) {
					t.Errorf("run %d: stdout lacks %q", i, strings.TrimSpace(line))
				}
			}
		}
		var rj struct {
			Seed   uint64 `json:"seed"`
			Events uint64 `json:"events"`
		}
		data, err := os.ReadFile(filepath.Join(out, "run.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &rj); err != nil {
			t.Fatal(err)
		}
		if rj.Seed != seed || strconv.FormatUint(rj.Events, 10) != row["events"] {
			t.Errorf("run %d: seed %d, %d events; runs.csv: %s, %s", i, rj.Seed, rj.Events, row["seed"], row["events"])
		}
		for _, tg := range readTable(t, filepath.Join(out, "targets.csv")) {
			for _, col := range []string{"value", "reached", "first_reached"} {
				got, want := tg[col], row[sweep.TargetColumn(tg["id"], col)]
				if col == "value" && want != "" { // targets.csv rounds to 4 decimals, runs.csv does not
					v, err := strconv.ParseFloat(want, 64)
					if err != nil {
						t.Fatal(err)
					}
					want = output.Num(output.Round(v, 4))
				}
				if got != want {
					t.Errorf("run %d %s %s: %q replayed, %q in runs.csv", i, tg["id"], col, got, want)
				}
			}
		}
		ts := timeseries(t, filepath.Join(out, "timeseries.csv"))
		n := 0
		for key, v := range series[i] {
			metric, rest, _ := strings.Cut(key, ",")
			var sum int64
			for _, m := range fanFromTimeseries[metric] {
				sum += ts[m+","+rest]
			}
			if _, ok := fanFromTimeseries[metric]; !ok || sum != v {
				t.Errorf("run %d %s: %d in series.csv.gz, %d in the replay's timeseries.csv", i, key, v, sum)
				if n++; n > 5 {
					t.FailNow()
				}
			}
		}
	}
}

// sampledColumns returns the runs.csv columns of a sweep directory that
// hold levers and sampled parameters, as its datapackage.json says.
func sampledColumns(t *testing.T, dir string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, output.DataPackageFile))
	if err != nil {
		t.Fatal(err)
	}
	var p output.Package
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	cols := map[string]bool{}
	for _, r := range p.Resources {
		for _, f := range r.Schema.Fields {
			if r.Path == "runs.csv" && (strings.HasPrefix(f.Description, "sampled ") || strings.HasPrefix(f.Description, "policy lever ")) {
				cols[f.Name] = true
			}
		}
	}
	if len(cols) == 0 {
		t.Fatalf("%s: no sampled columns in runs.csv", dir)
	}
	return cols
}

// mustThuis runs the command and fails the test unless it succeeds.
func mustThuis(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := thuis(t, args...)
	if code != 0 {
		t.Fatalf("thuis %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

func readTable(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return table(t, path, f)
}

func table(t *testing.T, path string, r io.Reader) []map[string]string {
	t.Helper()
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for k, h := range rows[0] {
			m[h] = row[k]
		}
		out = append(out, m)
	}
	return out
}

// readSeries reads series.csv.gz as pandas would, and returns per run a
// map from "metric,region,date" to the value.
func readSeries(t *testing.T, path string) []map[string]int64 {
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
	var out []map[string]int64
	for _, row := range table(t, path, zr) {
		run, _ := strconv.Atoi(row["run"])
		for len(out) <= run {
			out = append(out, map[string]int64{})
		}
		v, err := strconv.ParseInt(row["value"], 10, 64)
		if err != nil || row["scenario"] != "levers" {
			t.Fatalf("%s: row %v", path, row)
		}
		out[run][row["metric"]+","+row["region"]+","+row["date"]] = v
	}
	return out
}

// timeseries reads a run's timeseries.csv, summed over profiles, as a
// map from "metric,region,date" to the value.
func timeseries(t *testing.T, path string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, row := range readTable(t, path) {
		v, err := strconv.ParseInt(row["value"], 10, 64)
		if err != nil {
			t.Fatalf("%s: row %v", path, row)
		}
		out[row["metric"]+","+row["region"]+","+row["date"]] += v
	}
	return out
}
