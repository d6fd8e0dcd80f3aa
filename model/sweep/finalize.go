package sweep

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/target"
)

// Report is sweep.json.
type Report struct {
	Manifest
	Events      uint64   `json:"events"`
	WallSeconds float64  `json:"wall_seconds"`
	Command     []string `json:"command,omitempty"`
}

// fanBudget bounds the memory used to compute fan quantiles: the series
// of all runs are read in chunks of at most this many bytes.
const fanBudget = 128 << 20

// Finalize writes the outputs of a complete sweep directory and returns
// the events of all its runs. With one scenario the outputs go in dir;
// with several, in dir/<scenario>/, with sweep.json in dir.
func Finalize(dir string, targets []target.Target, wall time.Duration, command []string) (uint64, error) {
	man, err := readManifest(dir)
	if err != nil {
		return 0, err
	}
	if !complete(man, dir) {
		return 0, fmt.Errorf("%s: not every run is done; run the remaining shards or --resume", dir)
	}
	var events uint64
	// With several scenarios, dir's datapackage.json describes the files
	// of them all, so that one package loads the whole sweep.
	all := output.NewPackage("thuis-sweep", "thuis sweep of "+fmt.Sprint(len(man.Scenarios))+" scenarios",
		"A Monte Carlo sweep of several scenarios with common random numbers: each scenario's outputs are in its own directory, which has its own datapackage.json.")
	for _, s := range man.Scenarios {
		out := dir
		if len(man.Scenarios) > 1 {
			out = filepath.Join(dir, s.Name)
		}
		n, pkg, err := finalizeScenario(dir, out, man, s, targets)
		if err != nil {
			return 0, fmt.Errorf("scenario %s: %w", s.Name, err)
		}
		events += n
		all.Include(s.Name, pkg)
	}
	if len(man.Scenarios) > 1 {
		if err := all.Write(dir); err != nil {
			return 0, err
		}
	}
	rep := Report{Manifest: *man, Events: events, WallSeconds: math.Round(wall.Seconds()*100) / 100, Command: command}
	return events, output.WriteFile(filepath.Join(dir, "sweep.json"), func(w io.Writer) error { return output.JSON(w, rep) })
}

