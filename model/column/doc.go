// Package column holds the rule for the column names of every CSV thuis
// writes: names that R's read.csv, readr and pandas all keep as they are
// ([Safe]), made from parameter paths, target ids and region names by
// [Slug], with a suffix that says what a column holds ([For], [Share]).
//
// A sweep's runs.csv and a calibration's posterior name a parameter the
// same way, so the two join on their columns; a scenario's posterior file
// may use these names or the parameters' paths.
//
// It is a package of its own, below the scenario loader and the output
// writers, because both need it.
package column
