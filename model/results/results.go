// Package results reads what thuis wrote: the directory of a single run,
// of a sweep, or of a comparison of several scenarios. It gives the
// scorecard, national series (with bands for sweeps), regional series of
// large-scale shelter and the yearly length of stay in one shape, so that
// comparisons, figures and reports need not know how a result was made.
package results

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/sweep"
)

// Kind says how a result was made.
type Kind string

const (
	Run   Kind = "run"   // one simulation
	Sweep Kind = "sweep" // many runs: values are distributions
)

// Band is a value at one date; for a single run every field is the value.
type Band struct {
	Mean, P5, P25, P50, P75, P95 float64
}

func point(v float64) Band { return Band{v, v, v, v, v, v} }

// Series is a monthly series.
type Series struct {
	Dates  []time.Time
	Values []Band
}

// At returns the band on date d, and whether there is one.
func (s *Series) At(d time.Time) (Band, bool) {
	if s == nil {
		return Band{}, false
	}
	i := sort.Search(len(s.Dates), func(i int) bool { return !s.Dates[i].Before(d) })
	if i < len(s.Dates) && s.Dates[i].Equal(d) {
		return s.Values[i], true
	}
	return Band{}, false
}

// Target is one row of a scorecard.
type Target struct {
	ID, Metric, Comparator string
	Aggregate              string // how the metric is taken over the year (target.Target's Aggregate)
	Year                   int
	Threshold              float64
	// a run
	Reached      bool
	Value        float64 // a run's value; a sweep's median
	FirstReached int     // a run: 0 if never
	// a sweep
	Runs                   int
	Probability, Low, High float64 // of being reached, with its 95% interval
	// FirstReachedP50 is the median first year of the runs that reach
	// the target for good (0 if none does); NeverReached the share of
	// runs that never do.
	FirstReachedP50, NeverReached float64
}

// Scenario is what one scenario's result holds.
type Scenario struct {
	Name    string
	Kind    Kind
	Dir     string
	Seed    uint64
	SHA256  string
	Version string
	Files   []string
	Command []string
	Runs    int // 1 for a run
	Targets []Target
	// National series by metric (cbs_count, ethos1..7, housed, capacity_large, ...).
	National map[string]*Series
	// Regional series by metric and region, for the metrics kept per region.
	Regional map[string]map[string]*Series
	// StayP90 is the 90th percentile of shelter stays (days) by year.
	StayP90 map[int]Band
}

// Regions lists the regions of a regional metric, sorted.
func (s *Scenario) Regions(metric string) []string {
	var rs []string
	for r := range s.Regional[metric] {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	return rs
}

// Comparison is the file thuis compare writes next to the scenarios'
// directories.
type Comparison struct {
	Kind      Kind     `json:"kind"`
	Scenarios []string `json:"scenarios"` // in order; the first is the reference
	Dirs      []string `json:"dirs"`      // relative to the comparison's directory
	Seed      uint64   `json:"seed"`
	Runs      int      `json:"runs"`
	Command   []string `json:"command,omitempty"`
	Version   string   `json:"version"`
}

// ComparisonFile is the name of a comparison's index.
const ComparisonFile = "compare.json"

// WriteComparison writes a comparison's index into dir, and its data
// dictionary: a datapackage.json that gathers those of the directories it
// lists, so that one package loads every table of the comparison.
func WriteComparison(dir string, c Comparison) error {
	pkg := output.NewPackage("thuis-comparison", "thuis comparison of "+strings.Join(c.Scenarios, ", "),
		fmt.Sprintf("Scenarios compared with common random numbers (seed %d), %s; %s says how. Each directory under this one has its own datapackage.json too.", c.Seed, c.Kind, ComparisonFile))
	for _, sub := range c.Dirs {
		q, err := output.ReadPackage(filepath.Join(dir, sub))
		if err != nil {
			return err
		}
		pkg.Include(sub, q)
	}
	if err := output.WriteFile(filepath.Join(dir, ComparisonFile), func(w io.Writer) error { return output.JSON(w, c) }); err != nil {
		return err
	}
	return pkg.Write(dir)
}

// Load reads a run directory, a sweep directory or a comparison directory
// and returns its scenarios in order.
func Load(dir string) ([]*Scenario, error) {
	if data, err := os.ReadFile(filepath.Join(dir, ComparisonFile)); err == nil {
		var c Comparison
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ComparisonFile), err)
		}
		var out []*Scenario
		for _, d := range c.Dirs {
			ss, err := Load(filepath.Join(dir, d))
			if err != nil {
				return nil, err
			}
			out = append(out, ss...)
		}
		return out, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "run.json")); err == nil {
		s, err := loadRun(dir)
		if err != nil {
			return nil, err
		}
		return []*Scenario{s}, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep.json")); err == nil {
		return loadSweep(dir)
	}
	return nil, fmt.Errorf("%s: no run.json, sweep.json or %s: not a thuis result directory", dir, ComparisonFile)
}

