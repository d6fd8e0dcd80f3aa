package calibrate

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/thuis-nl/thuis/model/output"
)

// Summary is calibration.json: what was fitted to what, how, and how well.
type Summary struct {
	Model       string   `json:"model"`
	Version     string   `json:"version"`
	Scenario    string   `json:"scenario"`
	ScenarioSHA string   `json:"scenario_sha256"`
	Identity    string   `json:"inputs_sha256"` // Problem.Identity: what the result depends on
	Method      string   `json:"method"`
	Seed        uint64   `json:"seed"`
	N           int      `json:"particles"`
	Alpha       float64  `json:"alpha"`
	MinAccept   float64  `json:"min_acceptance"`
	Budget      int      `json:"budget"`
	Until       int      `json:"until,omitempty"`
	Discrepancy float64  `json:"discrepancy"`
	Params      []string `json:"parameters"`
	Observed    []string `json:"observed"` // the series, as named on the command line
	// Calibrated is the SHA-256 of the calibrated scenario and of its
	// posterior file, as written: a test holds the shipped copies to it.
	Calibrated  map[string]string `json:"calibrated_files_sha256,omitempty"`
	Skipped     []string          `json:"skipped_observations,omitempty"`
	Populations []Population      `json:"populations"`
	Simulations int               `json:"simulations"`
	Events      uint64            `json:"events,omitempty"`
	WallSeconds float64           `json:"wall_seconds"`
	Command     []string          `json:"command"`
	Date        string            `json:"date"`
}

// Probabilities of the bands in fit.csv: 90% and 50%, and the median.
var bandProbs = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// WriteOutputs writes a finished calibration's tables into dir, each
// atomically:
//
//	calibration.json     the Summary
//	posterior.csv        the final weighted particles (parameters in their own units; factors as factors)
//	parameters.csv       per parameter: prior and posterior 5/50/95% quantiles
//	fit.csv              per observation: observed with its margin, whether fitted, the model's
//	                     50% and 90% bands without observation noise, the predictive 90% band
//	                     with it, and the observation's percentile in that predictive
//	populations.csv      per population: tolerance, acceptance rate, effective sample size, simulations
func WriteOutputs(dir string, p *Problem, res *Result, sum *Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write := func(name string, f func(w io.Writer) error) error {
		return output.WriteFile(filepath.Join(dir, name), f)
	}
	if err := write("calibration.json", func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		return e.Encode(sum)
	}); err != nil {
		return err
	}
	if err := write("posterior.csv", res.Posterior.WriteCSV); err != nil {
		return err
	}
	if err := write("parameters.csv", func(w io.Writer) error {
		fmt.Fprintln(w, "parameter,kind,prior_p5,prior_p50,prior_p95,posterior_p5,posterior_p50,posterior_p95")
		for _, m := range p.Marginals(res) {
			post := m.Quantiles(res.Weights, 0.05, 0.5, 0.95)
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%s\n", m.Name, m.Kind,
				g(m.Prior.Quantile(0.05)), g(m.Prior.Quantile(0.5)), g(m.Prior.Quantile(0.95)),
				g(post[0]), g(post[1]), g(post[2]))
		}
		return nil
	}); err != nil {
		return err
	}
	bands := res.Predictive(false, bandProbs...)
	noisy := res.Predictive(true, 0.05, 0.95)
	pct := res.ObservedPercentile()
	if err := write("fit.csv", func(w io.Writer) error {
		fmt.Fprintln(w, "series,reference,region,observed,low,high,fitted,model_p5,model_p25,model_p50,model_p75,model_p95,predictive_p5,predictive_p95,percentile")
		k := 0
		for _, s := range p.Series {
			for _, o := range s.Observations {
				t := p.Targets[k]
				b := bands[k]
				fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%t,%s,%s,%s,%s,%s,%s,%s,%.4f\n", s.Name, csvText(o.Reference), csvText(o.Region),
					g(o.Value), g(o.Low), g(o.High), t.Fit, g(b[0]), g(b[1]), g(b[2]), g(b[3]), g(b[4]), g(noisy[k][0]), g(noisy[k][1]), pct[k])
				k++
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return write("populations.csv", func(w io.Writer) error {
		fmt.Fprintln(w, "population,epsilon,acceptance,ess,simulations,kept")
		for i, pop := range res.Populations {
			fmt.Fprintf(w, "%d,%s,%.4f,%.1f,%d,%d\n", i, g(pop.Epsilon), pop.Acceptance, pop.ESS, pop.Simulations, pop.Kept)
		}
		return nil
	})
}

// NewSummary fills the parts of calibration.json that the problem and
// configuration give.
func NewSummary(p *Problem, cfg Config, res *Result, version string, wall time.Duration, command []string, when time.Time) *Summary {
	s := &Summary{Model: "thuis", Version: version, Scenario: p.Scenario.Name, ScenarioSHA: p.Scenario.SHA256,
		Identity: p.Identity(cfg), Method: Method, Seed: cfg.Seed, N: cfg.N, Alpha: cfg.Alpha, MinAccept: cfg.MinAccept,
		Budget: cfg.Budget, Until: p.Until, Discrepancy: p.Discrepancy, Skipped: p.Skipped,
		Populations: res.Populations, Simulations: res.Simulations, WallSeconds: wall.Seconds(), Command: command,
		Date: when.Format(time.DateOnly)}
	for _, prm := range p.Params {
		s.Params = append(s.Params, prm.Path)
	}
	return s
}

// Method names the method in outputs and in calibrated scenarios.
const Method = "ABC-SMC (APMC, Lenormand et al. 2013) with noisy-ABC observation error and model discrepancy (Wilkinson 2013)"

func g(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

func csvText(s string) string {
	for _, r := range s {
		if r == ',' || r == '"' || r == '\n' {
			return strconv.Quote(s)
		}
	}
	return s
}
