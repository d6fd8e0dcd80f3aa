package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// bound is how long any command in these tests may take: the small
// scenario runs in well under a second. A command still running at the
// bound is cancelled and the test fails: it hung.
const bound = 60 * time.Second

// oldwd is the package directory, where the tests start.
var oldwd, _ = os.Getwd()

// smallScenario is the 1/20-scale, three-region plan of the sweep tests.
var smallScenario = filepath.Join("..", "..", "model", "sweep", "testdata", "small.yaml")

// thuis runs a command with a deadline and returns its exit code, stdout
// and stderr.
func thuis(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := runContext(ctx, args, &stdout, &stderr)
	if ctx.Err() != nil {
		t.Fatalf("thuis %s did not end within %s", strings.Join(args, " "), bound)
	}
	return code, stdout.String(), stderr.String()
}

// TestConcurrentCommands: two commands on one output directory at once,
// 20 times. Two sweeps with different seeds: exactly one succeeds, and the
// directory holds its sweep, whole. Two runs with different seeds: either
// the second is refused (the directory is in use) or it waited for the
// first to end and replaced it; the directory holds one run, whole.
func TestConcurrentCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("40 pairs of small runs and sweeps")
	}
	sc, err := filepath.Abs(smallScenario)
	if err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		code           int
		stdout, stderr string
	}
	pair := func(a, b []string) [2]outcome {
		var out [2]outcome
		var wg sync.WaitGroup
		for i, args := range [][]string{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i].code, out[i].stdout, out[i].stderr = thuis(t, args...)
			}()
		}
		wg.Wait()
		return out
	}
	refusals := 0
	for trial := 0; trial < 20; trial++ {
		dir := filepath.Join(t.TempDir(), "out")
		out := pair([]string{"sweep", sc, "--runs", "2", "--seed", "1", "--workers", "1", "--out", dir},
			[]string{"sweep", sc, "--runs", "2", "--seed", "2", "--workers", "1", "--out", dir})
		winner := -1
		for i, o := range out {
			if o.code == 0 {
				if winner >= 0 {
					t.Fatalf("trial %d: both sweeps succeeded into one directory", trial)
				}
				winner = i
				continue
			}
			busy := "thuis: " + dir + " is in use by another thuis command; wait until it ends\n"
			other := "thuis: " + dir + " holds a different sweep"
			if o.stderr != busy && !strings.HasPrefix(o.stderr, other) {
				t.Errorf("trial %d: sweep refused with\n%s", trial, o.stderr)
			}
		}
		if winner < 0 {
			t.Fatalf("trial %d: neither sweep succeeded:\n%s\n%s", trial, out[0].stderr, out[1].stderr)
		}
		var rep struct {
			Seed uint64 `json:"seed"`
			Runs int    `json:"runs"`
		}
		data, err := os.ReadFile(filepath.Join(dir, "sweep.json"))
		if err != nil || json.Unmarshal(data, &rep) != nil || rep.Seed != uint64(winner+1) || rep.Runs != 2 {
			t.Errorf("trial %d: sweep %d won, sweep.json: %s %v", trial, winner+1, data, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "runs.csv")); err != nil {
			t.Errorf("trial %d: %v", trial, err)
		}

		dir = filepath.Join(t.TempDir(), "out")
		out = pair([]string{"run", sc, "--seed", "1", "--out", dir}, []string{"run", sc, "--seed", "2", "--out", dir})
		for _, o := range out {
			if o.code != 0 {
				refusals++
				if want := "thuis: " + dir + " is in use by another thuis command; wait until it ends\n"; o.stderr != want {
					t.Errorf("trial %d: run refused with %q, want %q", trial, o.stderr, want)
				}
			}
		}
		if out[0].code != 0 && out[1].code != 0 {
			t.Fatalf("trial %d: both runs refused", trial)
		}
		checkRunDir(t, dir)
	}
	t.Logf("runs: %d of 20 pairs overlapped and one was refused", refusals)
}

// checkRunDir checks that a run directory is one run's result, whole:
// every file there, and targets.csv and run.json from the same seed.
func checkRunDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), "flows.csv result.json run.json stays.csv targets.csv timeseries.csv"; got != want {
		t.Errorf("%s holds %s, want %s", dir, got, want)
	}
	var man struct {
		Seed uint64 `json:"seed"`
	}
	data, _ := os.ReadFile(filepath.Join(dir, "run.json"))
	if err := json.Unmarshal(data, &man); err != nil {
		t.Fatal(err)
	}
	// The same seed run alone gives the same targets.csv.
	ref := filepath.Join(t.TempDir(), "ref")
	if code, _, stderr := thuis(t, "run", smallScenario, "--seed", map[uint64]string{1: "1", 2: "2"}[man.Seed], "--out", ref); code != 0 {
		t.Fatal(stderr)
	}
	x, _ := os.ReadFile(filepath.Join(dir, "targets.csv"))
	y, _ := os.ReadFile(filepath.Join(ref, "targets.csv"))
	if !bytes.Equal(x, y) {
		t.Errorf("%s: targets.csv is not that of seed %d", dir, man.Seed)
	}
}

// doubled finds a prefix said twice, as in "sweep: sweep:" or
// "scenario baseline: scenario baseline:".
func doubled(msg string) string {
	for _, line := range strings.Split(msg, "\n") {
		parts := strings.Split(line, ": ")
		for i := 1; i < len(parts); i++ {
			if parts[i] == parts[i-1] {
				return parts[i] + ": " + parts[i]
			}
		}
	}
	return ""
}

