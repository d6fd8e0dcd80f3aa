// Package observed reads the observed series the model is fitted to and
// checked against (the CBS count, evictions, social housing, shelter use),
// and computes the model's value for each observation from a run.
//
// A series is data, not code: one YAML file per series, shipped in
// scenarios/observed/ and embedded in scenarios.FS. Each file says what
// was observed, where the figure comes from (a row of FACTS.md), how
// uncertain each figure is, whether calibration may fit on it, and, in
// its model block, exactly which model quantity it is compared with. A
// reader who defines the model side differently edits the file; no code
// changes.
//
// # The file
//
//	name: evictions-aedes
//	description: Evictions carried out by housing corporations.
//	unit: evictions
//	source: "Aedes (FACTS.md, 'Evictions')"
//	margin: "none published; relative_error is assumed"
//	relative_error: {value: 0.05, assumption: "an administrative count ..."}
//	role: fit
//	model:
//	  flows: [prevented.eviction, became_homeless.eviction]
//	  aggregate: total
//	  note: "An eviction carried out either leads to homelessness or ..."
//	observations:
//	  - {year: 2014, value: 5900}
//	  - {year: 2015, value: 5600}
//
// Every field but relative_error is required; unknown fields are errors.
//
//   - role: fit (calibration may fit the model to the series) or check
//     (the series only checks the model, out of sample). It is the
//     file's default; a calibration command may override it.
//   - margin: in words, what the error of the observations means.
//   - relative_error: for counts published without a margin (most
//     administrative counts), an assumed standard deviation as a fraction
//     of the value, with the assumption that justifies it.
//
// # Observations
//
// Observations are a list in time order; to add next year's figure, add
// one line. Each has either year (the figure describes a calendar year)
// or date (it describes one day, the first of a month since the model's
// snapshots are monthly), a value, and its error: a 95% margin (low and
// high), or sd, or else the file's relative_error. Optional: region (the
// model's value for that region only), reference (what the date stands
// for; made from the date if absent) and source (if it differs from the
// file's). Two observations may not refer to the same year, or the same
// day, in the same region.
//
// [Observation.SD] is the standard deviation of the observation error:
// (high − low) / (2·1.959964) for a margin, sd, or relative_error·|value|.
// [Observation.Low] and [Observation.High] are the margin as given, or
// value ∓ 1.959964·SD.
//
// # The model block
//
// The model block is the operational definition of the model's value for
// an observation: one term, or sum: a list of terms added up, and a note
// in words. A term names one of
//
//   - metric: a metric of package target (model/README.md 8.2) that needs
//     no from or since, the stock of a state (ethos1 … housed_unsupported)
//     or shelter_users: the distinct people with a shelter stay that
//     started before 1 January Y+1 and did not end before 1 January Y
//     (the stays of the stay statistics, model/README.md 8.2);
//   - flows: flow names of the run (model/README.md 7.2), summed;
//   - input: a scenario input integrated over the year (see [Inputs]); it
//     reads the scenario, not the simulation,
//
// with its aggregate over a calendar year Y (model/README.md 8.1): jan1,
// end, mean, max or min of the monthly snapshots; total for flows and
// inputs; year for statistics of the year as a whole. The aggregate is
// used for observations of a year. An observation of a date takes the
// snapshot on that day instead (its Aggregate is [Snapshot]), so only
// snapshot metrics accept dates. This is how the CBS series, year-based
// until 2018 and on 1 January since 2020, is one file: the rows say which.
//
//	model: {metric: cbs_count, aggregate: mean, note: "..."}
//	observations:
//	  - {year: 2018, value: 39300, low: 33500, high: 48200}       # mean of 2018's 12 snapshots
//	  - {date: 2020-01-01, value: 36400, low: 33000, high: 41200} # the snapshot of 1 January 2020
//
// A region on an observation needs every term to be regional: flows,
// the state stocks and shelter_users. The target metrics are national.
//
// # Errors
//
// [Parse] and [Load] check a file strictly and report every problem at
// once, as a scenario.ErrorList of scenario.FieldError (file:line, field
// path, what was wrong and what is allowed), like the scenario loader.
// Flow and region names depend on the scenario, so [Series.Simulate]
// checks those, and that each observation lies inside the run; its errors
// name the series, file and line, and what the run has.
package observed
