package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"strings"

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
	seen := map[string]bool{}
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
		files, err := scenarioFiles(loader, def)
		if err != nil {
			return Input{}, fmt.Errorf("scenario %s: %w", def.Name, err)
		}
		for _, f := range files {
			if !seen[f.Name] {
				seen[f.Name] = true
				in.Files = append(in.Files, f)
			}
		}
	}
	if figures != nil {
		if in.Figures, err = figures(scs, lang); err != nil {
			return Input{}, err
		}
	}
	return in, nil
}

// scenarioFiles reads the files a scenario was loaded from, as the
// loader found them: on disk or among the shipped files. A name may be
// both (scenarios/baseline.yaml in a clone); the copy whose bytes give
// the scenario's SHA-256 is the one it was read from.
func scenarioFiles(loader scenario.Loader, def *scenario.Scenario) ([]File, error) {
	disk := make([][]byte, len(def.Files))
	shipped := make([][]byte, len(def.Files))
	for i, name := range def.Files {
		disk[i], _ = os.ReadFile(name)
		if loader.Shipped != nil && strings.HasPrefix(name, loader.ShippedPrefix) {
			shipped[i], _ = fs.ReadFile(loader.Shipped, strings.TrimPrefix(name, loader.ShippedPrefix))
		}
	}
	for _, diskFirst := range []bool{true, false} {
		h := sha256.New()
		files := make([]File, len(def.Files))
		for i, name := range def.Files {
			data, other := disk[i], shipped[i]
			if !diskFirst {
				data, other = other, data
			}
			if data == nil {
				data = other
			}
			fmt.Fprintf(h, "%s\n%d\n", name, len(data)) // as scenario.Loader hashes
			h.Write(data)
			files[i] = File{Name: name, Data: data, SHA256: fmt.Sprintf("%x", sha256.Sum256(data)),
				Shipped: shipped[i] != nil && bytes.Equal(data, shipped[i])}
		}
		if hex.EncodeToString(h.Sum(nil)) == def.SHA256 {
			return files, nil
		}
	}
	return nil, fmt.Errorf("the files %s read do not give its SHA-256 %.12s any more", strings.Join(def.Files, ", "), def.SHA256)
}