// TestErrorsReadWell: mistakes on the command line get one clear message,
// no doubled prefixes, before anything runs or is written, and the
// command ends within the bound.
func TestErrorsReadWell(t *testing.T) {
	work := t.TempDir()
	t.Chdir(work)
	sc, _ := filepath.Abs(filepath.Join(oldwd, smallScenario))
	os.WriteFile("mid.yaml", []byte("name: mid\ndescription: starts mid-month\nextends: "+sc+"\nstart: 2021-01-15\n"), 0o644)
	var many strings.Builder
	many.WriteString("targets:\n  - id: X\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&many, "    extra%02d: 1\n", i)
	}
	os.WriteFile("many.yaml", []byte(many.String()), 0o644)
	if code, _, stderr := thuis(t, "run", sc, "--out", "r"); code != 0 {
		t.Fatal(stderr)
	}
	cases := []struct {
		name string
		args []string
		want string // whole stderr; a trailing "..." matches a prefix
	}{
		{"negative workers", []string{"sweep", sc, "--workers", "-5", "--out", "x"},
			"thuis: --workers -5: give at least 1, or 0 for as many as cores\n"},
		{"negative workers in compare", []string{"compare", sc, "--runs", "3", "--workers", "-1", "--out", "x"},
			"thuis: --workers -1: give at least 1, or 0 for as many as cores\n"},
		{"no runs", []string{"sweep", sc, "--runs", "0", "--out", "x"}, "thuis: --runs 0: give at least 1\n"},
		{"a shard with no runs", []string{"sweep", sc, "--runs", "3", "--shard", "5/8", "--out", "x"},
			"thuis: sweep: shard 5/8 has no runs: 3 runs per scenario over 8 shards; use at most 3 shards\n"},
		{"a scenario compared with itself", []string{"compare", "baseline", "baseline", "--out", "x"},
			"thuis: compare: scenario baseline given twice\n"},
		{"a file and its shipped name", []string{"compare", "baseline", filepath.Join(oldwd, "..", "..", "scenarios", "baseline.yaml"), "--out", "x"},
			"thuis: compare: scenario baseline given twice\n"},
		{"a result compared with itself", []string{"compare", "r", "r"},
			"thuis: compare: scenario small is in both r and r; a comparison shows each scenario once\n"},
		{"a scenario swept twice", []string{"sweep", sc, sc, "--out", "x"}, "thuis: sweep: scenario small given twice\n"},
		{"the engine refuses a start mid-month (run)", []string{"run", "mid.yaml", "--out", "x"}, "thuis: ..."},
		{"the engine refuses a start mid-month (sweep)", []string{"sweep", "mid.yaml", "--runs", "2", "--out", "x"}, "thuis: ..."},
		{"sixty problems", []string{"run", sc, "--targets", "many.yaml", "--out", "x"},
			"thuis: many.yaml:2: targets[0].year: 0 is not a plausible year (2000-2100); give the target year, e.g. 2030\n...\n... and 16 more problems\nthuis: 66 problems\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := thuis(t, c.args...)
			if code != 1 {
				t.Errorf("exit %d, want 1; stdout %s", code, stdout)
			}
			head, tail, partial := strings.Cut(c.want, "...\n")
			switch {
			case partial && (!strings.HasPrefix(stderr, head) || !strings.HasSuffix(stderr, tail)):
				t.Errorf("stderr:\n%s\nwant it to start with %q and end with %q", stderr, head, tail)
			case !partial && strings.HasSuffix(c.want, "...") && !strings.HasPrefix(stderr, strings.TrimSuffix(c.want, "...")):
				t.Errorf("stderr:\n%s\nwant it to start with %q", stderr, strings.TrimSuffix(c.want, "..."))
			case !partial && !strings.HasSuffix(c.want, "...") && stderr != c.want:
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, c.want)
			}
			if m := doubled(stderr); m != "" {
				t.Errorf("a doubled prefix %q in:\n%s", m, stderr)
			}
			if strings.Count(stderr, "\n") > 55 {
				t.Errorf("%d lines of errors; the list is not capped", strings.Count(stderr, "\n"))
			}
			if _, err := os.Stat("x"); err == nil {
				t.Errorf("the command wrote its output directory")
			}
		})
	}
}

func TestAvailableMemory(t *testing.T) {
	files := func(m map[string]string) func(string) ([]byte, error) {
		return func(p string) ([]byte, error) {
			if s, ok := m[p]; ok {
				return []byte(s), nil
			}
			return nil, os.ErrNotExist
		}
	}
	cases := []struct {
		name  string
		files map[string]string
		want  uint64
	}{
		{"nothing known", nil, 0},
		{"the machine", map[string]string{"/proc/meminfo": "MemTotal: 2000 kB\nMemAvailable: 1000 kB\n"}, 800 << 10},
		{"a smaller cgroup", map[string]string{"/proc/meminfo": "MemAvailable: 1000 kB\n",
			"/sys/fs/cgroup/memory.max": "512000\n", "/sys/fs/cgroup/memory.current": "12000\n"}, 400000},
		{"a cgroup without a limit", map[string]string{"/proc/meminfo": "MemAvailable: 1000 kB\n",
			"/sys/fs/cgroup/memory.max": "max\n", "/sys/fs/cgroup/memory.current": "12000\n"}, 800 << 10},
	}
	for _, c := range cases {
		if got := availableMemory(files(c.files)); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
