package output

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/scenarios"
)

// loadSmall loads the sweep test scenario (model/sweep/testdata/small.yaml:
// the plan at 1/20 scale, from 2021, without a warm-up), or it after a
// warm-up of a year.
func loadSmall(t *testing.T, warmup bool) *scenario.Scenario {
	t.Helper()
	l := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
	var sc *scenario.Scenario
	var err error
	if warmup {
		sc, err = l.Parse("../sweep/testdata/small-warm.yaml", []byte(`name: small-warm
description: "small, after a warm-up."
extends: small
warmup: {value: 1, unit: years, choice: "a warm-up, for the tests"}
`))
	} else {
		sc, err = l.Load("../sweep/testdata/small.yaml")
	}
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestStreamSameBytes: timeseries.csv and flows.csv written by a Stream
// as the run goes are byte for byte TimeSeries and Flows of the finished
// Result, with a warm-up and without. For five years the observer waits
// until the files' goroutines have taken each month, so that they do
// write while the run goes on (go test -race checks that they read
// nothing the run writes); then it no longer wakes them, as if they
// lagged, and Finish writes the rest.
func TestStreamSameBytes(t *testing.T) {
	for _, warmup := range []bool{false, true} {
		t.Run(fmt.Sprintf("warmup=%t", warmup), func(t *testing.T) {
			sc := loadSmall(t, warmup)
			dir := t.TempDir()
			s, err := NewStream(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Abort()
			observed := 0
			res, err := sim.RunObserving(context.Background(), sc, 1, func(r *sim.Result) {
				observed++
				if r.Months() >= 60 {
					// The goroutines lag from here: Finish writes the rest.
					s.latest.Store(r)
					return
				}
				s.Observe(r)
				for _, f := range s.files {
					for len(f.wake) > 0 {
						runtime.Gosched()
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			s.stop()
			for i, f := range s.files {
				if f.w.written == 0 {
					t.Errorf("file %d: nothing written while the run went on (%d snapshots observed)", i, observed)
				}
			}
			if _, err := s.Finish(res, nil, nil); err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			for name, write := range map[string]func(*bytes.Buffer, *sim.Result) error{
				"timeseries.csv": func(b *bytes.Buffer, r *sim.Result) error { return TimeSeries(b, r) },
				"flows.csv":      func(b *bytes.Buffer, r *sim.Result) error { return Flows(b, r) },
			} {
				want.Reset()
				if err := write(&want, res); err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("%s streamed (%d bytes) differs from the finished run's (%d bytes)", name, len(got), want.Len())
				}
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if want := []string{DataPackageFile, "flows.csv", "run.json", "stays.csv", "targets.csv", "timeseries.csv"}; !slices.Equal(names, want) {
				t.Errorf("the directory holds %v, want %v", names, want)
			}
		})
	}
}

// TestStreamAbort: a stream abandoned part way, as after a cancelled run,
// leaves nothing in its directory; and a Result other than the one
// observed is refused, and leaves nothing either.
func TestStreamAbort(t *testing.T) {
	sc := loadSmall(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	s, err := NewStream(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sim.RunObserving(ctx, sc, 1, func(r *sim.Result) {
		s.Observe(r)
		if r.Months() == 12 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("the run went on after a cancel")
	}
	s.Abort()
	s.Abort() // twice is once
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("an aborted stream left %v", entries)
	}

	other := t.TempDir()
	s, err = NewStream(other)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if _, err := sim.RunObserving(context.Background(), loadSmall(t, true), 1, s.Observe); err != nil {
		t.Fatal(err)
	}
	short, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Parse("../sweep/testdata/small-short.yaml", []byte(`name: small-short
description: "small, to 2025."
extends: small
end: 2025-01-01
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), short, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finish(res, nil, nil); err == nil {
		t.Error("Finish took a Result other than the run observed")
	}
	if entries, _ := os.ReadDir(other); len(entries) > 0 {
		t.Errorf("a refused Finish left %v", entries)
	}
}
