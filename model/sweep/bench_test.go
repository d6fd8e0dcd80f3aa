package sweep

import (
	"context"
	"runtime"
	"testing"

	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// BenchmarkSingleRun and BenchmarkSweep together show the sweep's
// overhead: a sweep of n runs on c cores should take about n/c single
// runs. Both use the small test scenario; for the national scenario see
// model/sim's BenchmarkNationalRun and the README.
func BenchmarkSingleRun(b *testing.B) {
	sc := small(b)
	for i := 0; b.Loop(); i++ {
		if _, err := sim.Run(context.Background(), sc, uncertainty.RunSeed(1, i)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSweep(b *testing.B) {
	sc, ts := small(b), targets(b)
	const runs = 64
	for b.Loop() {
		cfg := Config{Scenarios: nil, Targets: ts, Runs: runs, Replications: 1, Seed: 1, Sampler: uncertainty.LHS, Out: b.TempDir()}
		cfg.Scenarios = append(cfg.Scenarios, sc)
		if _, err := Run(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*runs), "ns/run")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
}
