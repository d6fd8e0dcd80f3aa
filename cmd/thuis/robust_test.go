package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
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
	if got, want := strings.Join(names, " "), "datapackage.json flows.csv result.json run.json stays.csv targets.csv timeseries.csv"; got != want {
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

// mountTmpfs mounts a small tmpfs for fault injection, or skips saying why.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("fault injection with a small tmpfs needs root to mount it; not root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("fault injection needs a small tmpfs, and mount failed: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestFaults: a full disk and a read-only file system while thuis run
// writes. The previous result stays whole, nothing is left beside it, and
// the message says what happened.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("a national run into a full disk")
	}
	mnt := mountTmpfs(t, "6m")
	dir := filepath.Join(mnt, "r")
	if code, _, stderr := thuis(t, "run", smallScenario, "--out", dir); code != 0 {
		t.Fatal(stderr)
	}
	before := snapshot(t, dir)
	// The national run's 30 MB do not fit.
	code, _, stderr := thuis(t, "run", "eerst-een-thuis", "--out", dir)
	want := "thuis: " + dir + ": results not written: write of timeseries.csv: no space left on device; the previous results, if any, are unchanged\n"
	if code != 1 || stderr != want {
		t.Errorf("full disk: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	if after := snapshot(t, dir); after != before {
		t.Error("full disk: the previous result changed")
	}
	if entries, _ := os.ReadDir(mnt); len(entries) != 1 {
		t.Errorf("full disk: left beside the result: %v", entries)
	}
	// Read-only.
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	code, _, stderr = thuis(t, "run", smallScenario, "--seed", "2", "--out", dir)
	if want := "thuis: " + dir + ": cannot write results here: read-only file system\n"; code != 1 || stderr != want {
		t.Errorf("read-only: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	if after := snapshot(t, dir); after != before {
		t.Error("read-only: the previous result changed")
	}
}

// snapshot is a directory's file names and contents, as one string.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		fmt.Fprintf(&b, "%s %d %x\n", e.Name(), len(data), sha256.Sum256(data))
	}
	return b.String()
}

