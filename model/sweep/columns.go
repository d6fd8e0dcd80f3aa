// This file implements the columns of a sweep's outputs: their names,
// which say what a column holds and are safe for R (column.Safe), and
// the data dictionary (datapackage.json) that describes them.

package sweep

import (
	"fmt"
	"strings"

	"github.com/thuis-nl/thuis/model/column"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
)

// Column is a sampled parameter or a lever as runs.csv holds it.
type Column struct {
	// Path is the parameter's path, as in ScenarioInfo.Columns and the
	// scenario (a split's share: PATH.KEY; a schedule's knot: PATH@DATE).
	Path string `json:"path"`
	// Name is the column of runs.csv: the path made safe (column.Slug)
	// and a suffix that says what the column holds: .value, .factor or
	// .share; a lever's starts with lever.
	Name string `json:"name"`
	// Kind is value (the parameter's value), factor (a factor on a whole
	// schedule or duration) or share (one share of a split).
	Kind string `json:"kind"`
	// Unit is the parameter's unit for a value; "factor" and "share"
	// otherwise.
	Unit string `json:"unit"`
	// Group is a share's split: its columns sum to 1 in every run.
	Group string `json:"group,omitempty"`
	// Posterior: drawn with a row of a calibrated scenario's posterior.
	Posterior bool `json:"posterior,omitempty"`
}

// Column kinds.
const (
	KindValue  = column.Value
	KindFactor = column.Factor
	KindShare  = column.Share
)

// columns describes the sampled columns of params, in the order of the
// sampler's Columns, and the levers.
func columns(sc *scenario.Scenario, params, levers []uncertainty.Param) (sampled, lever []Column, err error) {
	units := map[string]string{}
	for _, p := range sc.Params() {
		m := p.Info()
		units[m.Path] = m.Unit
	}
	unit := func(path string) string {
		base, _, _ := strings.Cut(path, "@")
		return units[base]
	}
	var add func(p uncertainty.Param, posterior bool)
	add = func(p uncertainty.Param, posterior bool) {
		switch p.Kind {
		case uncertainty.Joint:
			for _, m := range p.Members {
				add(m, true)
			}
		case uncertainty.Shares:
			names := p.Names()
			for i, c := range p.Columns() {
				sampled = append(sampled, Column{Path: c, Name: names[i], Kind: KindShare, Unit: "share", Group: p.Path, Posterior: posterior})
			}
		case uncertainty.Factor:
			sampled = append(sampled, Column{Path: p.Path, Name: p.Names()[0], Kind: KindFactor, Unit: "factor", Posterior: posterior})
		default:
			sampled = append(sampled, Column{Path: p.Path, Name: p.Names()[0], Kind: KindValue, Unit: unit(p.Path), Posterior: posterior})
		}
	}
	for _, p := range params {
		add(p, false)
	}
	for _, l := range levers {
		lever = append(lever, Column{Path: l.Path, Name: LeverColumn(l.Path), Kind: KindValue, Unit: unit(l.Path)})
	}
	var names, from []string
	for _, c := range append(append([]Column(nil), lever...), sampled...) {
		names, from = append(names, c.Name), append(from, c.Path)
	}
	if err := column.Unique(names, from); err != nil {
		return nil, nil, fmt.Errorf("sweep: scenario %s: runs.csv: %w", sc.Name, err)
	}
	return sampled, lever, nil
}

// LeverColumn is the runs.csv column of a lever: "lever.", its path made
// safe and ".value", so that levers stand apart from the sampled
// assumptions.
func LeverColumn(path string) string { return "lever." + column.Slug(path) + "." + KindValue }

// TargetColumn is the runs.csv column of a target's value, reached or
// first_reached: the id made safe, a dot and what.
func TargetColumn(id, what string) string { return column.Slug(id) + "." + what }

// SampledNames returns the runs.csv columns of the sampled parameters, in
// the order of Columns. A sweep begun before thuis described its columns
// has only their paths, made safe.
func (s ScenarioInfo) SampledNames() []string {
	names := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		names[i] = column.Slug(c)
		if i < len(s.Sampled) {
			names[i] = s.Sampled[i].Name
		}
	}
	return names
}

// leverColumns returns LeverColumns, or for a sweep begun before thuis
// described them, columns made from the levers' paths.
func (s ScenarioInfo) leverColumns() []Column {
	if len(s.LeverColumns) == len(s.Levers) {
		return s.LeverColumns
	}
	cols := make([]Column, len(s.Levers))
	for i, l := range s.Levers {
		cols[i] = Column{Path: l, Name: LeverColumn(l), Kind: KindValue, Unit: "unknown: the sweep recorded no units"}
	}
	return cols
}

