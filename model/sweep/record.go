package sweep

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// record is what a sweep keeps of one run: everything the outputs need,
// and nothing that grows with the run's length except the fan series.
type record struct {
	Run      int
	Seed     uint64
	Events   uint64
	Values   []float64 // sampled parameter values, by column
	Outcomes []outcome // per target
	Metrics  []float64 // key metrics, by KeyMetrics
}

type outcome struct {
	Value   float64
	Reached bool
	First   int // 0: never
}

// fanMetric is a monthly series kept for fan charts.
type fanMetric struct {
	Name     string
	Unit     string // people or places
	Regional bool   // per region as well as national
	get      func(r *sim.Result, s *sim.Snapshot, region int) int64
}

func stock(states ...ethos.State) func(r *sim.Result, s *sim.Snapshot, region int) int64 {
	return func(r *sim.Result, s *sim.Snapshot, region int) int64 {
		P, S := len(r.Profiles), int(ethos.NumStates)
		var n int64
		for _, st := range states {
			for p := 0; p < P; p++ {
				n += int64(s.Stock[(region*S+int(st))*P+p])
			}
		}
		return n
	}
}

func place(k int, open bool) func(r *sim.Result, s *sim.Snapshot, region int) int64 {
	return func(r *sim.Result, s *sim.Snapshot, region int) int64 {
		if open {
			return int64(target.OpenPlaces(s, region, k))
		}
		return int64(s.Occupied[region*3+k])
	}
}

// FanMetrics are the series in fan.csv. Regional ones have a row per
// region and national; the others national only, to keep a run's record
// small.
var FanMetrics = []fanMetric{
	{"cbs_count", "people", true, func(r *sim.Result, s *sim.Snapshot, reg int) int64 { return int64(s.CBS[reg]) }},
	{"rough_sleeping", "people", true, stock(ethos.PublicSpace)},
	{output.LackOfShelter, "people", true, func(r *sim.Result, s *sim.Snapshot, reg int) int64 { return int64(s.LackOfShelter[reg]) }},
	{"open_large", "places", true, place(1, true)},
	{"waiting_list", "people", true, func(r *sim.Result, s *sim.Snapshot, reg int) int64 { return int64(s.Waiting[reg]) }},
	{"homeless", "people", false, stock(ethos.PublicSpace, ethos.EmergencyShelter, ethos.ResidentialShelter, ethos.Institution, ethos.NonConventional, ethos.FamilyFriends)},
	{"ethos1", "people", false, stock(ethos.PublicSpace)},
	{"ethos2", "people", false, stock(ethos.EmergencyShelter)},
	{"ethos3", "people", false, stock(ethos.ResidentialShelter)},
	{"ethos4", "people", false, stock(ethos.Institution)},
	{"ethos5", "people", false, stock(ethos.NonConventional)},
	{"ethos6", "people", false, stock(ethos.FamilyFriends)},
	{"ethos7", "people", false, stock(ethos.FacingEviction)},
	{"housed", "people", false, stock(ethos.HousedSupported, ethos.HousedUnsupported)},
	{"occupied_emergency", "places", false, place(0, false)},
	{"occupied_large", "places", false, place(1, false)},
	{"occupied_small", "places", false, place(2, false)},
	{"open_small", "places", false, place(2, true)},
	{"capacity_emergency", "places", false, func(r *sim.Result, s *sim.Snapshot, reg int) int64 { return int64(s.Capacity[reg*3]) }},
	{"capacity_large", "places", false, func(r *sim.Result, s *sim.Snapshot, reg int) int64 { return int64(s.Capacity[reg*3+1]) }},
	{"capacity_small", "places", false, func(r *sim.Result, s *sim.Snapshot, reg int) int64 { return int64(s.Capacity[reg*3+2]) }},
}

// fanSeries is one row group of fan.csv: a metric in a region ("NL": national).
type fanSeries struct {
	metric, region int // region == regions: national
}

// fanLayout lists the series of a run's fan record, in order; each has one
// value per snapshot.
func fanLayout(regions int) []fanSeries {
	var out []fanSeries
	for m, fm := range FanMetrics {
		if fm.Regional {
			for r := 0; r < regions; r++ {
				out = append(out, fanSeries{m, r})
			}
		}
		out = append(out, fanSeries{m, regions})
	}
	return out
}