// TestCommandsRefuse: per class of issue 9 handled outside the engine
// (results mixed or mislabelled, corruption, targets files), several
// inputs, each refused with its exact message within the bound, and no
// result changed.
func TestCommandsRefuse(t *testing.T) {
	t.Chdir(t.TempDir())
	sc := filepath.Join(oldwd, smallScenario)
	for _, args := range [][]string{
		{"run", sc, "--out", "r"},
		{"sweep", sc, "--runs", "2", "--workers", "1", "--out", "s"},
		{"sweep", sc, "--runs", "2", "--workers", "1", "--seed", "2", "--out", "s2"},
		{"sweep", sc, "--runs", "2", "--workers", "1", "--out", "d"},
	} {
		if code, _, stderr := thuis(t, args...); code != 0 {
			t.Fatal(stderr)
		}
	}
	rec0, _ := os.ReadFile("d/parts/small/run-000000.rec")
	os.WriteFile("d/parts/small/run-000001.rec", rec0, 0o644)
	os.Mkdir("mine", 0o755)
	os.WriteFile("mine/notes.txt", []byte("mine"), 0o644)
	target := func(name, field string) {
		t.Helper()
		text := "targets:\n  - id: X\n    year: 2030\n    description: {nl: a, en: b}\n    metric: social_homes_built\n    aggregate: year\n    since: 2023\n    comparator: \">=\"\n    threshold: 1000\n    source: s\n"
		os.WriteFile(name, []byte(strings.Replace(text, "    source: s\n", "    source: s\n"+field, 1)), 0o644)
	}
	target("extra.yaml", "    weight: 2\n")
	target("second.yaml", "---\ntargets: []\n")
	os.WriteFile("nan.yaml", []byte(strings.Replace(mustRead(t, "extra.yaml"), "    weight: 2\n", "", 1)), 0o644)
	os.WriteFile("nan.yaml", []byte(strings.Replace(mustRead(t, "nan.yaml"), "1000", ".inf", 1)), 0o644)
	os.WriteFile("since.yaml", []byte(strings.Replace(strings.Replace(mustRead(t, "extra.yaml"), "    weight: 2\n", "", 1), "2023", "2031", 1)), 0o644)
	os.WriteFile("late.yaml", []byte(strings.Replace(strings.Replace(mustRead(t, "extra.yaml"), "    weight: 2\n", "", 1), "2030", "2040", 1)), 0o644)

	hint := "thuis: hint: give --out a new directory\n"
	cases := []struct {
		class, name string
		args        []string
		want        string
	}{
		{"results", "a sweep into a run", []string{"sweep", sc, "--runs", "2", "--out", "r"}, "thuis: r holds a run, not a sweep; to replace it, remove it first\n" + hint},
		{"results", "a run into a sweep", []string{"run", sc, "--out", "s"}, "thuis: s holds a sweep, not a run; to replace it, remove it first\n" + hint},
		{"results", "a comparison into a sweep", []string{"compare", sc, "--out", "s"}, "thuis: s holds a sweep, not a comparison; to replace it, remove it first\n" + hint},
		{"results", "a merge into another sweep", []string{"merge", "s", "--out", "s2"}, "thuis: merge: s2 holds another sweep (seed 2, not 1); merge into a new directory\n"},
		{"results", "a merge into a run", []string{"merge", "s", "--out", "r"}, "thuis: merge: r holds a run, not a sweep; to replace it, remove it first\n" + hint},
		{"results", "another sweep resumed", []string{"sweep", sc, "--runs", "2", "--seed", "2", "--resume", "--out", "s"},
			"thuis: s holds a different sweep (seed 1, not 2); --resume continues only the same scenarios, targets, seed, sampler, runs and replications\n"},
		{"results", "the same sweep again", []string{"sweep", sc, "--runs", "2", "--out", "s"}, "thuis: s already holds a sweep; continue it with --resume, or choose another --out\n"},
		{"results", "a run into somebody's directory", []string{"run", sc, "--out", "mine"},
			"thuis: mine holds files thuis did not write (notes.txt); results go into a new or empty directory, or one thuis wrote\n" + hint},
		{"corruption", "a report of a damaged sweep", []string{"report", "d", "--lang", "en", "--format", "md"}, "thuis: d/parts/small/run-000001.rec: holds run 0, not run 1\n"},
		{"corruption", "a merge of a damaged sweep", []string{"merge", "d", "--out", "m"},
			"thuis: merge: d/parts/small/run-000001.rec: holds run 0, not run 1; rerun that shard with --resume\n"},
		{"corruption", "a comparison with a damaged sweep", []string{"compare", "s", "d"}, "thuis: d/parts/small/run-000001.rec: holds run 0, not run 1\n"},
		{"targets", "an unknown field", []string{"run", sc, "--targets", "extra.yaml", "--out", "x"},
			"thuis: extra.yaml:11: targets[0].weight: unknown field; allowed: aggregate, comparator, description, from, id, metric, name, note, since, source, threshold, year\n"},
		{"targets", "a second document", []string{"run", sc, "--targets", "second.yaml", "--out", "x"},
			"thuis: second.yaml:12: a second YAML document (after ---) is not allowed: one list of targets per file\n"},
		{"targets", "an infinite threshold", []string{"sweep", sc, "--targets", "nan.yaml", "--out", "x"},
			"thuis: nan.yaml:9: targets[0].threshold: .inf is not allowed: give a finite number\n"},
		{"targets", "since after year", []string{"compare", sc, "--targets", "since.yaml", "--out", "x"},
			"thuis: since.yaml:7: targets[0].since: 2031 is after the target year 2030; since is the first year counted\n"},
		{"targets", "a year after the run", []string{"run", sc, "--targets", "late.yaml", "--out", "x"},
			"thuis: late.yaml:3: targets[0].year: 2040 is outside the run's whole years 2021-2030 (target X)\n"},
		{"targets", "a year after the sweep's runs", []string{"sweep", sc, "--targets", "late.yaml", "--out", "x"},
			"thuis: sweep: scenario small: late.yaml:3: targets[0].year: 2040 is outside the run's whole years 2021-2030 (target X)\n"},
	}
	before := map[string]string{}
	for _, d := range []string{"r", "s", "s2", "mine"} {
		before[d] = snapshot(t, d)
	}
	for _, c := range cases {
		t.Run(c.class+"/"+c.name, func(t *testing.T) {
			code, _, stderr := thuis(t, c.args...)
			if code != 1 || stderr != c.want {
				t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, c.want)
			}
			for d, snap := range before {
				if snapshot(t, d) != snap {
					t.Errorf("%s changed", d)
				}
			}
			for _, d := range []string{"x", "m"} {
				if _, err := os.Stat(d); err == nil {
					t.Errorf("%s written", d)
					os.RemoveAll(d)
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
