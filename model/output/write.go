package output

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

// Version is the model version recorded with every result.
const Version = "0.1.0"

// National is the region name of national totals in the CSV files.
const National = "NL"

// Manifest is run.json.
type Manifest struct {
	Model    string   `json:"model"`
	Version  string   `json:"version"`
	Scenario string   `json:"scenario"`
	File     string   `json:"file"`
	Files    []string `json:"files"`
	SHA256   string   `json:"scenario_sha256"`
	Seed     uint64   `json:"seed"`
	// SeedHex is Seed as runs.csv writes seeds (see [Seed]): JSON readers
	// that read numbers as doubles (R's jsonlite) round a seed above 2^53.
	SeedHex     string  `json:"seed_hex"`
	Start       string  `json:"start"`
	End         string  `json:"end"`
	Regions     int     `json:"regions"`
	People      int64   `json:"people"`
	Events      uint64  `json:"events"`
	WallSeconds float64 `json:"wall_seconds"`
	// CPUSeconds is the simulation's CPU time, which other tenants of the
	// machine do not distort, and CPUClock what measured it: "thread"
	// (Linux: the run's own thread), "process" (other Unix systems: the
	// whole process) or "none" (not measured). See sim.Result.
	CPUSeconds float64 `json:"cpu_seconds"`
	CPUClock   string  `json:"cpu_clock"`
	// Command is the command line, where the caller knows it.
	Command []string `json:"command,omitempty"`
}

// NewManifest describes a result.
func NewManifest(r *sim.Result, command []string) Manifest {
	sc := r.Scenario
	return Manifest{Model: "thuis", Version: Version, Scenario: sc.Name, File: sc.File, Files: sc.Files, SHA256: sc.SHA256,
		Seed: r.Seed, SeedHex: Seed(r.Seed), Start: sc.Start.Format(time.DateOnly), End: sc.End.Format(time.DateOnly), Regions: len(r.Regions),
		People: r.People, Events: r.Events, WallSeconds: math.Round(r.WallSeconds*1e4) / 1e4,
		CPUSeconds: math.Round(r.CPUSeconds*1e4) / 1e4, CPUClock: r.CPUClock, Command: command}
}

// WriteDir writes every output file of a run into dir.
func WriteDir(dir string, r *sim.Result, outcomes []target.Outcome, command []string) error {
	return writeDir(dir, r, func() ([]target.Outcome, error) { return outcomes, nil }, command, nil)
}

// writeDir writes every output file of a run into dir. outcomes gives
// the target outcomes for targets.csv, and is called while the other
// files are written. s, if not nil, has written timeseries.csv and
// flows.csv as the run went, and finishes them.
func writeDir(dir string, r *sim.Result, outcomes func() ([]target.Outcome, error), command []string, s *Stream) error {
	file := func(name string, write func(io.Writer) error) func() error {
		return func() error { return WriteFile(filepath.Join(dir, name), write) }
	}
	files := []func() error{
		file("timeseries.csv", func(w io.Writer) error { return TimeSeries(w, r) }),
		file("flows.csv", func(w io.Writer) error { return Flows(w, r) }),
		file("stays.csv", func(w io.Writer) error { return Stays(w, r) }),
		func() error {
			o, err := outcomes()
			if err != nil {
				return err
			}
			return WriteFile(filepath.Join(dir, "targets.csv"), func(w io.Writer) error { return Targets(w, r.Scenario.Name, o) })
		},
		file("run.json", func(w io.Writer) error { return JSON(w, NewManifest(r, command)) }),
		file(DataPackageFile, func(w io.Writer) error { return JSON(w, RunPackage(r.Scenario.Name)) }),
	}
	if s != nil {
		for i, f := range s.files {
			files[i] = func() error { return f.finish(r) }
		}
	}
	// Each file is written by a goroutine of its own: the three large ones
	// take most of the time thuis run spends after the simulation, and
	// formatting them side by side brings it within 1.3 times the
	// simulation's (issue 10). Each is written atomically, and the first
	// error in the files' order is the one returned, whatever the timing.
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, write := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = write()
		}()
	}
	wg.Wait()
	return firstError(errs)
}

