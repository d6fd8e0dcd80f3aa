// This file implements scenario discovery over a sweep's runs (doc.go,
// "Discovery").

package analysis

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/prim"
	"github.com/thuis-nl/thuis/model/sweep"
)

// DiscoverConfig is a scenario discovery over a finished sweep.
type DiscoverConfig struct {
	// Dir is the sweep directory.
	Dir string
	// Scenario names the scenario of a sweep of several; "" for a sweep
	// of one.
	Scenario string
	// Target is the ID of the target whose misses are the cases of
	// interest.
	Target string
	// MinDensity, if not 0, chooses the box of highest coverage with at
	// least this density; 0 chooses the knee of the trajectory.
	MinDensity float64
	// Options tunes PRIM; nil means its defaults (peel 5% at a time
	// down to 5% of the runs).
	Options *prim.Options
}

// Discovery is the result of Discover.
type Discovery struct {
	Target     string
	Runs       int
	Missed     int
	Columns    []string
	Lever      []bool // per column: a lever, not an assumption
	Trajectory *prim.Trajectory
	// Chosen is the step of the chosen box, and Limits its restrictions
	// with their quasi-p-values.
	Chosen int
	Limits []prim.Limit
}

// Discover runs PRIM over the runs of a sweep: the inputs are the levers
// (lever.PATH.value columns of runs.csv) and the sampled assumptions, the
// cases of interest the runs in which the target was missed.
func Discover(cfg DiscoverConfig) (*Discovery, error) {
	man, err := sweep.ReadManifest(cfg.Dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("discover: %s is not a sweep directory (no sweep-config.json)", cfg.Dir)
		}
		return nil, fmt.Errorf("discover: %w", err)
	}
	dir := cfg.Dir
	var info *sweep.ScenarioInfo
	var names []string
	for i := range man.Scenarios {
		names = append(names, man.Scenarios[i].Name)
		if man.Scenarios[i].Name == cfg.Scenario || (cfg.Scenario == "" && len(man.Scenarios) == 1) {
			info = &man.Scenarios[i]
		}
	}
	switch {
	case info == nil && cfg.Scenario == "":
		return nil, fmt.Errorf("discover: %s holds a sweep of %d scenarios (%s); name one", cfg.Dir, len(names), strings.Join(names, ", "))
	case info == nil:
		return nil, fmt.Errorf("discover: %s has no scenario %s; it has %s", cfg.Dir, cfg.Scenario, strings.Join(names, ", "))
	}
	if len(man.Scenarios) > 1 {
		dir = filepath.Join(dir, info.Name)
	}
	f, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		return nil, fmt.Errorf("discover: %w (is the sweep finished?)", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("discover: %s: %w", f.Name(), err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("discover: %s has no runs", f.Name())
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	reached, ok := col[sweep.TargetColumn(cfg.Target, "reached")]
	if !ok {
		var ids []string
		for _, h := range rows[0] {
			if id, ok := strings.CutSuffix(h, ".reached"); ok {
				ids = append(ids, id)
			}
		}
		return nil, fmt.Errorf("discover: the sweep has no target %q; it has %s", cfg.Target, strings.Join(ids, ", "))
	}
	d := &Discovery{Target: cfg.Target, Runs: len(rows) - 1}
	var cols []prim.Column
	add := func(name, header string, lever bool) error {
		j, ok := col[header]
		if !ok {
			return fmt.Errorf("discover: %s has no column %s", f.Name(), header)
		}
		c := prim.Column{Name: name, Values: make([]float64, len(rows)-1)}
		for i, r := range rows[1:] {
			v, err := strconv.ParseFloat(r[j], 64)
			if err != nil {
				return fmt.Errorf("discover: %s:%d: column %s: %q is not a number", f.Name(), i+2, header, r[j])
			}
			c.Values[i] = v
		}
		cols = append(cols, c)
		d.Columns = append(d.Columns, name)
		d.Lever = append(d.Lever, lever)
		return nil
	}
	for _, l := range info.Levers {
		if err := add(l, sweep.LeverColumn(l), true); err != nil {
			return nil, err
		}
	}
	for i, c := range info.SampledNames() {
		if err := add(info.Columns[i], c, false); err != nil {
			return nil, err
		}
	}
	missed := make([]bool, len(rows)-1)
	for i, r := range rows[1:] {
		missed[i] = r[reached] == "false"
		if missed[i] {
			d.Missed++
		}
	}
	if d.Missed == 0 {
		return nil, fmt.Errorf("discover: target %s is reached in all %d runs; there is nothing to discover", cfg.Target, d.Runs)
	}
	if d.Missed == d.Runs {
		return nil, fmt.Errorf("discover: target %s is missed in all %d runs; no box of assumptions or levers sets the misses apart", cfg.Target, d.Runs)
	}
	if d.Trajectory, err = prim.Find(cols, missed, cfg.Options); err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	d.Chosen = d.Trajectory.Knee()
	if cfg.MinDensity != 0 {
		if cfg.MinDensity < 0 || cfg.MinDensity > 1 {
			return nil, fmt.Errorf("discover: minimum density %g; want a share in (0, 1]", cfg.MinDensity)
		}
		s, ok := d.Trajectory.Choose(cfg.MinDensity)
		if !ok {
			best := 0.0
			for _, st := range d.Trajectory.Steps {
				best = math.Max(best, st.Density)
			}
			return nil, fmt.Errorf("discover: no box reaches density %g; the densest has %.3f", cfg.MinDensity, best)
		}
		d.Chosen = s
	}
	if d.Limits, err = d.Trajectory.Restrictions(d.Chosen); err != nil {
		return nil, err
	}
	return d, nil
}

// WriteTrajectory writes the peeling trajectory as CSV: step, coverage,
// density, mass, cases, hits (of interest), pasted, and the restricted
// parameters separated by semicolons.
func (d *Discovery) WriteTrajectory(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.print("step,coverage,density,mass,cases,hits,pasted,restricted\n")
	for s, st := range d.Trajectory.Steps {
		ew.print(fmt.Sprintf("%d,%s,%s,%s,%d,%d,%t,%s\n", s, output.NumOrEmpty(output.Round(st.Coverage, 6)), output.NumOrEmpty(output.Round(st.Density, 6)), output.NumOrEmpty(output.Round(st.Mass, 6)),
			st.Cases, st.Hits, st.Pasted, csvField(strings.Join(st.Restricted, ";"))))
	}
	return ew.err
}

// WriteBox writes the chosen box as CSV: per restricted parameter,
// whether it is a lever or an assumption, its limits (empty on a side not
// restricted) and its quasi-p-value.
func (d *Discovery) WriteBox(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.print("parameter,kind,low,high,quasi_p\n")
	for _, l := range d.Limits {
		ew.print(fmt.Sprintf("%s,%s,%s,%s,%s\n", csvField(l.Name), d.kind(l.Name), bound(l.Low), bound(l.High), output.NumOrEmpty(l.QuasiP)))
	}
	return ew.err
}

func bound(v float64) string {
	if math.IsInf(v, 0) {
		return ""
	}
	return output.NumOrEmpty(v)
}

func (d *Discovery) kind(name string) string {
	for i, c := range d.Columns {
		if c == name && d.Lever[i] {
			return "lever"
		}
	}
	return "assumption"
}

// WriteReport prints the trajectory and the chosen box.
func (d *Discovery) WriteReport(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.print(fmt.Sprintf("Target %s missed in %d of %d runs. Peeling trajectory (PRIM):\n", d.Target, d.Missed, d.Runs))
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  step\tcoverage\tdensity\tmass\trestricted")
	for s, st := range d.Trajectory.Steps {
		mark := ""
		if s == d.Chosen {
			mark = "  ← chosen"
		}
		fmt.Fprintf(tw, "  %d\t%.3f\t%.3f\t%.3f\t%d%s\n", s, st.Coverage, st.Density, st.Mass, len(st.Restricted), mark)
	}
	tw.Flush()
	st := d.Trajectory.Steps[d.Chosen]
	ew.print(fmt.Sprintf("\nBox of step %d: %d of the %d misses (coverage %.3f) in %d runs (density %.3f, mass %.3f):\n",
		d.Chosen, st.Hits, d.Missed, st.Coverage, st.Cases, st.Density, st.Mass))
	for _, l := range d.Limits {
		ew.print(fmt.Sprintf("  %-10s %s  (quasi-p %.2g)\n", d.kind(l.Name), l, l.QuasiP))
	}
	if len(d.Limits) == 0 {
		ew.print("  no restriction: the misses are spread over the whole sweep\n")
	}
	return ew.err
}
