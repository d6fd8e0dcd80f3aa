package observed

// This file holds the series and its observations as loaded (doc.go
// describes the file they come from).

import (
	"strings"
	"time"
)

// z95 is the 0.975 quantile of the standard normal: a 95% margin
// [low, high] is taken to span 2·z95 standard deviations.
const z95 = 1.959963984540054

// Role says what calibration may do with a series.
type Role uint8

const (
	// Fit: calibration may fit the model to the series.
	Fit Role = iota + 1
	// Check: the series only checks a calibrated model, out of sample.
	Check
)

var roleNames = []string{Fit: "fit", Check: "check"}

func (r Role) String() string {
	if r == Fit || r == Check {
		return roleNames[r]
	}
	return "role(?)"
}

// Series is one observed series: what was observed, where it comes from,
// how uncertain it is, and which model quantity it is compared with.
type Series struct {
	Name        string
	Description string
	Unit        string
	Source      string
	// Margin says in words what Low and High (or the error) of the
	// observations mean, e.g. "95% interval published by CBS".
	Margin string
	// RelativeError is set when the file assumes an error instead of
	// publishing one (administrative counts): each observation without
	// its own margin or sd has SD = Value·RelativeError.Value.
	RelativeError *RelativeError
	// Role is the file's default: Fit or Check. A calibration command may
	// override it.
	Role  Role
	Model Model
	// Observations are in time order; no two refer to the same period
	// and region.
	Observations []Observation
	File         string // as given to Parse or Load, for messages
	Line         int    // of the name field
}

// RelativeError is an assumed relative error, with its reason.
type RelativeError struct {
	Value      float64 // standard deviation as a fraction of the value
	Assumption string  // why this value
	Line       int
}

// Model is the operational definition of the model quantity a series is
// compared with: a sum of terms (one, unless the file gives sum:).
type Model struct {
	Terms []Term
	Note  string // the definition in words
	Line  int
	// Discrepancy, if set, is the model discrepancy of this series: how
	// far the model's quantity may differ from what the series measures
	// even at the right parameters, as a standard deviation relative to
	// the observed value, with why. Calibration adds it to the
	// observation error; series without one get the calibration's
	// default.
	Discrepancy *RelativeError
}

// Term is one model quantity over a calendar year or on a date. Exactly
// one of Metric, Flows and Input is set.
type Term struct {
	// Metric is a name from [MetricNames]: the metrics of package target
	// (model/README.md 8.2) that take no from or since, the stocks of the
	// states (ethos1 … housed_unsupported) and shelter_users.
	Metric string
	// Flows are flow names of the run (sim.Result.FlowNames, model/README.md
	// 7.2), summed over the calendar year.
	Flows []string
	// Input is a scenario input integrated over the calendar year: one of
	// [Inputs]. It reads the scenario, not the simulation.
	Input string
	// Aggregate turns the quantity into one number for an observation of
	// a year: jan1, end, mean, max or min of the monthly snapshots, total
	// of flows or inputs, year for statistics of the year as a whole
	// (model/README.md 8.1). An observation of a date always takes the
	// snapshot on that date.
	Aggregate string
	Line      int
}

// Name is the metric, the flows joined by "+", or the input.
func (t Term) Name() string {
	switch {
	case t.Metric != "":
		return t.Metric
	case t.Input != "":
		return t.Input
	}
	return strings.Join(t.Flows, "+")
}

// Observation is one observed value with its error.
type Observation struct {
	// Date is the day observed, or 1 January of Year for an observation
	// of a whole year (the start of the period it refers to).
	Date time.Time
	// Year is the calendar year the observation refers to (Date's year
	// for an observation of a date).
	Year int
	// Aggregate is how the model's value is formed for this observation:
	// "snapshot" (the snapshot on Date) for an observation of a date; for
	// a year, the model's aggregate, or for a sum of terms their
	// aggregates joined by "+" ("year+mean").
	Aggregate string
	// Region limits the model's value to one region; empty is national.
	Region string
	Value  float64
	// Low and High are the 95% margin: as given, or Value ∓ 1.959964·SD
	// for an observation given with an error instead.
	Low, High float64
	// Reference says what the date stands for: "year 2015",
	// "1 January 2021", as given or made from the date.
	Reference string
	// Source is the observation's own source, or the series'.
	Source string
	Line   int
	sd     float64
}

// Snapshot is the aggregate of an observation of a date: the model's
// snapshot on that day.
const Snapshot = "snapshot"

// OfYear reports whether the observation refers to a whole calendar year
// rather than to a day.
func (o *Observation) OfYear() bool { return o.Aggregate != Snapshot }

// SD is the standard deviation of the observation error: (High − Low) /
// (2·1.959964) for a 95% margin, the sd given, or Value·relative_error.
func (o *Observation) SD() float64 { return o.sd }
