package calibrate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// small is a calibration of 9 populations and 300 simulations, and 30
// replicates.
func small(dir string) Config {
	return Config{Params: logisticParams, Targets: logisticTargets([]float64{100, 0.35, 600}, 7),
		N: 60, Seed: 3, Workers: 1, Budget: 300, Dir: dir}
}

// counting wraps a simulator and counts its calls.
func counting(sim Simulator, n *atomic.Int64) Simulator {
	return func(ctx context.Context, theta []float64, seed uint64) ([]float64, error) {
		n.Add(1)
		return sim(ctx, theta, seed)
	}
}

func reference(t *testing.T) *Result {
	t.Helper()
	res, err := Run(context.Background(), small(""), logistic)
	if err != nil {
		t.Fatal(err)
	}
	if res.Simulations != 300 || len(res.Populations) != 9 {
		t.Fatalf("reference: %d simulations in %d populations, want 300 in 9", res.Simulations, len(res.Populations))
	}
	return res
}

func same(t *testing.T, what string, got, want *Result) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: the result differs from one uninterrupted process with one worker", what)
	}
}

func TestWorkers(t *testing.T) {
	want := reference(t)
	for _, workers := range []int{2, 3} {
		cfg := small(t.TempDir())
		cfg.Workers = workers
		got, err := Run(context.Background(), cfg, logistic)
		if err != nil {
			t.Fatal(err)
		}
		same(t, "3 workers, with checkpoints", got, want)
	}
}

func records(t *testing.T, dir string) []string {
	t.Helper()
	ms, err := filepath.Glob(filepath.Join(dir, "parts", "*", "sim-*.rec"))
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestResume(t *testing.T) {
	want := reference(t)
	for _, k := range []int{1, 60, 100, 310} {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		var n atomic.Int64
		stopAt := func(c context.Context, theta []float64, seed uint64) ([]float64, error) {
			if n.Add(1) > int64(k) {
				cancel()
				<-c.Done()
				return nil, c.Err()
			}
			return logistic(c, theta, seed)
		}
		cfg := small(dir)
		cfg.Workers = 2
		_, err := Run(ctx, cfg, stopAt)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted after %d: got %v, want an error wrapping context.Canceled", k, err)
		}
		kept := len(records(t, dir))
		if kept != k {
			t.Errorf("interrupted after %d: %d records kept", k, kept)
		}
		var calls atomic.Int64
		cfg.Resume = true
		got, err := Run(context.Background(), cfg, counting(logistic, &calls))
		if err != nil {
			t.Fatal(err)
		}
		same(t, "interrupted and resumed", got, want)
		if int(calls.Load()) != 330-kept {
			t.Errorf("interrupted after %d: resuming simulated %d, want the %d missing", k, calls.Load(), 330-kept)
		}
	}
}

// TestInterruptPromptly checks that cancelling stops a calibration whose
// simulations take a while within a second.
func TestInterruptPromptly(t *testing.T) {
	slow := func(ctx context.Context, theta []float64, seed uint64) ([]float64, error) {
		select {
		case <-time.After(50 * time.Millisecond):
			return logistic(ctx, theta, seed)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(120*time.Millisecond, cancel)
	start := time.Now()
	_, err := Run(ctx, small(t.TempDir()), slow)
	if took := time.Since(start); took > time.Second {
		t.Errorf("stopping took %v", took)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want an error wrapping context.Canceled", err)
	}
}

func TestCorruptRecord(t *testing.T) {
	want := reference(t)
	dir := t.TempDir()
	if _, err := Run(context.Background(), small(dir), logistic); err != nil {
		t.Fatal(err)
	}
	truncated := recordPath(dir, batch{t: 2}, 5)
	data, err := os.ReadFile(truncated)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(truncated, data[:len(data)/2], 0o644)
	flipped := recordPath(dir, batch{t: 0}, 17)
	data, _ = os.ReadFile(flipped)
	data[30] ^= 1 // a digit of a number: still valid JSON, caught by the checksum
	os.WriteFile(flipped, data, 0o644)

	var calls atomic.Int64
	var resimulated int
	cfg := small(dir)
	cfg.Resume = true
	cfg.Progress = func(p Progress) { resimulated = p.Resimulated }
	got, err := Run(context.Background(), cfg, counting(logistic, &calls))
	if err != nil {
		t.Fatal(err)
	}
	same(t, "with two corrupted records", got, want)
	if calls.Load() != 2 || resimulated != 2 {
		t.Errorf("simulated %d and reported %d resimulated, want the 2 corrupted records", calls.Load(), resimulated)
	}
}

// TestOtherRecord checks that a sound record of another proposal than the
// one this calibration makes is refused, not used.
func TestOtherRecord(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), small(dir), logistic); err != nil {
		t.Fatal(err)
	}
	r, _ := decodeRecord(must(os.ReadFile(recordPath(dir, batch{t: 1}, 3))))
	r.Theta[0] += 1
	os.WriteFile(recordPath(dir, batch{t: 1}, 3), r.encode(), 0o644)
	cfg := small(dir)
	cfg.Resume = true
	_, err := Run(context.Background(), cfg, logistic)
	want := "calibrate: " + recordPath(dir, batch{t: 1}, 3) + " is population 1 simulation 3 at seed"
	if err == nil || len(err.Error()) < len(want) || err.Error()[:len(want)] != want {
		t.Errorf("got %v, want %s...", err, want)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), small(dir), logistic); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "parts", "pop-001", ".sim-000004.rec.tmp123")
	other := filepath.Join(dir, "parts", "pop-001", ".sim-000005.rec.tmp456")
	for _, f := range []string{mine, other} {
		os.WriteFile(f, []byte("half a rec"), 0o644)
	}
	cfg := small(dir)
	cfg.Shard = Shard{0, 2} // 5 is shard 1's: it may be writing it now
	if _, err := Run(context.Background(), cfg, logistic); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mine); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is still there", mine)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another shard's %s was removed", other)
	}
}

