// This file implements the trade-off between two levers: for each value
// of a second lever, what the first must be to reach a target (doc.go,
// "Requirement").

package analysis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// TradeoffConfig is Require over a grid of a second lever.
type TradeoffConfig struct {
	// RequireConfig names the first lever, whose value is searched for,
	// and everything else the search needs. Its Progress, if set, counts
	// the simulations of every value of the second lever.
	RequireConfig

	// Second is the path of the second lever: a choice, a scalar or a
	// constant schedule. SecondValues are its values to try; nil means
	// its declared levels, or SecondGrid values spread over its declared
	// lever range or SecondRange.
	Second       string
	SecondValues []float64
	SecondRange  []float64
	SecondGrid   int // zero means 5
}

// Tradeoff is the trade-off curve between two levers: per value of the
// second lever, the smallest (or largest) value of the first that reaches
// the target with the probability.
type Tradeoff struct {
	First, Second string
	Points        []TradeoffPoint // in increasing order of the second lever
}

// TradeoffPoint is one value of the second lever and the requirement on
// the first there.
type TradeoffPoint struct {
	Second      float64
	Requirement *Requirement
}

// RequireTradeoff runs Require for the first lever at each value of the
// second. Every search uses the same seeds and draws of the uncertain
// parameters (common random numbers: run j is the same world at every
// pair of lever values), so the curve's steps are the levers' doing, not
// noise's.
func RequireTradeoff(ctx context.Context, cfg TradeoffConfig) (*Tradeoff, error) {
	if cfg.Scenario == nil {
		return nil, errors.New("require: no scenario")
	}
	if cfg.Second == cfg.Lever {
		return nil, fmt.Errorf("require: %s is both levers; a trade-off needs two", cfg.Lever)
	}
	m, err := leverMeta(cfg.Scenario, cfg.Second)
	if err != nil {
		return nil, err
	}
	values := cfg.SecondValues
	if values == nil {
		grid := cmp(cfg.SecondGrid, 5)
		whole := uncertainty.Whole(m.Unit)
		switch {
		case cfg.SecondRange != nil:
			if len(cfg.SecondRange) != 2 || !(cfg.SecondRange[0] < cfg.SecondRange[1]) || grid < 2 {
				return nil, fmt.Errorf("require: second range %v with %d values; want [low, high] with low < high, and 2 or more values", cfg.SecondRange, grid)
			}
			values = spread(cfg.SecondRange[0], cfg.SecondRange[1], grid, whole)
		case m.Levels != nil:
			values = m.Levels
		case m.Lever != nil:
			values = spread(m.Lever[0], m.Lever[1], grid, whole)
		default:
			return nil, &NoRangeError{Lever: cfg.Second}
		}
	}
	out := &Tradeoff{First: cfg.Lever, Second: cfg.Second}
	done := 0
	for _, v := range values {
		sc, err := uncertainty.Apply(cfg.Scenario, []uncertainty.Param{{Path: cfg.Second, Kind: uncertainty.Value}}, []float64{v})
		if err != nil {
			return nil, err
		}
		rc := cfg.RequireConfig
		rc.Scenario = sc
		if cfg.Progress != nil {
			before := done
			rc.Progress = func(d, total int) {
				done = before + d
				cfg.Progress(done, before+total)
			}
		}
		req, err := Require(ctx, rc)
		if err != nil {
			return nil, fmt.Errorf("require: %s = %g: %w", cfg.Second, v, err)
		}
		out.Points = append(out.Points, TradeoffPoint{Second: v, Requirement: req})
	}
	return out, nil
}

// WriteCSV writes tradeoff.csv: one row per value of the second lever.
func (t *Tradeoff) WriteCSV(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.print("second_lever,second_value,first_lever,found,first_value,low,high,increasing,prob,runs\n")
	for _, p := range t.Points {
		r := p.Requirement
		v, lo, hi := "", "", ""
		if r.Found {
			v = output.NumOrEmpty(output.Round(r.Value, 6))
		}
		if !math.IsInf(r.Low, 0) {
			lo = output.NumOrEmpty(output.Round(r.Low, 6))
		}
		if !math.IsInf(r.High, 0) {
			hi = output.NumOrEmpty(output.Round(r.High, 6))
		}
		ew.print(fmt.Sprintf("%s,%s,%s,%t,%s,%s,%s,%t,%s,%d\n", csvField(t.Second), output.Num(p.Second), csvField(t.First), r.Found, v, lo, hi,
			r.Increasing, output.Num(r.Prob), r.Runs))
	}
	return ew.err
}

// Package describes tradeoff.csv, as WriteCSV writes it.
func (t *Tradeoff) Package() *output.Package {
	p := output.NewPackage("thuis-tradeoff", "thuis require --second",
		"The value of one lever ("+t.First+") needed to reach a target, per value of another ("+t.Second+").")
	p.Add("tradeoff.csv", "one row per value of the second lever", []output.Field{
		{Name: "second_lever", Type: "string", Description: "the second lever's path"},
		{Name: "second_value", Type: "number", Unit: "the second lever's unit", Description: "the value the second lever is held at"},
		{Name: "first_lever", Type: "string", Description: "the first lever's path"},
		{Name: "found", Type: "boolean", Description: "some value of the first lever in its range reaches the target with the probability"},
		{Name: "first_value", Type: "number", Unit: "the first lever's unit", Description: "the smallest (or, if the target is reached more often at lower values, largest) value that does; empty if none"},
		{Name: "low", Type: "number", Unit: "the first lever's unit", Description: "95% bootstrap interval, low end; empty when resamples find no value in the range"},
		{Name: "high", Type: "number", Unit: "the first lever's unit", Description: "95% bootstrap interval, high end; empty likewise"},
		{Name: "increasing", Type: "boolean", Description: "the target is reached more often at higher values of the first lever"},
		{Name: "prob", Type: "number", Unit: "probability", Description: "the probability with which the target must be reached"},
		{Name: "runs", Type: "integer", Unit: "runs", Description: "runs at each pair of lever values (the same seeds and draws at every pair)"},
	}, "second_value")
	return p
}
