package i18n

// The lines a command shows while it works and when it is done, and the
// words of its listings (progress.*), and a sweep's summary table (sweep.*), merged into the
// catalog by words.go's init. Numbers in them are formatted by the caller
// with [Number], so they take %s.

var progressText = map[string]map[string]string{
	"en": {
		// A long computation, as lines (logs, CI, Slurm output files) or as
		// a bar redrawn in place on a terminal. The first %s is the command.
		"line": "%s: %d/%d runs (%d%%), %s runs/s, ETA %s",
		"bar":  "%d/%d runs  %s runs/s  ETA %s",

		"calibrating": "calibrating %s: %d parameters to %d observations (%d more as checks), at most %d simulations",
		"population":  "population %d: %d/%d simulations (%d before), tolerance %s, acceptance %s, %s",
		"tempering":   "population %d: %d/%d simulations (%d before), exponent %s, acceptance %s, %s",
		"require":     "require: %s with P ≥ %s by %s in %s, %d runs per value",
		"sensitivity": "sensitivity: %s, %d uncertain parameters, %d design points × %d replications: %d runs needed",

		// A run before or after the plan's years.
		"targets_outside": "note: %d of the plan's %d targets are for years outside this run's whole years %d-%d and are not tested; --targets FILE gives targets of your own",

		// When a command is done.
		"run_done":     "%d events in %s s; results in %s",
		"sweep_done":   "%d runs, %d events in %s s; results in %s",
		"runs_done":    "%d runs in %s s; results in %s",
		"shard_done":   "shard %s: %d runs done in %s (%s s); when every shard is done: thuis merge DIR... --out DIR",
		"compare_done": "results in %s; write a report with: thuis report %s --lang %s",
		"costs_done":   "results in %s (unit costs: %s)",
		"report_done":  "wrote %s",

		// thuis scenarios: what a scenario extends.
		"extends": "(extends %s)",
	},
	"nl": {
		"line": "%s: %d/%d runs (%d%%), %s runs/s, nog %s",
		"bar":  "%d/%d runs  %s runs/s  nog %s",

		"calibrating": "kalibratie van %s: %d parameters op %d waarnemingen (nog %d ter controle), hooguit %d simulaties",
		"population":  "populatie %d: %d/%d simulaties (%d eerder), tolerantie %s, acceptatie %s, %s",
		"tempering":   "populatie %d: %d/%d simulaties (%d eerder), exponent %s, acceptatie %s, %s",
		"require":     "require: %s met P ≥ %s via %s in %s, %d runs per waarde",
		"sensitivity": "sensitivity: %s, %d onzekere parameters, %d ontwerppunten × %d herhalingen: %d runs nodig",

		"targets_outside": "let op: %d van de %d doelen van het plan gelden voor jaren buiten de hele jaren %d-%d van deze run en worden niet getoetst; met --targets BESTAND geeft u eigen doelen",

		"run_done":     "%d gebeurtenissen in %s s; uitkomsten in %s",
		"sweep_done":   "%d runs, %d gebeurtenissen in %s s; uitkomsten in %s",
		"runs_done":    "%d runs in %s s; uitkomsten in %s",
		"shard_done":   "shard %s: %d runs klaar in %s (%s s); als alle shards klaar zijn: thuis merge MAP... --out MAP",
		"compare_done": "uitkomsten in %s; maak er een rapport van met: thuis report %s --lang %s",
		"costs_done":   "uitkomsten in %s (kostprijzen: %s)",
		"report_done":  "geschreven: %s",

		"extends": "(variant van %s)",
	},
}

var sweepText = map[string]map[string]string{
	"en": {
		"scenario":          "Scenario %s: %d runs (seed %d, sampler %s)",
		"scenario_policies": "Scenario %s: %d runs, %d policies of %d runs (seed %d, sampler %s); per policy in policies.csv",
		"header":            "target\tyear\tP(reached)\t95% interval\tmedian value",
	},
	"nl": {
		"scenario":          "Scenario %s: %d runs (seed %d, steekproef %s)",
		"scenario_policies": "Scenario %s: %d runs, %d beleidsvarianten van %d runs (seed %d, steekproef %s); per variant in policies.csv",
		"header":            "doel\tjaar\tP(bereikt)\t95%-interval\tmediane waarde",
	},
}