// readCSV calls each for every row of a CSV file thuis wrote. A value
// that does not read as its column's type is an error naming the file,
// line and column, never a silent 0. The header must have the columns
// need, so a file replaced by another, or by garbage, is not read as one
// without rows; and unless empty is true, the file must have a row (a
// file cut after its header is not read as "nothing happened").
func readCSV(path string, need []string, empty bool, each func(r *row) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: empty file", path)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	header = append([]string(nil), header...)
	row := &row{cells: make(map[string]string, len(header))}
	for _, h := range header {
		row.cells[h] = ""
	}
	for _, col := range need {
		if _, ok := row.cells[col]; !ok {
			return fmt.Errorf("%s:1: no column %s: not the file thuis wrote (damaged or replaced)", path, col)
		}
	}
	for rows := 0; ; rows++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			if rows == 0 && !empty {
				return fmt.Errorf("%s: no rows after the header: the file was cut short", path)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for i, h := range header {
			row.cells[h] = rec[i]
		}
		line, _ := r.FieldPos(0)
		if err := each(row); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if row.err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, row.err)
		}
	}
}

// row is one row of a CSV file; its getters keep the first value that
// does not read.
type row struct {
	cells map[string]string
	err   error
}

func (r *row) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

// str is a column's value.
func (r *row) str(col string) string {
	v, ok := r.cells[col]
	if !ok {
		r.fail("no column %s", col)
	}
	return v
}

// num is a finite number; empty (no data) is 0.
func (r *row) num(col string) float64 {
	return r.parse(col, r.str(col))
}

func (r *row) parse(col, s string) float64 {
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		r.fail("column %s: %q is not a number", col, s)
	}
	return v
}

// int is a whole number; empty is 0.
func (r *row) int(col string) int {
	s := r.str(col)
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		r.fail("column %s: %q is not a whole number", col, s)
	}
	return v
}

// bool is true or false.
func (r *row) bool(col string) bool {
	switch s := r.str(col); s {
	case "true":
		return true
	case "false":
		return false
	default:
		r.fail("column %s: %q is not true or false", col, s)
		return false
	}
}

// date is a YYYY-MM-DD date.
func (r *row) date(col string) time.Time {
	s := r.str(col)
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		r.fail("column %s: %q is not a date (YYYY-MM-DD)", col, s)
	}
	return d
}

// regionalMetrics are the metrics whose per-region series are kept.
var regionalMetrics = map[string]bool{"open_large": true, "capacity_large": true, "occupied_large": true}

// legacyNames are metric names of earlier outputs, and their names now.
var legacyNames = map[string]string{"rough_lack_of_shelter": output.LackOfShelter}

// aliases are names a series is also kept under, for readers not yet
// moved to the new name: model/figure reads rough_lack_of_shelter.
// TODO: drop once model/figure reads output.LackOfShelter.
var aliases = map[string]string{output.LackOfShelter: "rough_lack_of_shelter"}

