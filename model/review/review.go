// This file defines what a review holds: per target, per key assumption,
// the costs and how it was made (doc.go, "What the page says").

package review

import (
	"github.com/thuis-nl/thuis/model/costs"
	"github.com/thuis-nl/thuis/model/target"
)

// Review is the mid-term review of one scenario, in numbers: what the
// page says in either language. It is plain data (JSON), so a page can
// be rendered again without running the model.
type Review struct {
	Scenario string `json:"scenario"`
	Baseline string `json:"baseline"`
	// Runs is the number of paired runs of the scenario and the baseline
	// (common random numbers), Seed their master seed.
	Runs int    `json:"runs"`
	Seed uint64 `json:"seed"`
	// Prob is the probability from which a target is on track.
	Prob float64 `json:"prob"`
	// Year is the year the key assumptions are judged in.
	Year int `json:"year"`

	Targets     []TargetReview     `json:"targets"`
	Assumptions []AssumptionReview `json:"assumptions"`
	Costs       *CostReview        `json:"costs,omitempty"`

	// Drivers says where "what drives it" comes from.
	Drivers DriverSource `json:"drivers"`
	// Levers are the levers tried for missed targets.
	Levers []LeverTried `json:"levers,omitempty"`

	// UnitCosts is the unit-costs file the costs come from.
	UnitCosts string   `json:"unit_costs"`
	Version   string   `json:"version,omitempty"`
	Command   []string `json:"command,omitempty"`
}

// TargetReview is one target of the review.
type TargetReview struct {
	Target target.Target `json:"target"`
	Unit   string        `json:"unit"`
	// Probability of reaching the target, with its 95% interval (Wilson),
	// over Review.Runs runs; OnTrack when it is at least Review.Prob.
	Probability float64 `json:"probability"`
	Low         float64 `json:"low"`
	High        float64 `json:"high"`
	OnTrack     bool    `json:"on_track"`
	// Median is the median value of the target's metric in its year; Gap
	// the median minus the threshold, in the target's unit (0 when the
	// median meets the threshold).
	Median float64 `json:"median"`
	Gap    float64 `json:"gap"`
	// FirstYear is the median first year from which the target holds for
	// good, over the runs that reach it in their run; Never the share of
	// runs that never do.
	FirstYear float64 `json:"first_year"`
	Never     float64 `json:"never"`
	// Drivers are the parameters that drive the target's value most.
	Drivers []Driver `json:"drivers,omitempty"`
	// Require is what it would take, for a target not on track with a
	// lever to try; NoLever says why none was tried otherwise.
	Require *Requirement `json:"require,omitempty"`
	NoLever string       `json:"no_lever,omitempty"`
}

// Driver is one parameter that drives a target's value: an index with
// its 95% interval (NaN-free: Low = High = Value where there is none).
type Driver struct {
	Parameter string  `json:"parameter"`
	Index     string  `json:"index"` // rho (Spearman), mu_star, S1 or ST
	Value     float64 `json:"value"`
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
}

// DriverSource says how drivers were found.
type DriverSource struct {
	// Method is "spearman" (rank correlation over the review's runs),
	// "morris" or "sobol" (a sensitivity result).
	Method string `json:"method"`
	Runs   int    `json:"runs"`             // runs the correlations rest on (spearman)
	Params int    `json:"params,omitempty"` // sampled parameters correlated (spearman)
	Dir    string `json:"dir,omitempty"`    // the sensitivity result read
}

// Requirement is what it would take to reach a target: the value of a
// lever at which it is reached with probability Review.Prob, and what
// that costs.
type Requirement struct {
	Lever  string `json:"lever"`
	Factor bool   `json:"factor"` // the value is a factor on the plan's schedule
	Found  bool   `json:"found"`
	// Value and its 95% bootstrap interval (±Inf beyond the range is
	// written as the range's end with Open set).
	Value    float64 `json:"value"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
	OpenHigh bool    `json:"open_high,omitempty"` // some resamples reach it nowhere in the range
	// Best is the highest fitted probability over the range, when not
	// Found.
	Best float64 `json:"best"`
	// ExtraCost is the extra public spend over the costed years at Value
	// against the scenario's own lever (factor 1), paired run by run:
	// median and 90% band, in euros.
	ExtraCost *costs.Band `json:"extra_cost,omitempty"`
}

// LeverTried is a lever the review tried, over which range, for which
// targets.
type LeverTried struct {
	Lever   string     `json:"lever"`
	Factor  bool       `json:"factor"`
	Range   [2]float64 `json:"range"`
	Values  []float64  `json:"values"`
	Runs    int        `json:"runs"`
	Targets []string   `json:"targets"`
}

// Verdict is whether the model supports an assumption.
type Verdict string

// The verdicts.
const (
	Supported    Verdict = "supported"
	NotSupported Verdict = "not_supported"
	Uncertain    Verdict = "uncertain"
	CannotJudge  Verdict = "cannot_judge"
)

// AssumptionReview is one key assumption of the plan, judged.
type AssumptionReview struct {
	// Key is afbouw, prevention, homes or urgency.
	Key     string  `json:"key"`
	Verdict Verdict `json:"verdict"`
	// Conditional is set when the verdict holds only if the scenario's
	// input is achieved (the model takes it as given).
	Conditional bool `json:"conditional,omitempty"`
	// Figures are the numbers the verdict rests on.
	Figures []Figure `json:"figures"`
}

// Figure is one number an assumption is judged by, with its 90% band
// where it varies over the runs.
type Figure struct {
	Key   string  `json:"key"` // the text that names it
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	Band  bool    `json:"band,omitempty"` // Low and High are a 90% band
}

// CostReview is the scenario's cost against the baseline over the costed
// years, from costs.Paired's total row.
type CostReview struct {
	From, To int
	// Base and Alt are public spend, Diff their paired difference,
	// PerHoused the difference per extra person housed, Ratio the
	// Wonen Eerst ratio with the societal cost at its value and at the
	// ends of its range.
	Base, Alt, Diff, PerHoused          costs.Band
	Ratio, RatioLow, RatioHigh          costs.Band
	Societal, SocietalLow, SocietalHigh float64 // euro per person-year homeless
	// Drawn is set when every run drew its unit costs from their
	// ranges; RatioDrivers are then the unit costs that drive the ratio
	// most (Spearman ρ over the runs).
	Drawn        bool
	RatioDrivers []Driver
}
