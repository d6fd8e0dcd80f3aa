package explorer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/sim"
)

// TestSessionContinues checks that a changed scenario's run, which
// continues from the checkpoint of the unchanged scenario's run, equals
// the variant run from the start (Simulate: thuis run FILE --seed N),
// scorecard, events and the digest of the output files, for every control
// moved on its own and for random combinations; that every control
// continues from the checkpoint; and that every control but a definition
// (Control.FromStart, which the engine recounts) differs from the plan
// only a month after the checkpoint or later (sim.Divergence).
func TestSessionContinues(t *testing.T) {
	if testing.Short() {
		t.Skip("national runs")
	}
	const seed = CheckpointSeeds // the last seed a checkpoint is kept of
	ctx := context.Background()
	s := testSession(t)
	if _, err := s.Run(ctx, s.Unchanged(), seed); err != nil {
		t.Fatal(err)
	}
	c := s.Checkpoint(seed)
	if c == nil || !c.Date().Equal(CheckpointDate) {
		t.Fatalf("checkpoint of the unchanged run: %v, want one at %s", c, CheckpointDate.Format(time.DateOnly))
	}

	type trial struct {
		name string
		set  Settings
	}
	var trials []trial
	for _, c := range s.Controls() {
		v := c.Max
		if v == c.Default {
			v = c.Min
		}
		trials = append(trials, trial{c.ID, Settings{c.ID: v}})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for len(trials) < len(s.Controls())+4 {
		set := Settings{}
		for range 3 {
			c := s.Controls()[rng.IntN(len(s.Controls()))]
			set[c.ID] = c.snap(c.Min + rng.Float64()*(c.Max-c.Min))
		}
		if _, err := s.Variant(set); err != nil {
			continue // Wonen Eerst off with a start year, say
		}
		var ids []string
		for id, v := range set {
			ids = append(ids, fmt.Sprintf("%s=%v", id, v))
		}
		sort.Strings(ids)
		trials = append(trials, trial{strings.Join(ids, "&"), set})
	}

	for _, tr := range trials {
		t.Run(tr.name, func(t *testing.T) {
			y, err := s.Variant(tr.set)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := s.loader.Parse(s.VariantFile(), y)
			if err != nil {
				t.Fatal(err)
			}
			from, why, err := sim.Divergence(s.Base(), sc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Run(ctx, y, seed)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Simulate(ctx, sc, seed, s.Targets())
			if err != nil {
				t.Fatal(err)
			}
			if got.Scorecard != want.Scorecard || got.Events != want.Events {
				t.Errorf("continued from %q: scorecard or events (%d, want %d) differ from the run from the start:\n%s\nwant:\n%s", got.Continued, got.Events, want.Events, got.Scorecard, want.Scorecard)
			}
			dg, err := got.Digest()
			if err != nil {
				t.Fatal(err)
			}
			dw, err := want.Digest()
			if err != nil {
				t.Fatal(err)
			}
			if dg != dw {
				t.Errorf("continued from %q: digest %s, from the start %s", got.Continued, dg, dw)
			}
			// Every control but a definition acts from PolicyStart, and
			// every one continues from the checkpoint.
			fromPolicy := true
			for id := range tr.set {
				if c := s.control(id); c.FromStart {
					fromPolicy = false
				}
			}
			t.Logf("differs from %s (%s); continued from %q", from.Format(time.DateOnly), why, got.Continued)
			if after := CheckpointDate.AddDate(0, 1, 0); fromPolicy && from.Before(after) {
				t.Errorf("the variant differs from the plan from %s (%s), before %s", from.Format(time.DateOnly), why, after.Format(time.DateOnly))
			}
			if got.Continued != CheckpointDate.Format(time.DateOnly) {
				t.Errorf("the run continued from %q, want the checkpoint of %s", got.Continued, CheckpointDate.Format(time.DateOnly))
			}
		})
	}
}

// control is the control with the given ID, or nil.
func (s *Session) control(id string) *Control {
	for i := range s.controls {
		if s.controls[i].ID == id {
			return &s.controls[i]
		}
	}
	return nil
}