// alias adds the series of aliases under their second names.
func (s *Scenario) alias() {
	for name, alias := range aliases {
		if v, ok := s.National[name]; ok {
			s.National[alias] = v
		}
	}
}

func (s *Scenario) add(metric, region string, d time.Time, b Band) {
	if now, ok := legacyNames[metric]; ok {
		metric = now
	}
	var series *Series
	if region == output.National {
		if s.National[metric] == nil {
			s.National[metric] = &Series{}
		}
		series = s.National[metric]
	} else {
		if !regionalMetrics[metric] {
			return
		}
		if s.Regional[metric] == nil {
			s.Regional[metric] = map[string]*Series{}
		}
		if s.Regional[metric][region] == nil {
			s.Regional[metric][region] = &Series{}
		}
		series = s.Regional[metric][region]
	}
	if n := len(series.Dates); n > 0 && series.Dates[n-1].Equal(d) {
		prev := series.Values[n-1] // summing profiles of a state
		series.Values[n-1] = Band{prev.Mean + b.Mean, prev.P5 + b.P5, prev.P25 + b.P25, prev.P50 + b.P50, prev.P75 + b.P75, prev.P95 + b.P95}
		return
	}
	series.Dates = append(series.Dates, d)
	series.Values = append(series.Values, b)
}

