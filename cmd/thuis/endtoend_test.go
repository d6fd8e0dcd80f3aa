package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/output"
)

// BenchmarkRunEndToEnd measures what thuis run costs beyond its
// simulation: "thuis run" of the default scenario in process (loading,
// simulating, evaluating the targets, writing every file atomically,
// printing the scorecard), timed by the wall clock, against the
// simulation's own wall time as run.json records it. Issue 10 asks for
// end-to-end/simulation of at most 1.3. Both times come from the same
// run, so the ratio holds on a shared machine where the times themselves
// do not. Process start and package init are not in it: 25-35 ms on
// the project's 2-core machine, some 3 points of the ratio.
func BenchmarkRunEndToEnd(b *testing.B) {
	dir := b.TempDir()
	var total, simulated float64
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(dir, "out")
		start := time.Now()
		if code := run([]string{"run", "--out", out}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("thuis run exited %d", code)
		}
		total += time.Since(start).Seconds()
		data, err := os.ReadFile(filepath.Join(out, "run.json"))
		if err != nil {
			b.Fatal(err)
		}
		var m output.Manifest
		if err := json.Unmarshal(data, &m); err != nil {
			b.Fatal(err)
		}
		simulated += m.WallSeconds
	}
	b.ReportMetric(total/float64(b.N), "end-to-end-s/run")
	b.ReportMetric(simulated/float64(b.N), "sim-s/run")
	b.ReportMetric(total/simulated, "end-to-end/sim")
}

// TestRunInterruptedKeepsPrevious: thuis run writes timeseries.csv and
// flows.csv while it simulates, into the directory that is to replace
// the previous output. Interrupted once it has begun to write them, it
// says so, and leaves the previous output byte for byte as it was, with
// nothing beside it.
func TestRunInterruptedKeepsPrevious(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := thuis(t, "run", smallScenario, "--out", out); code != 0 {
		t.Fatalf("thuis run exited %d: %s", code, stderr)
	}
	before := readTree(t, out)

	// The national run takes long enough to be cancelled part way: once
	// the new timeseries.csv has its first bytes.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- runContext(ctx, []string{"run", "--out", out}, &stdout, &stderr) }()
	deadline := time.After(bound)
	for streaming := false; !streaming; {
		select {
		case code := <-done:
			t.Fatalf("thuis run ended (exit %d) before it had written any of timeseries.csv: cancel sooner\n%s", code, stderr.String())
		case <-deadline:
			t.Fatalf("thuis run wrote nothing of timeseries.csv within %s", bound)
		case <-time.After(time.Millisecond):
		}
		temps, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".out.new-*", ".timeseries.csv.tmp*"))
		for _, f := range temps {
			if st, err := os.Stat(f); err == nil && st.Size() > 0 {
				streaming = true
			}
		}
	}
	cancel()
	if code := <-done; code == 0 {
		t.Errorf("thuis run exited 0 after a cancel")
	}
	if want := "interrupted; nothing written to " + out; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
	}
	after := readTree(t, out)
	if !maps.EqualFunc(before, after, bytes.Equal) {
		t.Errorf("the previous output changed: files %v, now %v", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
	}
	if debris := findDebris(out); len(debris) > 0 {
		t.Errorf("debris: %s", strings.Join(debris, ", "))
	}
}

// readTree reads every file under dir, by its path relative to dir.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[rel], err = os.ReadFile(path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
