package report

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
)

// Figures makes the report's figures for the scenarios, in a language.
type Figures func(scs []*results.Scenario, lang string) ([]Image, error)

// Load gathers a report's input from a result directory: the results, the
// scenario definitions (from the files the results name, found on disk
// or among the shipped ones) and their parents, and the figures.
func Load(dir string, targets []target.Target, loader scenario.Loader, figures Figures, lang string) (Input, error) {
	scs, err := results.Load(dir)
	if err != nil {
		return Input{}, err
	}
	in := Input{Scenarios: scs, Targets: targets}
	for _, s := range scs {
		if len(s.Files) == 0 {
			return Input{}, fmt.Errorf("%s: the result names no scenario file", s.Dir)
		}
		def, err := loader.Load(s.Files[0])
		if err != nil {
			return Input{}, fmt.Errorf("scenario of %s: %w", s.Dir, err)
		}
		if def.SHA256 != s.SHA256 {
			return Input{}, fmt.Errorf("%s: the scenario file %s has changed since the run (sha256 %.12s, run %.12s); rerun it", s.Dir, s.Files[0], def.SHA256, s.SHA256)
		}
		var parent *scenario.Scenario
		if def.Extends != "" {
			if parent, err = loader.Load(def.Extends); err != nil {
				return Input{}, fmt.Errorf("parent of %s: %w", def.Name, err)
			}
		}
		in.Definitions = append(in.Definitions, def)
		in.Parents = append(in.Parents, parent)
	}
	if figures != nil {
		if in.Figures, err = figures(scs, lang); err != nil {
			return Input{}, err
		}
	}
	return in, nil
}
