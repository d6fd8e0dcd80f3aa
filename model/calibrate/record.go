package calibrate

// This file implements a population's simulations: in parallel, each
// checkpointed as its own record, found again on resume, and shared
// between shards through the directory.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/thuis-nl/thuis/model/output"
)

// record is one simulation, as kept in Dir.
type record struct {
	Population int       `json:"population"`
	Replicate  bool      `json:"replicate,omitempty"`
	Adjusted   bool      `json:"adjusted,omitempty"` // theta is a whole adjusted row
	Step       int       `json:"step,omitempty"`     // smc-mcmc: the MCMC step of the population, from 1
	Index      int       `json:"index"`
	Seed       uint64    `json:"seed"`
	Theta      []float64 `json:"theta"`
	Outputs    []float64 `json:"outputs"`  // per target, without noise
	Distance   float64   `json:"distance"` // noise added
}

// batch is a set of simulations, each with its own record: population t
// (with smc-mcmc, population t's MCMC step), or the replicates of
// population t: fresh simulations at its kept particles, for the posterior
// predictive.
type batch struct {
	t         int
	replicate bool
	adjusted  bool // the replicates at the regression-adjusted rows of final population t
	// The step, from 1, of population t ≥ 1 (smc-mcmc, smc-tempered); of
	// replicates, the steps made by a population the budget cut.
	step int
}

func (b batch) String() string {
	switch {
	case b.replicate && b.step > 0:
		return fmt.Sprintf("replicates of population %d after step %d", b.t, b.step)
	case b.replicate:
		return fmt.Sprintf("replicates of population %d", b.t)
	case b.adjusted:
		return fmt.Sprintf("adjusted replicates of population %d", b.t)
	case b.step > 0:
		return fmt.Sprintf("population %d step %d", b.t, b.step)
	}
	return fmt.Sprintf("population %d", b.t)
}

// key is the t of the batch's random streams: t, −1−t for replicates
// (−1−t − step·2²⁰ after a cut), −2²⁰−t for adjusted replicates, and
// t + step·2²⁰ for a step.
func (b batch) key() int {
	if b.replicate {
		return -1 - b.t - b.step<<20
	}
	if b.adjusted {
		return -1<<20 - b.t
	}
	return b.t + b.step<<20
}

func recordPath(dir string, b batch, j int) string {
	sub := fmt.Sprintf("pop-%03d", b.t)
	switch {
	case b.replicate && b.step > 0:
		sub = fmt.Sprintf("replicates-%03d-step-%02d", b.t, b.step)
	case b.replicate:
		sub = fmt.Sprintf("replicates-%03d", b.t)
	case b.adjusted:
		sub = fmt.Sprintf("adjusted-%03d", b.t)
	case b.step > 0:
		sub = fmt.Sprintf("pop-%03d-step-%02d", b.t, b.step)
	}
	return filepath.Join(dir, "parts", sub, fmt.Sprintf("sim-%06d.rec", j))
}

// encode renders a record as one line of JSON and a line with its
// SHA-256: "sha256 <hex>". JSON keeps every float64 exactly.
func (r *record) encode() []byte {
	body, err := json.Marshal(r)
	if err != nil {
		panic(err) // only finite numbers reach a record
	}
	return fmt.Appendf(body, "\nsha256 %x\n", sha256.Sum256(body))
}

// errCorrupt marks a record file that is not what encode wrote.
var errCorrupt = errors.New("corrupt record")

func decodeRecord(data []byte) (*record, error) {
	body, sum, ok := bytes.Cut(data, []byte("\nsha256 "))
	if !ok {
		return nil, fmt.Errorf("%w: no checksum", errCorrupt)
	}
	if string(sum) != fmt.Sprintf("%x\n", sha256.Sum256(body)) {
		return nil, fmt.Errorf("%w: checksum mismatch", errCorrupt)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var r record
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%w: %v", errCorrupt, err)
	}
	return &r, nil
}