func loadRun(dir string) (*Scenario, error) {
	var man output.Manifest
	data, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &man); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "run.json"), err)
	}
	s := &Scenario{Name: man.Scenario, Kind: Run, Dir: dir, Seed: man.Seed, SHA256: man.SHA256, Version: man.Version,
		Files: man.Files, Command: man.Command, Runs: 1, National: map[string]*Series{}, Regional: map[string]map[string]*Series{}, StayP90: map[int]Band{}}
	err = readCSV(filepath.Join(dir, "targets.csv"), []string{"id", "metric", "comparator", "aggregate", "year", "threshold", "reached", "value", "first_reached"}, false, func(r *row) error {
		s.Targets = append(s.Targets, Target{ID: r.str("id"), Metric: r.str("metric"), Comparator: r.str("comparator"), Aggregate: r.str("aggregate"),
			Year: r.int("year"), Threshold: r.num("threshold"), Reached: r.bool("reached"), Value: r.num("value"), FirstReached: r.int("first_reached"), Runs: 1})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readCSV(filepath.Join(dir, "timeseries.csv"), []string{"region", "metric", "date", "value"}, false, func(r *row) error {
		// Every row is read, kept or not: a damaged file is found.
		region, metric, d, v := r.str("region"), r.str("metric"), r.date("date"), r.num("value")
		if r.err != nil || region != output.National && !regionalMetrics[metric] {
			return nil
		}
		s.add(metric, region, d, point(v))
		if strings.HasPrefix(metric, "housed_") && region == output.National {
			s.add("housed", region, d, point(v))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.alias()
	return s, s.stayP90FromStays(filepath.Join(dir, "stays.csv"))
}

// stayP90FromStays recomputes the yearly 90th percentile from stays.csv
// the way the target metric does: stays ended in the year or ongoing at
// its end, the ongoing ones measured to the year's end (to the day: the
// file gives dates, and the exact length only for the whole stay).
func (s *Scenario) stayP90FromStays(path string) error {
	byYear := map[int][]float64{}
	var first, last int
	if cbs := s.National["cbs_count"]; cbs != nil && len(cbs.Dates) > 1 {
		first, last = cbs.Dates[0].Year(), cbs.Dates[len(cbs.Dates)-1].Year()-1
	}
	// A run in which nobody stayed in shelter has no stays.
	err := readCSV(path, []string{"start", "end", "days", "ongoing"}, true, func(r *row) error {
		start, end := r.date("start"), r.date("end")
		days := r.num("days") // exact; start and end are dates, so ongoing stays are cut to the day
		ongoing := r.bool("ongoing")
		if r.err != nil {
			return nil
		}
		for y := first; y <= last; y++ {
			from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			to := from.AddDate(1, 0, 0)
			switch {
			case !start.Before(to) || end.Before(from):
			case end.Before(to) && !ongoing:
				byYear[y] = append(byYear[y], days)
			default:
				byYear[y] = append(byYear[y], days-end.Sub(to).Hours()/24)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for y, xs := range byYear {
		sort.Float64s(xs)
		s.StayP90[y] = point(stat.Quantile(0.9, stat.Empirical, xs, nil))
	}
	return nil
}

func loadSweep(dir string) ([]*Scenario, error) {
	var rep sweep.Report
	data, err := os.ReadFile(filepath.Join(dir, "sweep.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "sweep.json"), err)
	}
	// The outputs came from the checkpoints; a damaged one means the
	// directory was damaged after the sweep, or mixed with another.
	if err := sweep.Verify(dir); err != nil {
		return nil, err
	}
	var out []*Scenario
	for _, info := range rep.Scenarios {
		sdir := dir
		if len(rep.Scenarios) > 1 {
			sdir = filepath.Join(dir, info.Name)
		}
		s := &Scenario{Name: info.Name, Kind: Sweep, Dir: sdir, Seed: rep.Seed, SHA256: info.SHA256, Version: rep.Version,
			Files: []string{info.File}, Command: rep.Command, Runs: rep.Runs, National: map[string]*Series{},
			Regional: map[string]map[string]*Series{}, StayP90: map[int]Band{}}
		err := readCSV(filepath.Join(sdir, "targets.csv"), []string{"id", "metric", "comparator", "aggregate", "year", "threshold", "value_p50", "runs", "probability", "ci95_low", "ci95_high", "first_reached_p50", "never_reached"}, false, func(r *row) error {
			s.Targets = append(s.Targets, Target{ID: r.str("id"), Metric: r.str("metric"), Comparator: r.str("comparator"), Aggregate: r.str("aggregate"),
				Year: r.int("year"), Threshold: r.num("threshold"), Value: r.num("value_p50"), Runs: r.int("runs"), Probability: r.num("probability"),
				Low: r.num("ci95_low"), High: r.num("ci95_high"), FirstReachedP50: r.num("first_reached_p50"), NeverReached: r.num("never_reached")})
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = readCSV(filepath.Join(sdir, "fan.csv"), []string{"metric", "region", "date", "mean", "p5", "p25", "p50", "p75", "p95"}, false, func(r *row) error {
			b := Band{r.num("mean"), r.num("p5"), r.num("p25"), r.num("p50"), r.num("p75"), r.num("p95")}
			metric, region, d := r.str("metric"), r.str("region"), r.date("date")
			if r.err != nil {
				return nil
			}
			s.add(metric, region, d, b)
			return nil
		})
		if err != nil {
			return nil, err
		}
		// Yearly p90 of stays: quantiles over runs of runs.csv's columns.
		byYear := map[int][]float64{}
		err = readCSV(filepath.Join(sdir, "runs.csv"), []string{"run"}, false, func(r *row) error {
			for k, v := range r.cells {
				if y, ok := strings.CutPrefix(k, "shelter_stay_p90_days.year."); ok {
					year, err := strconv.Atoi(y)
					if err != nil {
						return fmt.Errorf("column %s: not a year", k)
					}
					byYear[year] = append(byYear[year], r.parse(k, v))
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for y, xs := range byYear {
			sort.Float64s(xs)
			q := func(p float64) float64 { return stat.Quantile(p, stat.Empirical, xs, nil) }
			s.StayP90[y] = Band{stat.Mean(xs, nil), q(0.05), q(0.25), q(0.5), q(0.75), q(0.95)}
		}
		s.alias()
		out = append(out, s)
	}
	return out, nil
}