// firstError returns the first non-nil error of errs, or nil.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// JSON writes v indented, with a final newline.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Num formats a number the same way everywhere: integers without a
// decimal point, others with up to 6 significant decimals.
func Num(v float64) string { return string(appendNum(nil, v)) }

// NumOrEmpty is Num, with NaN (no value) as an empty field.
func NumOrEmpty(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return Num(v)
}

// Round rounds v to digits decimals, as the summaries write them.
func Round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// appendNum appends v formatted as Num does.
func appendNum(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// TimeSeries writes the monthly snapshots: stocks per state, region and
// profile, and per region the shelter places (capacity, occupied, open) by
// kind, the waiting list, rough sleeping for lack of shelter, the
// CBS-comparable count, vacant dedicated homes and people supported.
// Region "NL" rows are national totals.
func TimeSeries(w io.Writer, r *sim.Result) error {
	t := newTimeSeries(w, r)
	t.upTo(r)
	return t.flush()
}

// Flows writes events per month, region and kind, and national totals.
// "month" is the first day of the month.
func Flows(w io.Writer, r *sim.Result) error {
	f := newFlows(w, r)
	f.upTo(r)
	return f.flush()
}

// monthly is a CSV file written a month at a time: all of a finished
// run's months at once ([TimeSeries], [Flows]), or a run's months as it
// records them ([Stream]). Both write the same bytes.
type monthly interface {
	// upTo writes the months of r not yet written: r is the run, or what
	// it has recorded so far (sim.RunObserving).
	upTo(r *sim.Result)
	flush() error
}

// monthRows is what timeseries.csv and flows.csv share: rows that begin
// with the first day of their month and end with a count.
type monthRows struct {
	*csvWriter
	regions []string // the run's, as CSV fields
	date    []byte   // the month's first day
	done    int      // months written
}

func newMonthRows(w io.Writer, r *sim.Result, header string) monthRows {
	m := monthRows{csvWriter: newCSVWriter(w), regions: csvFields(r.Regions)}
	m.str(header)
	return m
}

// month begins the rows of the month that begins on day.
func (m *monthRows) month(day time.Time) { m.date = day.AppendFormat(m.date[:0], time.DateOnly) }

// row writes the month's row of fields and v.
func (m *monthRows) row(v int64, fields ...string) {
	m.bytes(m.date)
	for _, f := range fields {
		m.comma(f)
	}
	m.b = append(m.b, ',')
	m.b = strconv.AppendInt(m.b, v, 10)
	m.endRow()
}

// timeSeries writes timeseries.csv a snapshot at a time.
type timeSeries struct{ monthRows }

func newTimeSeries(w io.Writer, r *sim.Result) *timeSeries {
	return &timeSeries{newMonthRows(w, r, "date,region,metric,profile,value\n")}
}

func (t *timeSeries) upTo(r *sim.Result) {
	for ; t.done < len(r.Snapshots); t.done++ {
		t.snapshot(r, &r.Snapshots[t.done])
	}
}

// snapshot writes the rows of snapshot s of run r.
func (t *timeSeries) snapshot(r *sim.Result, s *sim.Snapshot) {
	R, P, S := len(r.Regions), len(r.Profiles), int(ethos.NumStates)
	regions := t.regions
	t.month(s.Date)
	perRegion := func(metric string, get func(reg int) int64) {
		var total int64
		for reg := 0; reg < R; reg++ {
			v := get(reg)
			total += v
			t.row(v, regions[reg], metric, "all")
		}
		t.row(total, National, metric, "all")
	}
	nat := make([]int64, P)
	for _, st := range ethos.All {
		name := st.String()
		clear(nat)
		for reg := 0; reg < R; reg++ {
			for p := 0; p < P; p++ {
				v := int64(s.Stock[(reg*S+int(st))*P+p])
				nat[p] += v
				t.row(v, regions[reg], name, r.Profiles[p])
			}
		}
		for p := 0; p < P; p++ {
			t.row(nat[p], National, name, r.Profiles[p])
		}
	}
	for k, kind := range r.Kinds {
		perRegion("capacity_"+kind, func(reg int) int64 { return int64(s.Capacity[reg*3+k]) })
		perRegion("occupied_"+kind, func(reg int) int64 { return int64(s.Occupied[reg*3+k]) })
		perRegion("open_"+kind, func(reg int) int64 { return int64(target.OpenPlaces(s, reg, k)) })
	}
	perRegion("waiting_list", func(reg int) int64 { return int64(s.Waiting[reg]) })
	perRegion(LackOfShelter, func(reg int) int64 { return int64(s.LackOfShelter[reg]) })
	perRegion("cbs_count", func(reg int) int64 { return int64(s.CBS[reg]) })
	perRegion("dedicated_vacant", func(reg int) int64 { return int64(s.DedicatedVacant[reg]) })
	perRegion("supported", func(reg int) int64 { return int64(s.Supported[reg]) })
}

// flows writes flows.csv a month at a time. Month m's flows are final
// once snapshot m+1 is taken: r.Months() months of r can be written.
type flows struct{ monthRows }

func newFlows(w io.Writer, r *sim.Result) *flows {
	return &flows{newMonthRows(w, r, "month,region,flow,value\n")}
}

func (f *flows) upTo(r *sim.Result) {
	R, F := len(r.Regions), len(r.FlowNames)
	for ; f.done < r.Months(); f.done++ {
		m := f.done
		f.month(r.Snapshots[m].Date)
		for k, name := range r.FlowNames {
			var total int64
			for reg := 0; reg < R; reg++ {
				v := int64(r.Flows[(m*R+reg)*F+k])
				total += v
				f.row(v, f.regions[reg], name)
			}
			f.row(total, National, name)
		}
	}
}

// Stays writes every shelter stay. start and end are dates; days is the
// exact length (an ongoing stay is measured to the end of the run).
func Stays(w io.Writer, r *sim.Result) error {
	cw := newCSVWriter(w)
	cw.str("person,region,profile,first_kind,last_kind,transfers,start,end,days,ongoing,initial,next_state\n")
	start := r.Scenario.Start
	regions := csvFields(r.Regions)
	// Each day of the run is formatted once, not twice per stay, which was
	// a third of writing the file (issue 10); a day outside the run (the
	// start of a stay under way at the start) is formatted as it comes.
	format := func(b []byte, day int) []byte {
		return start.Add(time.Duration(day)*24*time.Hour).AppendFormat(b, time.DateOnly)
	}
	days := int(r.Scenario.End.Sub(start).Hours()/24) + 1
	dates := make([]byte, 0, days*len(time.DateOnly))
	for day := range days {
		if dates = format(dates, day); len(dates) != (day+1)*len(time.DateOnly) {
			dates, days = dates[:day*len(time.DateOnly)], day // a year beyond 9999: format as it comes
			break
		}
	}
	date := func(d float64) {
		if day := math.Floor(d); day >= 0 && day < float64(days) {
			i := int(day) * len(time.DateOnly)
			cw.b = append(cw.b, dates[i:i+len(time.DateOnly)]...)
			return
		}
		cw.b = format(cw.b, int(math.Floor(d)))
	}
	for i := range r.Stays {
		s := &r.Stays[i]
		cw.b = strconv.AppendInt(cw.b, int64(s.Person), 10)
		cw.comma(regions[s.Region])
		cw.comma(r.Profiles[s.Profile])
		cw.comma(r.Kinds[s.FirstKind])
		cw.comma(r.Kinds[s.LastKind])
		cw.b = append(cw.b, ',')
		cw.b = strconv.AppendInt(cw.b, int64(s.Moves), 10)
		cw.b = append(cw.b, ',')
		date(s.Start)
		cw.b = append(cw.b, ',')
		date(s.End)
		cw.b = append(cw.b, ',')
		cw.b = appendNum(cw.b, round(s.Days(), 3))
		cw.b = append(cw.b, ',')
		cw.b = strconv.AppendBool(cw.b, s.Ongoing)
		cw.b = append(cw.b, ',')
		cw.b = strconv.AppendBool(cw.b, s.Initial)
		cw.b = append(cw.b, ',')
		if !s.Ongoing {
			cw.str(s.Next.String())
		}
		cw.endRow()
	}
	return cw.flush()
}

// LackOfShelter is the metric of people sleeping rough for lack of
// shelter in timeseries.csv, fan.csv and series.csv.gz: the name of the
// target metric, so that the outputs and the targets agree.
const LackOfShelter = "rough_sleeping_lack_of_shelter"

// Targets writes the scorecard of a run of scenario as CSV.
func Targets(w io.Writer, scenario string, outcomes []target.Outcome) error {
	bw := &errWriter{w: w}
	bw.printf("scenario,id,year,metric,aggregate,from,since,comparator,threshold,unit,value,reached,margin,first_reached\n")
	for _, o := range outcomes {
		bw.printf("%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%t,%s,%s\n", CSVField(scenario), o.ID, o.Year, o.Metric, o.Aggregate, o.From, Year(o.Since), CSVField(o.Comparator),
			Num(o.Threshold), MetricUnit(o.Metric), Num(round(o.Value, 4)), o.Reached, Num(round(o.Margin, 4)), Year(o.FirstReached))
	}
	return bw.err
}

// Year formats a year, 0 (none) as an empty field.
func Year(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// MetricUnit is the unit of a target metric, as targets.csv gives it.
func MetricUnit(metric string) string {
	if m, ok := target.Metrics[metric]; ok {
		return m.Unit
	}
	return ""
}

// CSVField quotes a field that needs it (region names with a comma, say).
func CSVField(s string) string {
	for _, c := range s {
		if c == ',' || c == '"' || c == '\n' {
			q := []byte{'"'}
			for _, c := range []byte(s) {
				if c == '"' {
					q = append(q, '"')
				}
				q = append(q, c)
			}
			return string(append(q, '"'))
		}
	}
	return s
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// csvWriter writes CSV rows without fmt: a row is appended to a buffer
// with strconv's Append functions and the buffer goes to the writer in
// 64 kB pieces. The big files (about 30 MB a national run) took longer to
// write through fmt.Fprintf than the run took (issue 10).
type csvWriter struct {
	w   io.Writer
	b   []byte
	err error
}

const csvChunk = 64 << 10

func newCSVWriter(w io.Writer) *csvWriter {
	return &csvWriter{w: w, b: make([]byte, 0, csvChunk+1024)}
}

func (c *csvWriter) str(s string)   { c.b = append(c.b, s...) }
func (c *csvWriter) bytes(s []byte) { c.b = append(c.b, s...) }
func (c *csvWriter) comma(s string) { c.b = append(append(c.b, ','), s...) }

// endRow ends a row, and writes the buffer out once it is full enough.
func (c *csvWriter) endRow() {
	c.b = append(c.b, '\n')
	if len(c.b) >= csvChunk {
		c.write()
	}
}

func (c *csvWriter) write() {
	if c.err == nil {
		_, c.err = c.w.Write(c.b)
	}
	c.b = c.b[:0]
}

// flush writes what is buffered and returns the first error.
func (c *csvWriter) flush() error {
	if len(c.b) > 0 {
		c.write()
	}
	return c.err
}

// csvFields returns the names quoted as CSV fields where they need it.
func csvFields(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = CSVField(n)
	}
	return out
}
