package sim_test

import (
	"context"
	"testing"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/scenarios"
)

// BenchmarkNationalRun is one full national run of the plan scenario, all
// 43 regions at full scale, from 2009 (the calibrated history) to 2031. It
// reports events per run and ns per event (wall time) besides the usual
// figures.
func BenchmarkNationalRun(b *testing.B) {
	sc, err := scenario.Loader{Shipped: scenarios.FS}.Load("eerst-een-thuis")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var events uint64
	for i := 0; b.Loop(); i++ {
		res, err := sim.Run(context.Background(), sc, uint64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		events += res.Events
	}
	b.ReportMetric(float64(events)/float64(b.N), "events/run")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
}
