package explorer

// This file implements one run as the page shows it: the scorecard as
// thuis run --json prints it, the national series the charts draw, and a
// digest of the full output, by which a test compares the page's engine
// with the native one.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// SeriesFrom is the first year the charts draw.
const SeriesFrom = 2018

// Run is one run of a scenario, as the page shows it.
type Run struct {
	Seed   uint64 `json:"seed"`
	Events uint64 `json:"events"`
	// Scorecard is the scorecard exactly as thuis run --json prints it.
	Scorecard string `json:"scorecard"`
	// Series are national monthly snapshots from 1 January SeriesFrom.
	Series Series `json:"series"`
	// Continued is the date of the checkpoint of the unchanged scenario's
	// run the run continued from ([Session.Run]), "" if it ran from the
	// start. The result is the same either way.
	Continued string `json:"continued,omitempty"`
	// Timing is where [Session.Run]'s time went.
	Timing Timing `json:"timing_ms"`

	res *sim.Result
}

// Timing is where a run's time went, in milliseconds: reading the
// variant (the scenario files it extends included), simulating (from a
// checkpoint or the start), and scoring (targets, series).
type Timing struct {
	Parse    float64 `json:"parse"`
	Simulate float64 `json:"simulate"`
	Score    float64 `json:"score"`
}

// Series are national monthly counts, one per snapshot date.
type Series struct {
	Dates         []string `json:"dates"`           // first of the month, 2006-01-02
	CBS           []int64  `json:"cbs"`             // CBS-comparable count
	RoughSleeping []int64  `json:"rough_sleeping"`  // ETHOS 1
	LackOfShelter []int64  `json:"lack_of_shelter"` // sleeping rough, waiting for a shelter place
	Large         []int64  `json:"large"`           // open large-scale residential places
	Small         []int64  `json:"small"`           // open small-scale residential places
	Emergency     []int64  `json:"emergency"`       // open night shelter places
}

// Simulate runs sc once with seed and evaluates targets.
func Simulate(ctx context.Context, sc *scenario.Scenario, seed uint64, targets []target.Target) (*Run, error) {
	res, err := sim.Run(ctx, sc, seed)
	if err != nil {
		return nil, err
	}
	return score(res, seed, targets)
}

// score evaluates targets on a run's result and makes the series.
func score(res *sim.Result, seed uint64, targets []target.Target) (*Run, error) {
	outcomes, err := target.Evaluate(res, targets)
	if err != nil {
		return nil, err
	}
	var card bytes.Buffer
	if err := target.WriteJSON(&card, outcomes); err != nil {
		return nil, err
	}
	r := &Run{Seed: seed, Events: res.Events, Scorecard: card.String(), res: res}
	from := time.Date(SeriesFrom, 1, 1, 0, 0, 0, 0, time.UTC)
	kind := func(name string) int {
		for k, n := range res.Kinds {
			if n == name {
				return k
			}
		}
		return -1
	}
	large, small, emergency := kind(scenario.KindLarge), kind(scenario.KindSmall), kind(scenario.KindEmergency)
	if large < 0 || small < 0 || emergency < 0 {
		return nil, fmt.Errorf("explorer: the run's shelter kinds %v lack large, small or emergency", res.Kinds)
	}
	s := &r.Series
	for i := range res.Snapshots {
		snap := &res.Snapshots[i]
		if snap.Date.Before(from) {
			continue
		}
		var cbs, lack, open [3]int64
		for reg := range res.Regions {
			cbs[0] += int64(snap.CBS[reg])
			lack[0] += int64(snap.LackOfShelter[reg])
			for j, k := range []int{large, small, emergency} {
				open[j] += int64(target.OpenPlaces(snap, reg, k))
			}
		}
		s.Dates = append(s.Dates, snap.Date.Format(time.DateOnly))
		s.CBS = append(s.CBS, cbs[0])
		s.RoughSleeping = append(s.RoughSleeping, int64(target.StateTotal(res, snap, ethos.PublicSpace)))
		s.LackOfShelter = append(s.LackOfShelter, lack[0])
		s.Large = append(s.Large, open[0])
		s.Small = append(s.Small, open[1])
		s.Emergency = append(s.Emergency, open[2])
	}
	return r, nil
}

// Digest is the SHA-256 of the run's timeseries.csv, flows.csv and
// stays.csv as thuis run writes them, in that order: equal digests mean
// byte-identical output.
func (r *Run) Digest() (string, error) {
	h := sha256.New()
	for _, write := range []func() error{
		func() error { return output.TimeSeries(h, r.res) },
		func() error { return output.Flows(h, r.res) },
		func() error { return output.Stays(h, r.res) },
	} {
		if err := write(); err != nil {
			return "", fmt.Errorf("explorer: digest: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
