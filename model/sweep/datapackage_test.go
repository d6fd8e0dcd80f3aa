package sweep

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// TestDataPackage checks every output of small sweeps (one scenario with
// levers and series, and two scenarios) against its datapackage.json with
// a strict reader (output.CheckDataPackage), and what the dictionary
// promises: seeds that read back exact, a scenario column, names that say
// factor or value, and splits whose marked shares sum to 1.
func TestDataPackage(t *testing.T) {
	cases := []struct {
		name      string
		scenarios []*scenario.Scenario
		levers    bool
		files     []string
	}{
		{"levers and series", []*scenario.Scenario{leversScenario(t)}, true, []string{"targets.csv", "fan.csv", "runs.csv", "policies.csv", SeriesFile}},
		{"three scenarios", []*scenario.Scenario{small(t), load(t, "testdata/calibrated.yaml"), moreHomes(t)}, false, []string{"targets.csv", "fan.csv", "runs.csv", SeriesFile}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := Config{Scenarios: c.scenarios, Targets: targets(t), Runs: 3, Replications: 1, Seed: 5, Sampler: uncertainty.LHS,
				Workers: 2, Out: dir, Levers: c.levers, LeverPoints: 2, KeepSeries: true}
			mustRun(t, cfg)
			if err := output.CheckDataPackage(dir); err != nil {
				t.Fatal(err)
			}
			for _, sc := range c.scenarios {
				out := dir
				if len(c.scenarios) > 1 {
					out = filepath.Join(dir, sc.Name)
					if err := output.CheckDataPackage(out); err != nil {
						t.Fatal(err)
					}
				}
				pkg := readPackage(t, out)
				var paths []string
				for _, r := range pkg.Resources {
					paths = append(paths, r.Path)
				}
				if strings.Join(paths, " ") != strings.Join(c.files, " ") {
					t.Errorf("%s describes %v, want %v", out, paths, c.files)
				}
				checkRuns(t, pkg, filepath.Join(out, "runs.csv"), sc.Name, cfg.Seed)
			}
		})
	}
}

func readPackage(t *testing.T, dir string) output.Package {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, output.DataPackageFile))
	if err != nil {
		t.Fatal(err)
	}
	var p output.Package
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func checkRuns(t *testing.T, pkg output.Package, path, name string, seed uint64) {
	t.Helper()
	var fields []output.Field
	for _, r := range pkg.Resources {
		if r.Path == "runs.csv" {
			fields = r.Schema.Fields
		}
	}
	groups := map[string][]string{}
	factors, values := 0, 0
	for _, f := range fields {
		if f.Group != "" {
			groups[f.Group] = append(groups[f.Group], f.Name)
			if !strings.HasSuffix(f.Name, ".share") || f.Unit != "share" {
				t.Errorf("%s in group %s: want a .share column of unit share", f.Name, f.Group)
			}
		}
		switch {
		case strings.HasSuffix(f.Name, ".factor"):
			factors++
			if f.Unit != "factor" {
				t.Errorf("%s: unit %s, want factor", f.Name, f.Unit)
			}
		case strings.HasSuffix(f.Name, ".value") && strings.Contains(f.Description, "sampled value"):
			values++
		}
	}
	if len(groups) == 0 || factors == 0 || values == 0 {
		t.Errorf("%s: %d Dirichlet groups, %d factors, %d values; the test scenarios have each", path, len(groups), factors, values)
	}
	for i, row := range readCSV(t, path) {
		if row["scenario"] != name {
			t.Errorf("%s run %d: scenario %q, want %s", path, i, row["scenario"], name)
		}
		run, _ := strconv.Atoi(row["run"])
		if got, err := strconv.ParseUint(row["seed"], 0, 64); err != nil || got != uncertainty.RunSeed(seed, run%3) {
			t.Errorf("%s run %d: seed %s (%v), want %d exactly", path, i, row["seed"], err, uncertainty.RunSeed(seed, run%3))
		}
		for g, cols := range groups {
			sum := 0.0
			for _, c := range cols {
				v, err := strconv.ParseFloat(row[c], 64)
				if err != nil {
					t.Fatal(err)
				}
				sum += v
			}
			// Shares are drawn from a Dirichlet and normalised: the sum
			// is 1 up to rounding of a few float64 additions.
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("%s run %d: group %s sums to %v, not 1", path, i, g, sum)
			}
		}
	}
}