// runsPackage describes the outputs of one scenario of a sweep.
func runsPackage(man *Manifest, s ScenarioInfo, targets []target.Target, metricCols []string) *output.Package {
	p := output.NewPackage("thuis-sweep-"+s.Name, "thuis sweep of scenario "+s.Name,
		fmt.Sprintf("A Monte Carlo sweep: %d runs per policy, seed %d, sampler %s, %d replications per sample. sweep.json says which scenario files, version and command.",
			man.Runs, man.Seed, man.Sampler, man.Replications))
	quantiles := func(prefix, unit, what string) []output.Field {
		var fs []output.Field
		for _, q := range Quantiles {
			fs = append(fs, output.Field{Name: fmt.Sprintf("%sp%d", prefix, int(q*100)), Type: "number", Unit: unit,
				Description: fmt.Sprintf("%d%% quantile over the runs of %s (empirical)", int(q*100), what)})
		}
		return fs
	}
	// targets.csv
	tf := append([]output.Field(nil), output.TargetFields...)
	tf = append(tf,
		output.Field{Name: "runs", Type: "integer", Unit: "runs", Description: "runs of the scenario (all policies)"},
		output.Field{Name: "reached", Type: "integer", Unit: "runs", Description: "runs in which the target was reached"},
		output.Field{Name: "probability", Type: "number", Unit: "share", Description: "reached / runs: the probability the target is reached"},
		output.Field{Name: "ci95_low", Type: "number", Unit: "share", Description: "95% Wilson interval of the probability, low end"},
		output.Field{Name: "ci95_high", Type: "number", Unit: "share", Description: "95% Wilson interval of the probability, high end"},
		output.Field{Name: "value_mean", Type: "number", Unit: "see unit column", Description: "mean over the runs of the target's value"})
	tf = append(tf, quantiles("value_", "see unit column", "the target's value")...)
	tf = append(tf, output.Field{Name: "never_reached", Type: "number", Unit: "share", Description: "share of runs in which the target is never reached for good"})
	tf = append(tf, quantiles("first_reached_", "year", "the first year the target is reached for good, of the runs that reach it")...)
	p.Add("targets.csv", "per target: the probability it is reached, with its 95% interval, and quantiles of its value and first year", tf, "id")

	// fan.csv
	ff := []output.Field{output.ScenarioField,
		{Name: "metric", Type: "string", Description: "the series: " + fanMetricNames(), Constraints: &output.Constraints{Required: true}},
		{Name: "unit", Type: "string", Description: "the unit of the series: people or places"},
		output.RegionField,
		{Name: "date", Type: "date", Description: "the snapshot's date, the first of a month"},
		{Name: "mean", Type: "number", Unit: "see unit column", Description: "mean over the runs, to 3 decimals"}}
	ff = append(ff, quantiles("", "see unit column", "the series on that date")...)
	p.Add("fan.csv", "per metric, region (and NL) and month: the mean and quantiles over the runs", ff, "metric", "region", "date")

	// runs.csv
	rf := []output.Field{output.ScenarioField,
		{Name: "run", Type: "integer", Unit: "index", Description: "the run's number, from 0: thuis run --from DIR --run I replays it", Constraints: &output.Constraints{Required: true}}}
	if s.Policies != nil {
		rf = append(rf, output.Field{Name: "policy", Type: "integer", Unit: "index", Description: "the policy (a row of policies.csv): run / runs per policy"})
	}
	rf = append(rf,
		output.Field{Name: "sample", Type: "integer", Unit: "index", Description: "the parameter sample the run used: (run mod runs per policy) / replications"},
		output.Field{Name: "replication", Type: "integer", Unit: "index", Description: "the run's replication of its sample"},
		output.Field{Name: "seed", Type: "string", Description: "the run's simulation seed, a 64-bit number in hexadecimal (0x, 8 digits, _, 8 digits), text so that R and pandas keep it exact; strconv.ParseUint(s, 0, 64) in Go, int(s, 16) in Python; thuis run --seed takes it",
			Constraints: &output.Constraints{Required: true, Pattern: output.SeedPattern}},
		output.Field{Name: "events", Type: "integer", Unit: "events", Description: "events the run simulated"})
	for _, c := range s.leverColumns() {
		rf = append(rf, output.Field{Name: c.Name, Type: "number", Unit: c.Unit, Description: "policy lever " + c.Path + ": its value in the run's policy"})
	}
	for i, name := range s.SampledNames() {
		f := output.Field{Name: name, Type: "number", Unit: "unknown: the sweep recorded no units", Description: "sampled parameter " + s.Columns[i]}
		if i < len(s.Sampled) {
			c := s.Sampled[i]
			f.Unit = c.Unit
			switch c.Kind {
			case KindFactor:
				f.Description = "sampled factor on the whole of " + c.Path + " (a schedule or duration): 1 is the scenario's value"
			case KindShare:
				f.Group = c.Group
				f.Description = "sampled share " + c.Path + " of the split " + c.Group + ": the group's columns sum to 1 in every run, so leave one out of a regression"
			default:
				f.Description = "sampled value of " + c.Path
			}
			if c.Posterior {
				f.Description += "; drawn with a row of the calibrated posterior, jointly with the other posterior columns"
			}
		}
		rf = append(rf, f)
	}
	for _, t := range targets {
		unit := output.MetricUnit(t.Metric)
		rf = append(rf,
			output.Field{Name: TargetColumn(t.ID, "value"), Type: "number", Unit: unit, Description: fmt.Sprintf("target %s: the value of %s(%s) in %d", t.ID, t.Aggregate, t.Metric, t.Year)},
			output.Field{Name: TargetColumn(t.ID, "reached"), Type: "boolean", Description: fmt.Sprintf("target %s reached in %d", t.ID, t.Year)},
			output.Field{Name: TargetColumn(t.ID, "first_reached"), Type: "integer", Unit: "year", Description: fmt.Sprintf("target %s: the year from which it holds for good; empty if never", t.ID)})
	}
	for _, c := range metricCols {
		rf = append(rf, keyMetricField(c))
	}
	p.Add("runs.csv", "one row per run: seed, sampled parameters and levers, target outcomes and key metrics", rf, "run")

	if s.Policies != nil {
		pf := []output.Field{output.ScenarioField, {Name: "policy", Type: "integer", Unit: "index", Description: "the policy: a combination of lever values"}}
		for _, c := range s.leverColumns() {
			pf = append(pf, output.Field{Name: c.Name, Type: "number", Unit: c.Unit, Description: "policy lever " + c.Path + ": its value in the policy"})
		}
		pf = append(pf,
			output.Field{Name: "target", Type: "string", Description: "the target's id"},
			output.Field{Name: "runs", Type: "integer", Unit: "runs", Description: "runs of the policy"},
			output.Field{Name: "reached", Type: "integer", Unit: "runs", Description: "runs of the policy in which the target was reached"},
			output.Field{Name: "probability", Type: "number", Unit: "share", Description: "reached / runs"},
			output.Field{Name: "ci95_low", Type: "number", Unit: "share", Description: "95% Wilson interval, low end"},
			output.Field{Name: "ci95_high", Type: "number", Unit: "share", Description: "95% Wilson interval, high end"})
		p.Add("policies.csv", "per policy and target: the probability the target is reached", pf, "policy", "target")
	}
	if man.KeepSeries {
		p.Add(SeriesFile, "every run's monthly series of fan.csv, one row per run, metric, region and month (gzip)", []output.Field{
			output.ScenarioField,
			{Name: "run", Type: "integer", Unit: "index", Description: "the run, as in runs.csv: join on it for seeds, parameters and outcomes"},
			{Name: "metric", Type: "string", Description: "the series, as in fan.csv"},
			output.RegionField,
			{Name: "date", Type: "date", Description: "the first of the month"},
			{Name: "value", Type: "integer", Unit: "people or places, by metric (fan.csv's unit column)", Description: "the run's value on that date"},
		}, "run", "metric", "region", "date")
	}
	return p
}

// keyMetricField describes a key metric column of runs.csv, named
// METRIC.AGGREGATE.YEAR.
func keyMetricField(name string) output.Field {
	parts := strings.Split(name, ".")
	metric, agg, year := parts[0], parts[1], parts[2]
	desc := ""
	if m, ok := target.Metrics[metric]; ok {
		desc = m.Description
	}
	return output.Field{Name: name, Type: "number", Unit: output.MetricUnit(metric),
		Description: fmt.Sprintf("%s(%s) in %s: %s", agg, metric, year, desc)}
}

func fanMetricNames() string {
	var ns []string
	for _, m := range FanMetrics {
		ns = append(ns, m.Name)
	}
	return strings.Join(ns, ", ")
}
