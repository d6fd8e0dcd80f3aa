package explorer

// This file implements the session: what the page's engine holds between
// runs, and what a test uses to run the page's variants natively.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// DefaultBase is the unchanged scenario the explorer varies: the plan.
const DefaultBase = "eerst-een-thuis"

// Session is the unchanged scenario, its controls and the targets, and
// the checkpoints of the unchanged scenario's runs from which a changed
// scenario's runs continue (see [Session.Run]).
type Session struct {
	loader   scenario.Loader
	base     *scenario.Scenario
	controls []Control
	targets  []target.Target

	unchanged []byte // the variant of no settings: the unchanged scenario as the page runs it

	mu          sync.Mutex
	checkpoints map[uint64]*sim.Checkpoint // of runs of unchanged, by seed
}

// CheckpointSeeds is how many seeds (1, 2, ...) of the unchanged scenario
// a Session keeps a checkpoint of. The first result needs seed 1's; each
// further one takes about 80 MB of the page's memory (in headless
// Chromium, after eight runs of each scenario: 390 MB with one, 550 MB
// with three) for a changed run of that seed in about a third of the time.
const CheckpointSeeds = 1

// CheckpointDate is where a Session keeps the checkpoint of a run of the
// unchanged scenario: two months before the levers act (PolicyStart).
// One month because a rate that steps on PolicyStart already raises the
// thinning bound of the month before, which runs over the closed month
// (model/README.md 6.2); another because a stream's next candidate, drawn
// before the checkpoint, may fall in that month and was drawn with its
// bound. A test checks that no lever's compiled model differs before
// CheckpointDate plus a month. Whether a variant can continue from the
// checkpoint is decided by the engine ([sim.Checkpoint.Continue]) from the
// two compiled scenarios, not from this choice.
var CheckpointDate = PolicyStart.AddDate(0, -2, 0)

// NewSession loads base (a shipped scenario's name, or "" for DefaultBase)
// with l and reads its controls.
func NewSession(l scenario.Loader, base string, targets []target.Target) (*Session, error) {
	if base == "" {
		base = DefaultBase
	}
	sc, err := l.Load(base)
	if err != nil {
		return nil, err
	}
	first, last := target.WholeYears(sc.Start, sc.End)
	if err := target.CheckYears(targets, first, last); err != nil {
		return nil, err
	}
	cs, err := Controls(sc)
	if err != nil {
		return nil, err
	}
	s := &Session{loader: l, base: sc, controls: cs, targets: targets, checkpoints: map[uint64]*sim.Checkpoint{}}
	if s.unchanged, err = s.Variant(nil); err != nil {
		return nil, err
	}
	return s, nil
}

// Base is the unchanged scenario.
func (s *Session) Base() *scenario.Scenario { return s.base }

// Controls are the base's controls.
func (s *Session) Controls() []Control { return s.controls }

// Targets are the targets runs are scored on.
func (s *Session) Targets() []target.Target { return s.targets }

// Variant writes set as a scenario file extending the base (see [Variant]).
func (s *Session) Variant(set Settings) ([]byte, error) {
	return Variant(s.base, s.controls, set)
}

// VariantFile is the name a variant is read under, and saved as.
func (s *Session) VariantFile() string { return s.base.Name + "-variant.yaml" }

// Run validates a variant's file and runs it once with seed. The result
// is the same as [Simulate]'s, and thuis run FILE --seed seed's; how it
// is reached is not. A run of the unchanged scenario (the variant of no
// settings) keeps a checkpoint at [CheckpointDate], for the first
// [CheckpointSeeds] seeds; a run of another variant continues from the
// checkpoint of its seed when the engine finds the continuation exact,
// and runs from the start otherwise. Every control acts from PolicyStart,
// but the CBS short stay, which only the count consults and the engine
// recounts, so every variant of the page continues; a variant that
// changes the history (not one the page makes) runs from the start. Run
// is safe for concurrent use.
func (s *Session) Run(ctx context.Context, variant []byte, seed uint64) (*Run, error) {
	start := time.Now()
	sc, err := s.loader.Parse(s.VariantFile(), variant)
	if err != nil {
		return nil, fmt.Errorf("explorer: the variant is not a valid scenario: %w", err)
	}
	parsed := time.Now()
	res, from, err := s.simulate(ctx, sc, bytes.Equal(variant, s.unchanged), seed)
	if err != nil {
		return nil, err
	}
	simulated := time.Now()
	r, err := score(res, seed, s.targets)
	if err != nil {
		return nil, err
	}
	if from != nil {
		r.Continued = from.Date().Format(time.DateOnly)
	}
	ms := func(a, b time.Time) float64 { return float64(b.Sub(a).Microseconds()) / 1000 }
	r.Timing = Timing{Parse: ms(start, parsed), Simulate: ms(parsed, simulated), Score: ms(simulated, time.Now())}
	return r, nil
}

// simulate runs sc with seed, from a checkpoint if it can (which it
// returns), keeping one if it is the unchanged scenario.
func (s *Session) simulate(ctx context.Context, sc *scenario.Scenario, unchanged bool, seed uint64) (*sim.Result, *sim.Checkpoint, error) {
	s.mu.Lock()
	c := s.checkpoints[seed]
	s.mu.Unlock()
	if unchanged && c == nil && seed <= CheckpointSeeds && CheckpointDate.After(sc.Start) && CheckpointDate.Before(sc.End) {
		res, cps, err := sim.RunKeeping(ctx, sc, seed, CheckpointDate)
		if len(cps) > 0 { // kept even if the run was canceled after it
			s.mu.Lock()
			s.checkpoints[seed] = cps[0]
			s.mu.Unlock()
		}
		return res, nil, err
	}
	if c != nil {
		res, err := c.Continue(ctx, sc)
		if err == nil {
			return res, c, nil
		}
		if inexact := (*sim.InexactError)(nil); !errors.As(err, &inexact) {
			return nil, nil, err
		}
	}
	res, err := sim.Run(ctx, sc, seed)
	return res, nil, err
}

// Checkpoint is the checkpoint the session keeps of the unchanged
// scenario's run with seed, or nil: for tests and the curious.
func (s *Session) Checkpoint(seed uint64) *sim.Checkpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkpoints[seed]
}

// Unchanged is the variant file of no settings, which the page runs as
// the unchanged scenario.
func (s *Session) Unchanged() []byte { return s.unchanged }