func finalizeScenario(dir, out string, man *Manifest, s ScenarioInfo, targets []target.Target) (uint64, *output.Package, error) {
	c := newChecker(man, dir, s.Name, len(targets))
	n := s.runs(man.Runs)
	policies := max(1, len(s.Policies))
	byPolicy := make([][]int, policies) // targets reached, per policy
	for p := range byPolicy {
		byPolicy[p] = make([]int, len(targets))
	}
	// Per target: values, reached, first year; streamed into runs.csv.
	values := make([][]float64, len(targets))
	firsts := make([][]float64, len(targets))
	reached := make([]int, len(targets))
	var events uint64
	first, last := wholeYears(s.Dates)
	metricCols, keepMetric := uniqueColumns(keyMetricColumns(first, last))
	scenario := csvField(s.Name)
	err := output.WriteFile(filepath.Join(out, "runs.csv"), func(w io.Writer) error {
		bw := &errWriter{w: w}
		bw.print("scenario,run,")
		if s.Policies != nil {
			bw.print("policy,")
		}
		bw.print("sample,replication,seed,events")
		for _, c := range s.leverColumns() {
			bw.print("," + c.Name)
		}
		for _, c := range s.SampledNames() {
			bw.print("," + c)
		}
		for _, t := range targets {
			bw.print("," + TargetColumn(t.ID, "value") + "," + TargetColumn(t.ID, "reached") + "," + TargetColumn(t.ID, "first_reached"))
		}
		for _, c := range metricCols {
			bw.print("," + c)
		}
		bw.print("\n")
		for i := 0; i < n; i++ {
			rec, err := c.record(i)
			if err != nil {
				return err
			}
			events += rec.Events
			policy, j := i/man.Runs, i%man.Runs
			if s.Policies != nil {
				bw.print(fmt.Sprintf("%s,%d,%d,", scenario, i, policy))
			} else {
				bw.print(fmt.Sprintf("%s,%d,", scenario, i))
			}
			bw.print(fmt.Sprintf("%d,%d,%s,%d", j/man.Replications, j%man.Replications, output.Seed(rec.Seed), rec.Events))
			if s.Policies != nil {
				for _, v := range s.Policies[policy] {
					bw.print("," + output.NumOrEmpty(v))
				}
			}
			for _, v := range rec.Values {
				bw.print("," + output.NumOrEmpty(v))
			}
			for k, o := range rec.Outcomes {
				first := ""
				if o.First != 0 {
					first = strconv.Itoa(o.First)
					firsts[k] = append(firsts[k], float64(o.First))
				}
				if o.Reached {
					reached[k]++
					byPolicy[policy][k]++
				}
				values[k] = append(values[k], o.Value)
				bw.print(fmt.Sprintf(",%s,%t,%s", output.NumOrEmpty(o.Value), o.Reached, first))
			}
			for k, v := range rec.Metrics {
				if keepMetric[k] {
					bw.print("," + output.NumOrEmpty(v))
				}
			}
			bw.print("\n")
		}
		return bw.err
	})
	if err != nil {
		return 0, nil, err
	}
	err = output.WriteFile(filepath.Join(out, "targets.csv"), func(w io.Writer) error {
		bw := &errWriter{w: w}
		bw.print("scenario,id,year,metric,aggregate,from,since,comparator,threshold,unit,runs,reached,probability,ci95_low,ci95_high,value_mean")
		for _, q := range Quantiles {
			bw.print(fmt.Sprintf(",value_p%d", int(q*100)))
		}
		bw.print(",never_reached")
		for _, q := range Quantiles {
			bw.print(fmt.Sprintf(",first_reached_p%d", int(q*100)))
		}
		bw.print("\n")
		for k, t := range targets {
			lo, hi := Wilson(reached[k], n, 0.95)
			mean, qs := summarize(values[k])
			bw.print(fmt.Sprintf("%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%d,%d,%s,%s,%s,%s", scenario, t.ID, t.Year, t.Metric, t.Aggregate, t.From, output.Year(t.Since), csvField(t.Comparator),
				output.NumOrEmpty(t.Threshold), output.MetricUnit(t.Metric), n, reached[k], output.NumOrEmpty(float64(reached[k])/float64(n)), output.NumOrEmpty(lo), output.NumOrEmpty(hi), output.NumOrEmpty(mean)))
			for _, q := range qs {
				bw.print("," + output.NumOrEmpty(q))
			}
			bw.print("," + output.NumOrEmpty(float64(n-len(firsts[k]))/float64(n)))
			_, fq := summarize(firsts[k])
			for _, q := range fq {
				bw.print("," + output.NumOrEmpty(q))
			}
			bw.print("\n")
		}
		return bw.err
	})
	if err != nil {
		return 0, nil, err
	}
	if s.Policies != nil {
		if err := writePolicies(out, man, s, targets, byPolicy); err != nil {
			return 0, nil, err
		}
	}
	if err := writeFan(c, out, n); err != nil {
		return 0, nil, err
	}
	if man.KeepSeries {
		if err := writeSeries(c, out, n); err != nil {
			return 0, nil, err
		}
	}
	pkg := runsPackage(man, s, targets, metricCols)
	return events, pkg, pkg.Write(out)
}

// uniqueColumns returns names without repeats, and for each of names
// whether it is kept: the first time it occurs. The key metrics of a
// target year include that year's p90 of stays, which the columns of
// every year hold too; runs.csv has it once.
func uniqueColumns(names []string) ([]string, []bool) {
	seen := map[string]bool{}
	keep := make([]bool, len(names))
	var out []string
	for i, n := range names {
		if !seen[n] {
			seen[n], keep[i] = true, true
			out = append(out, n)
		}
	}
	return out, keep
}

