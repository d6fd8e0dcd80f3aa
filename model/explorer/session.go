package explorer

// This file implements the session: what the page's engine holds between
// runs, and what a test uses to run the page's variants natively.

import (
	"context"
	"fmt"

	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
)

// DefaultBase is the unchanged scenario the explorer varies: the plan.
const DefaultBase = "eerst-een-thuis"

// Session is the unchanged scenario, its controls and the targets.
type Session struct {
	loader   scenario.Loader
	base     *scenario.Scenario
	controls []Control
	targets  []target.Target
}

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
	return &Session{loader: l, base: sc, controls: cs, targets: targets}, nil
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

// Run validates a variant's file and runs it once with seed.
func (s *Session) Run(ctx context.Context, variant []byte, seed uint64) (*Run, error) {
	sc, err := s.loader.Parse(s.VariantFile(), variant)
	if err != nil {
		return nil, fmt.Errorf("explorer: the variant is not a valid scenario: %w", err)
	}
	return Simulate(ctx, sc, seed, s.targets)
}
