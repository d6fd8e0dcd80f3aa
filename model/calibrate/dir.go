package calibrate

// This file implements the calibration directory: the manifest that says
// which calibration a directory holds, and the checks on resuming.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/thuis-nl/thuis/model/output"
)

// ManifestFile is the file in Dir that identifies the calibration.
const ManifestFile = "calibrate.json"

// methods name the algorithms and the record format; a name changes when
// a directory written by an older version can no longer be resumed.
var methods = map[string]string{APMC: "apmc-noisy-abc/1", SMCMCMC: "smc-mcmc-noisy-abc/1", Tempered: "smc-tempered-gaussian/1"}

// manifest is what identifies a calibration: two runs with equal
// manifests compute the same populations from the same records. The
// stopping rules (MinAccept, Budget) are not in it: a calibration may be
// resumed with a larger budget or a lower acceptance rate to go further.
type manifest struct {
	Method  string          `json:"method"`
	Model   string          `json:"model"`
	Params  []manifestParam `json:"params"`
	Targets []manifestTgt   `json:"targets"`
	Seed    uint64          `json:"seed"`
	N       int             `json:"n"`
	Alpha   float64         `json:"alpha"`
}

type manifestParam struct {
	Name  string `json:"name"`
	Prior string `json:"prior"`
}

type manifestTgt struct {
	Name        string  `json:"name"`
	Value       float64 `json:"value"`
	SD          float64 `json:"sd"`
	Discrepancy float64 `json:"discrepancy"`
	Fit         bool    `json:"fit"`
}

func (t manifestTgt) String() string {
	s := fmt.Sprintf("%s = %g ± %g (discrepancy %g)", t.Name, t.Value, t.SD, t.Discrepancy)
	if !t.Fit {
		s += " not fitted"
	}
	return s
}

func (c *calibration) manifest() *manifest {
	m := &manifest{Method: methods[c.cfg.Method], Model: c.cfg.Model, Seed: c.cfg.Seed, N: c.cfg.N, Alpha: c.cfg.Alpha}
	for _, p := range c.cfg.Params {
		prior := p.Prior.String()
		if p.Log {
			prior = "log of " + prior
		}
		m.Params = append(m.Params, manifestParam{p.Name, prior})
	}
	for _, t := range c.cfg.Targets {
		m.Targets = append(m.Targets, manifestTgt{t.Name, t.Value, t.SD, t.Discrepancy, t.Fit})
	}
	return m
}

// ExistsError is returned when Dir already holds the calibration and
// neither Resume nor a shard asks to continue it.
type ExistsError struct{ Dir string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("calibrate: %s already holds this calibration; continue it with Resume, or choose another directory", e.Dir)
}

// MismatchError is returned when Dir holds a different calibration.
type MismatchError struct {
	Dir         string
	Differences []string // what Dir holds, not what was asked
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("calibrate: %s holds a different calibration (%s); resuming continues only the same model, parameters, targets, seed, N and alpha", e.Dir, strings.Join(e.Differences, "; "))
}

// differences lists how the manifest a in a directory differs from b.
func differences(a, b *manifest) []string {
	var d []string
	if a.Method != b.Method {
		d = append(d, fmt.Sprintf("method %s, not %s", a.Method, b.Method))
	}
	if a.Model != b.Model {
		d = append(d, fmt.Sprintf("model %q, not %q", a.Model, b.Model))
	}
	for i := 0; i < max(len(a.Params), len(b.Params)); i++ {
		switch {
		case i >= len(a.Params):
			d = append(d, fmt.Sprintf("no parameter %s", b.Params[i].Name))
		case i >= len(b.Params):
			d = append(d, fmt.Sprintf("parameter %s ~ %s too", a.Params[i].Name, a.Params[i].Prior))
		case a.Params[i] != b.Params[i]:
			d = append(d, fmt.Sprintf("parameter %d %s ~ %s, not %s ~ %s", i+1, a.Params[i].Name, a.Params[i].Prior, b.Params[i].Name, b.Params[i].Prior))
		}
	}
	for i := 0; i < max(len(a.Targets), len(b.Targets)); i++ {
		switch {
		case i >= len(a.Targets):
			d = append(d, fmt.Sprintf("no target %s", b.Targets[i].Name))
		case i >= len(b.Targets):
			d = append(d, fmt.Sprintf("target %s too", a.Targets[i]))
		case a.Targets[i] != b.Targets[i]:
			d = append(d, fmt.Sprintf("target %d %s, not %s", i+1, a.Targets[i], b.Targets[i]))
		}
	}
	if a.Seed != b.Seed {
		d = append(d, fmt.Sprintf("seed %d, not %d", a.Seed, b.Seed))
	}
	if a.N != b.N {
		d = append(d, fmt.Sprintf("N %d, not %d", a.N, b.N))
	}
	if a.Alpha != b.Alpha {
		d = append(d, fmt.Sprintf("alpha %g, not %g", a.Alpha, b.Alpha))
	}
	return d
}

// openDir makes Dir or checks that it holds this calibration, and removes
// this shard's temporary files left by a killed process.
func (c *calibration) openDir() error {
	dir := c.cfg.Dir
	man := c.manifest()
	path := filepath.Join(dir, ManifestFile)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		data, err := json.MarshalIndent(man, "", "  ")
		if err == nil {
			err = output.WriteFile(path, func(w io.Writer) error { _, err := w.Write(append(data, '\n')); return err })
		}
		if err != nil {
			return fmt.Errorf("calibrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("calibrate: %w", err)
	default:
		var old manifest
		if err := json.Unmarshal(data, &old); err != nil {
			return fmt.Errorf("calibrate: %s: %w", path, err)
		}
		if d := differences(&old, man); len(d) > 0 {
			return &MismatchError{Dir: dir, Differences: d}
		}
		// Shards start at different moments; the first makes the
		// directory and the others join it.
		if !c.cfg.Resume && c.cfg.Shard.all() {
			return &ExistsError{Dir: dir}
		}
	}
	return c.removeTemps()
}

// removeTemps removes the temporary files of this shard's records, left by
// a process killed while writing. Other shards' files may be in flight.
func (c *calibration) removeTemps() error {
	ms, err := filepath.Glob(filepath.Join(c.cfg.Dir, "parts", "*", ".sim-*.rec.tmp*"))
	if err != nil {
		return fmt.Errorf("calibrate: %w", err)
	}
	for _, m := range ms {
		num, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(m), ".sim-"), ".")
		j, err := strconv.Atoi(num)
		if err != nil || !c.cfg.Shard.mine(j) {
			continue
		}
		if err := os.Remove(m); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("calibrate: %w", err)
		}
	}
	return nil
}