// TestResumeOlderSweep: a sweep begun before the manifest described its
// columns is not resumed as if it were the same sweep, and says why; its
// outputs, once finished, still name every column.
func TestResumeOlderSweep(t *testing.T) {
	dir := t.TempDir()
	cfg := config(t, dir)
	cfg.Runs, cfg.Replications = 2, 1
	mustRun(t, cfg)
	editManifest(t, dir, func(m *Manifest) { m.Scenarios[0].Sampled = nil })
	cfg.Resume = true
	_, err := Run(context.Background(), cfg)
	want := dir + " holds a different sweep (scenario small begun by a thuis that did not describe its columns; finish it with that version, or start a new sweep); --resume continues only the same scenarios, targets, seed, sampler, runs and replications"
	if err == nil || err.Error() != want {
		t.Fatalf("resume: %v\nwant %s", err, want)
	}
	if _, err := Finalize(dir, cfg.Targets, 0, nil); err != nil {
		t.Fatal(err)
	}
	if err := output.CheckDataPackage(dir); err != nil {
		t.Fatal(err)
	}
	runs := readCSV(t, filepath.Join(dir, "runs.csv"))
	if _, ok := runs[0]["population.ethos6"]; !ok {
		t.Errorf("runs.csv of an older sweep: no column population.ethos6 (its path, made safe)")
	}
}

// moreHomes is a variant of small whose name has dashes, which resource
// names of the sweep's datapackage.json carry.
func moreHomes(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := loader.Parse("testdata/variant.yaml", []byte(`name: small-more-homes
description: "more homes"
extends: small
housing:
  programme:
    clustered: {unit: units/year, choice: "more", schedule: {2023-01-01: 25, 2025-01-01: 300}}
`))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestReadInRAndPandas reads a sweep's runs.csv as R's read.csv and
// pandas do, where they are installed (Debian: r-base-core,
// python3-pandas): every name as written, and the seeds as text that
// parses back to the run's seed exactly. R's read.csv would have read a
// decimal seed, or a plain 0x form, as a rounded double.
func TestReadInRAndPandas(t *testing.T) {
	const pandasScript = `import sys, pandas; d = pandas.read_csv(sys.argv[1]); print(",".join(d.columns)); print(" ".join(d.seed))`
	dir := t.TempDir()
	cfg := config(t, dir)
	cfg.Runs, cfg.Replications = 2, 1
	mustRun(t, cfg)
	runs := filepath.Join(dir, "runs.csv")
	var header string
	if rows := readRows(t, runs); len(rows) > 0 {
		header = strings.Join(rows[0], ",")
	}
	want := fmt.Sprintf("%s\n%s %s\n", header, output.Seed(uncertainty.RunSeed(cfg.Seed, 0)), output.Seed(uncertainty.RunSeed(cfg.Seed, 1)))
	readers := []struct {
		name string
		cmd  []string
	}{
		{"R", []string{"Rscript", "-e", `d <- read.csv(commandArgs(TRUE)[1]); cat(paste(names(d), collapse = ","), "\n", paste(d$seed, collapse = " "), "\n", sep = "")`, runs}},
		{"pandas", []string{"python3", "-c", pandasScript, runs}},
		{"pandas", []string{"/usr/bin/python3", "-c", pandasScript, runs}}, // Debian's, beside a pyenv one
	}
	ran := 0
	for _, r := range readers {
		if _, err := exec.LookPath(r.cmd[0]); err != nil {
			continue
		}
		out, err := exec.Command(r.cmd[0], r.cmd[1:]...).CombinedOutput()
		if err != nil {
			if r.name == "pandas" && strings.Contains(string(out), "No module named 'pandas'") {
				continue
			}
			t.Fatalf("%s: %v\n%s", r.name, err, out)
		}
		ran++
		if string(out) != want {
			t.Errorf("%s read runs.csv as\n%s\nwant\n%s", r.name, out, want)
		}
	}
	if ran == 0 {
		t.Skip("neither R (Rscript) nor pandas is installed")
	}
}