// fanValues extracts a run's fan record: series × snapshots int32 values.
func fanValues(r *sim.Result) []int32 {
	R, T := len(r.Regions), len(r.Snapshots)
	layout := fanLayout(R)
	out := make([]int32, 0, len(layout)*T)
	for _, fs := range layout {
		fm := FanMetrics[fs.metric]
		for i := range r.Snapshots {
			s := &r.Snapshots[i]
			var v int64
			if fs.region == R {
				for reg := 0; reg < R; reg++ {
					v += fm.get(r, s, reg)
				}
			} else {
				v = fm.get(r, s, fs.region)
			}
			out = append(out, int32(v))
		}
	}
	return out
}

// Key metrics in runs.csv, besides the targets: for each year, the
// metric's aggregate.
var keyMetrics = []struct {
	metric, aggregate string
}{
	{"cbs_count", target.End}, {"homeless", target.End}, {"rough_sleeping", target.End},
	{"rough_sleeping_lack_of_shelter", target.Max}, {"shelter_stay_p90_days", target.Year},
	{"regions_without_large_scale_share", target.End},
}

var keyYears = []int{2025, 2030}

// keyMetricColumns names the key metrics of a run whose whole years are
// first..last: the keyMetrics in keyYears, then the 90th percentile of
// shelter stays in every year (for the length-of-stay figure).
func keyMetricColumns(first, last int) []string {
	var cols []string
	for _, y := range keyYears {
		if y < first || y > last {
			continue
		}
		for _, k := range keyMetrics {
			cols = append(cols, fmt.Sprintf("%s.%s.%d", k.metric, k.aggregate, y))
		}
	}
	for y := first; y <= last; y++ {
		cols = append(cols, fmt.Sprintf("shelter_stay_p90_days.year.%d", y))
	}
	return cols
}

func keyMetricValues(r *sim.Result, stays *target.Stays, first, last int) ([]float64, error) {
	p90 := stayP90s(stays, first, last)
	var out []float64
	for _, y := range keyYears {
		if y < first || y > last {
			continue
		}
		for _, k := range keyMetrics {
			if k.metric == "shelter_stay_p90_days" && k.aggregate == target.Year {
				out = append(out, p90[y-first])
				continue
			}
			v, err := target.Metrics[k.metric].Value(r, k.aggregate, y, "", 0)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	return append(out, p90...), nil
}

// stayP90s returns the metric shelter_stay_p90_days of each year first..
// last, whole years of the run, exactly as model/target computes it: the
// empirical 90th percentile of the lengths of the stays that ended in the
// year or were ongoing at its end, from the run's stays gathered once
// (target.Stays, shared with the targets' evaluation), with
// target.EmpiricalQuantile selecting the one order statistic needed
// (sorting every year's stays was about 8% of a sweep's CPU; issue 10).
// The value is the same element, so the same bits.
func stayP90s(stays *target.Stays, first, last int) []float64 {
	out := make([]float64, last-first+1)
	for i := range out {
		if xs := stays.Lengths(first + i); len(xs) > 0 { // as target: no stays, 0
			out[i] = target.EmpiricalQuantile(0.9, xs)
		}
	}
	return out
}

// wholeYears returns the first and last calendar years wholly inside a
// scenario's snapshot dates (YYYY-MM-DD, monthly).
func wholeYears(dates []string) (first, last int) {
	y0, _ := strconv.Atoi(dates[0][:4])
	y1, _ := strconv.Atoi(dates[len(dates)-1][:4])
	first, last = y0, y1-1
	if dates[0][5:7] != "01" {
		first++
	}
	return first, last
}

// Files of a run in a scenario's parts directory.
func recordPath(dir string, run int) string {
	return filepath.Join(dir, fmt.Sprintf("run-%06d.rec", run))
}
func fanPath(dir string, run int) string { return filepath.Join(dir, fmt.Sprintf("run-%06d.fan", run)) }

// done reports whether run's files are both present; checker.check
// also reads them.
func done(dir string, run int) bool {
	if _, err := os.Stat(recordPath(dir, run)); err != nil {
		return false
	}
	_, err := os.Stat(fanPath(dir, run))
	return err == nil
}
