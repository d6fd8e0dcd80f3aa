package main

import (
	"bytes"
	"context"
	"encoding/json"
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