// writePolicies writes policies.csv: per policy of a sweep with levers and
// per target, the probability of reaching it over the policy's runs, with
// its 95% Wilson interval.
func writePolicies(out string, man *Manifest, s ScenarioInfo, targets []target.Target, reached [][]int) error {
	return output.WriteFile(filepath.Join(out, "policies.csv"), func(w io.Writer) error {
		bw := &errWriter{w: w}
		bw.print("scenario,policy")
		for _, l := range s.leverColumns() {
			bw.print("," + l.Name)
		}
		bw.print(",target,runs,reached,probability,ci95_low,ci95_high\n")
		n := man.Runs
		scenario := csvField(s.Name)
		for p, values := range s.Policies {
			for k, t := range targets {
				bw.print(scenario + "," + strconv.Itoa(p))
				for _, v := range values {
					bw.print("," + output.NumOrEmpty(v))
				}
				lo, hi := Wilson(reached[p][k], n, 0.95)
				bw.print(fmt.Sprintf(",%s,%d,%d,%s,%s,%s\n", t.ID, n, reached[p][k], output.NumOrEmpty(float64(reached[p][k])/float64(n)), output.NumOrEmpty(lo), output.NumOrEmpty(hi)))
			}
		}
		return bw.err
	})
}

// writeFan computes fan.csv chunk by chunk: each chunk holds some series
// of every run, read straight from the runs' fan files, each checked
// whole first.
func writeFan(c checker, out string, n int) error {
	regions, snaps := len(c.info.Regions), len(c.info.Dates)
	layout := fanLayout(regions)
	offsets := make([]int64, n)
	for i := range offsets {
		var err error
		if offsets[i], err = c.fan(i); err != nil {
			return err
		}
	}
	dates, regionNames := c.info.Dates, c.info.Regions
	scenario := csvField(c.info.Name)
	perSeries := int64(n) * int64(snaps) * 4
	chunk := int(max(1, fanBudget/perSeries))
	return output.WriteFile(filepath.Join(out, "fan.csv"), func(w io.Writer) error {
		bw := &errWriter{w: w}
		bw.print("scenario,metric,unit,region,date,mean")
		for _, q := range Quantiles {
			bw.print(fmt.Sprintf(",p%d", int(q*100)))
		}
		bw.print("\n")
		var buf []int32
		xs := make([]float64, n)
		for c0 := 0; c0 < len(layout); c0 += chunk {
			c1 := min(c0+chunk, len(layout))
			width := (c1 - c0) * snaps
			if cap(buf) < n*width {
				buf = make([]int32, n*width)
			}
			buf = buf[:n*width]
			for i := 0; i < n; i++ {
				if err := readFan(fanPath(c.dir, i), offsets[i]+int64(c0*snaps)*4, buf[i*width:(i+1)*width]); err != nil {
					return err
				}
			}
			for s := c0; s < c1; s++ {
				fs := layout[s]
				fm := FanMetrics[fs.metric]
				region := output.National
				if fs.region < regions {
					region = regionNames[fs.region]
				}
				for t := 0; t < snaps; t++ {
					off := (s-c0)*snaps + t
					for i := 0; i < n; i++ {
						xs[i] = float64(buf[i*width+off])
					}
					mean, qs := summarize(xs)
					bw.print(fmt.Sprintf("%s,%s,%s,%s,%s,%s", scenario, fm.Name, fm.Unit, csvField(region), dates[t], output.NumOrEmpty(output.Round(mean, 3))))
					for _, q := range qs {
						bw.print("," + output.NumOrEmpty(q))
					}
					bw.print("\n")
				}
			}
		}
		return bw.err
	})
}

// readFan reads dst from a fan file, at a byte offset.
func readFan(path string, offset int64, dst []int32) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := io.NewSectionReader(f, offset, int64(len(dst))*4)
	return binary.Read(r, binary.LittleEndian, dst)
}

func csvField(s string) string { return output.CSVField(s) }

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) print(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}