// load reads the record of proposal j of batch b. It returns an
// error wrapping os.ErrNotExist if there is none and errCorrupt if it is
// damaged. A sound record of another proposal than p is an error: the
// directory was written by other code.
func (c *calibration) load(b batch, j int, p proposal) (*record, error) {
	path := recordPath(c.cfg.Dir, b, j)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := decodeRecord(data)
	if err != nil {
		return nil, err
	}
	if b.adjusted && (r.Population != b.t || !r.Adjusted || r.Index != j || r.Seed != p.seed || !sameBits(r.Theta, p.theta)) {
		// The rows follow from the records before them and the adjustment's
		// code: another version of it makes other rows, whose runs these
		// are not. They are simulated again, not refused.
		return nil, fmt.Errorf("%w: %s: an adjusted row that this calibration no longer makes", os.ErrNotExist, path)
	}
	if r.Population != b.t || r.Replicate != b.replicate || r.Adjusted != b.adjusted || r.Step != b.step || r.Index != j || r.Seed != p.seed || !sameBits(r.Theta, p.theta) ||
		len(r.Outputs) != len(c.cfg.Targets) || math.Float64bits(r.Distance) != math.Float64bits(c.distance(b.key(), j, r.Outputs)) {
		return nil, fmt.Errorf("calibrate: %s is %s simulation %d at seed %d, %s, but this calibration has seed %d, %s there, or computes another distance: it was written by another version of calibrate or on another architecture; use a new directory",
			path, batch{t: r.Population, replicate: r.Replicate, adjusted: r.Adjusted, step: r.Step}, r.Index, r.Seed, c.thetaString(r.Theta), p.seed, c.thetaString(p.theta))
	}
	return r, nil
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func (c *calibration) thetaString(theta []float64) string {
	var parts []string
	for i, v := range theta {
		name := "?"
		if i < len(c.cfg.Params) {
			name = c.cfg.Params[i].Name
		}
		parts = append(parts, fmt.Sprintf("%s=%g", name, v))
	}
	return "θ (" + strings.Join(parts, ", ") + ")"
}

// pollInterval is how often a shard looks for the other shards' records.
var pollInterval = 200 * time.Millisecond

// population returns the records of batch b, one per proposal: found in
// Dir, simulated, or (another shard's) waited for.
func (c *calibration) population(ctx context.Context, b batch, props []proposal, prog Progress) ([]*record, error) {
	recs := make([]*record, len(props))
	prog.Done, prog.Total = 0, len(props)
	var todo, wait []int
	for j := range props {
		if c.cfg.Dir != "" {
			r, err := c.load(b, j, props[j])
			switch {
			case err == nil:
				recs[j] = r
				prog.Done++
				continue
			case errors.Is(err, errCorrupt):
				c.resimulated++ // whoever finds it simulates it: the result is the same
				todo = append(todo, j)
				continue
			case !errors.Is(err, os.ErrNotExist):
				return nil, err
			}
		}
		if c.cfg.Shard.mine(j) {
			todo = append(todo, j)
		} else {
			wait = append(wait, j)
		}
	}
	c.report(&prog)
	if err := c.simulate(ctx, b, props, todo, recs, &prog); err != nil {
		return nil, err
	}
	for len(wait) > 0 {
		select {
		case <-ctx.Done():
			return nil, c.interrupted(ctx, b, &prog)
		case <-time.After(pollInterval):
		}
		var still, redo []int
		for _, j := range wait {
			r, err := c.load(b, j, props[j])
			switch {
			case err == nil:
				recs[j] = r
				prog.Done++
				c.report(&prog)
			case errors.Is(err, errCorrupt):
				c.resimulated++
				redo = append(redo, j)
			case errors.Is(err, os.ErrNotExist):
				still = append(still, j)
			default:
				return nil, err
			}
		}
		if err := c.simulate(ctx, b, props, redo, recs, &prog); err != nil {
			return nil, err
		}
		wait = still
	}
	return recs, nil
}

func (c *calibration) report(p *Progress) {
	if c.cfg.Progress != nil {
		p.Resimulated = c.resimulated
		c.cfg.Progress(*p)
	}
}

func (c *calibration) interrupted(ctx context.Context, b batch, p *Progress) error {
	kept := ""
	if c.cfg.Dir != "" {
		kept = " (kept in " + c.cfg.Dir + ")"
	}
	return fmt.Errorf("calibrate: interrupted in %s with %d of its %d simulations done%s: %w", b, p.Done, p.Total, kept, ctx.Err())
}

// simulate runs proposals js of batch b on cfg.Workers goroutines and
// stores their records in recs (and Dir).
func (c *calibration) simulate(ctx context.Context, b batch, props []proposal, js []int, recs []*record, prog *Progress) error {
	if len(js) == 0 {
		return nil
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		j   int
		rec *record
		err error
	}
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < min(c.cfg.Workers, len(js)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := ctx.Err(); err != nil {
					results <- result{j: j, err: err}
					continue
				}
				r, err := c.run(ctx, b, j, props[j])
				results <- result{j, r, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, j := range js {
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var first error
	for r := range results {
		if r.err != nil {
			if first == nil {
				first = r.err
				cancel() // stop handing out simulations; finished ones are kept
			}
			continue
		}
		recs[r.j] = r.rec
		prog.Done++
		c.report(prog)
	}
	if parent.Err() != nil {
		return c.interrupted(parent, b, prog)
	}
	return first
}

// run simulates proposal j of batch b and writes its record.
func (c *calibration) run(ctx context.Context, b batch, j int, p proposal) (*record, error) {
	sim := c.sim
	if b.adjusted {
		sim = c.cfg.Adjust.Simulate
	}
	out, err := sim(ctx, p.theta, p.seed)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("calibrate: %s simulation %d (seed %d, %s): %w", b, j, p.seed, c.thetaString(p.theta), err)
	}
	if len(out) != len(c.cfg.Targets) {
		return nil, fmt.Errorf("calibrate: %s simulation %d (seed %d, %s): the simulator returned %d values for %d targets", b, j, p.seed, c.thetaString(p.theta), len(out), len(c.cfg.Targets))
	}
	for i, v := range out {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("calibrate: %s simulation %d (seed %d, %s): the simulator returned %g for target %s", b, j, p.seed, c.thetaString(p.theta), v, c.cfg.Targets[i].Name)
		}
	}
	out = append([]float64(nil), out...)
	r := &record{Population: b.t, Replicate: b.replicate, Adjusted: b.adjusted, Step: b.step, Index: j, Seed: p.seed, Theta: p.theta, Outputs: out, Distance: c.distance(b.key(), j, out)}
	if c.cfg.Dir != "" {
		if err := output.WriteFile(recordPath(c.cfg.Dir, b, j), func(w io.Writer) error { _, err := w.Write(r.encode()); return err }); err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
	}
	return r, nil
}