func TestShards(t *testing.T) {
	defer func(p time.Duration) { pollInterval = p }(pollInterval)
	pollInterval = 5 * time.Millisecond
	want := reference(t)
	for _, count := range []int{2, 3} {
		dir := t.TempDir()
		results := make([]*Result, count)
		errs := make([]error, count)
		var wg sync.WaitGroup
		for i := 0; i < count; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cfg := small(dir)
				cfg.Shard = Shard{i, count}
				results[i], errs[i] = Run(context.Background(), cfg, logistic)
			}()
		}
		wg.Wait()
		for i := range results {
			if errs[i] != nil {
				t.Fatalf("shard %d/%d: %v", i, count, errs[i])
			}
			same(t, "a shard", results[i], want)
		}
		if n := len(records(t, dir)); n != 330 {
			t.Errorf("%d shards wrote %d records, want 300 and 30 replicates", count, n)
		}
	}
}

// TestShardWaitsInterruptibly checks that a shard waiting for another that
// never comes stops when cancelled.
func TestShardWaitsInterruptibly(t *testing.T) {
	defer func(p time.Duration) { pollInterval = p }(pollInterval)
	pollInterval = 5 * time.Millisecond
	cfg := small(t.TempDir())
	cfg.Shard = Shard{1, 2}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg.Progress = func(p Progress) {
		if p.Done == 30 { // its share: now it waits
			time.AfterFunc(20*time.Millisecond, cancel)
		}
	}
	_, err := Run(ctx, cfg, logistic)
	want := "calibrate: interrupted in population 0 with 30 of its 60 simulations done (kept in " + cfg.Dir + "): context canceled"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestDirRefused(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), small(dir), logistic); err != nil {
		t.Fatal(err)
	}
	last := small(dir).Targets[11]
	cases := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no resume", func(c *Config) {}, "calibrate: " + dir + " already holds this calibration; continue it with Resume, or choose another directory"},
		{"seed", func(c *Config) { c.Seed = 4; c.Resume = true },
			"calibrate: " + dir + " holds a different calibration (seed 3, not 4); resuming continues only the same model, parameters, targets, seed, N and alpha"},
		{"N and alpha", func(c *Config) { c.N = 80; c.Alpha = 0.25; c.Resume = true },
			"calibrate: " + dir + " holds a different calibration (N 60, not 80; alpha 0.5, not 0.25); resuming continues only the same model, parameters, targets, seed, N and alpha"},
		{"prior", func(c *Config) {
			c.Params = append([]Parameter(nil), c.Params...)
			c.Params[1].Prior = uniform(0.1, 0.7)
			c.Resume = true
		}, "calibrate: " + dir + " holds a different calibration (parameter 2 rate ~ uniform(min=0.1, max=0.6), not rate ~ uniform(min=0.1, max=0.7)); resuming continues only the same model, parameters, targets, seed, N and alpha"},
		{"target", func(c *Config) {
			c.Targets = append([]Target(nil), c.Targets[:11]...)
			c.Model = "other"
			c.Resume = true
		}, "calibrate: " + dir + fmt.Sprintf(` holds a different calibration (model "", not "other"; target year12 = %v ± %v (discrepancy 0) too); resuming continues only the same model, parameters, targets, seed, N and alpha`, last.Value, last.SD)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := small(dir)
			tc.change(&cfg)
			_, err := Run(context.Background(), cfg, logistic)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
	// Stopping rules are not part of the calibration: resuming with a
	// larger budget continues it.
	cfg := small(dir)
	cfg.Resume, cfg.Budget = true, 330
	res, err := Run(context.Background(), cfg, logistic)
	if err != nil || res.Simulations != 330 {
		t.Errorf("resuming with a larger budget: %v, %d simulations", err, res.Simulations)
	}
}
