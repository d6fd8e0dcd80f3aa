package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStopWhenCancelled: every command that simulates stops soon after its
// context is cancelled, which is what Ctrl-C and SIGTERM do (main's
// signal.NotifyContext), exits non-zero, and leaves no debris in its
// output directory. Each is cancelled part way through its simulations.
//
// The bound is generous (the machines are shared and noisy); the measured
// delays are logged. Issue 9 asks for a second.
func TestStopWhenCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs national scenarios")
	}
	const stopBound = 3 * time.Second
	small, err := filepath.Abs(smallScenario)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	// costs needs a second scenario over the same years: small with
	// another name, copied with its region set.
	for _, f := range []string{"small.yaml", "regions/three.yaml"} {
		data, err := os.ReadFile(filepath.Join(filepath.Dir(small), f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, "costs-in", filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, "costs-in", f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	smallCopy := filepath.Join(dir, "costs-in", "small-copy.yaml")
	if err := os.WriteFile(smallCopy, []byte("name: small-copy\nextends: small\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		after time.Duration // cancel after
		args  []string
		out   string
	}{
		{"run national", 400 * time.Millisecond, []string{"run", "eerst-een-thuis", "--out", out("run")}, out("run")},
		{"sweep", 600 * time.Millisecond, []string{"sweep", small, "--runs", "400", "--workers", "2", "--out", out("sweep")}, out("sweep")},
		{"compare", 600 * time.Millisecond, []string{"compare", "baseline", "eerst-een-thuis", "--runs", "20", "--out", out("compare")}, out("compare")},
		{"costs", 600 * time.Millisecond, []string{"costs", smallCopy, "--against", filepath.Join(dir, "costs-in", "small.yaml"), "--runs", "400", "--workers", "2", "--out", out("costs")}, out("costs")},
		{"calibrate", 800 * time.Millisecond, []string{"calibrate", "history", "--observed", "cbs", "--budget", "400", "--out", out("calibrate")}, out("calibrate")},
		{"sensitivity", 600 * time.Millisecond, []string{"sensitivity", small, "--runs", "20", "--out", out("sensitivity")}, out("sensitivity")},
		{"review", 600 * time.Millisecond, []string{"review", smallCopy, "--against", filepath.Join(dir, "costs-in", "small.yaml"), "--runs", "400", "--workers", "2", "--out", out("review")}, out("review")},
		{"require", 600 * time.Millisecond, []string{"require", "T1-count-below-2021", "--lever", "housing.social_relets", "--range", "4000,12000", "--scenario", small, "--runs", "40", "--workers", "2"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdout, stderr bytes.Buffer
			done := make(chan int, 1)
			go func() { done <- runContext(ctx, tc.args, &stdout, &stderr) }()
			select {
			case code := <-done:
				t.Fatalf("thuis %s ended (exit %d) before it was cancelled at %s: make it longer\n%s", strings.Join(tc.args, " "), code, tc.after, stderr.String())
			case <-time.After(tc.after):
			}
			cancelled := time.Now()
			cancel()
			select {
			case code := <-done:
				delay := time.Since(cancelled)
				t.Logf("stopped %v after the cancel", delay.Round(time.Millisecond))
				if code == 0 {
					t.Errorf("exit 0 after a cancel; stderr:\n%s", stderr.String())
				}
				if !strings.Contains(stderr.String(), "context canceled") && !strings.Contains(stderr.String(), "interrupted") {
					t.Errorf("stderr does not say the command was interrupted:\n%s", stderr.String())
				}
			case <-time.After(stopBound):
				t.Fatalf("thuis %s still running %s after the cancel", strings.Join(tc.args, " "), stopBound)
			}
			if tc.out != "" {
				if debris := findDebris(tc.out); len(debris) > 0 {
					t.Errorf("debris: %s", strings.Join(debris, ", "))
				}
			}
			if _, err := os.Stat(filepath.Join(tc.out, ".lock")); tc.out != "" && err == nil {
				t.Errorf("the lock is left in %s", tc.out)
			}
		})
	}
}
