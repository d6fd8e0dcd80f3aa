package calibrate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/thuis-nl/thuis/model/column"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/uncertainty"
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
	// LogLikSD is, with smc-tempered, the estimated standard deviation
	// of one simulation's log-likelihood at the final particles; above
	// MaxLogLikSD its posterior is too narrow.
	LogLikSD *float64 `json:"loglik_sd,omitempty"`
	// Adjustment describes the regression adjustment, if one was made.
	Adjustment  *AdjustmentSummary `json:"adjustment,omitempty"`
	Simulations int                `json:"simulations"`
	Events      uint64             `json:"events,omitempty"`
	WallSeconds float64            `json:"wall_seconds"`
	Command     []string           `json:"command"`
	Date        string             `json:"date"`
}

// Probabilities of the bands in fit.csv: 90% and 50%, and the median.
var bandProbs = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// WriteOutputs writes a finished calibration's tables into dir, each
// atomically:
//
//	calibration.json     the Summary
//	posterior.csv        the final weighted particles (parameters in their own units; factors as factors;
//	                     a split as the logs of its weights), columns named as in runs.csv
//	parameters.csv       per parameter: prior and posterior 5/50/95% quantiles
//	fit.csv              per observation: observed with its margin, whether fitted, the model's
//	                     50% and 90% bands without observation noise, the predictive 90% band
//	                     with it, and the observation's percentile in that predictive
//	populations.csv      per population: tolerance, acceptance rate, effective sample size, simulations
//	adjustment.csv       with a regression adjustment: per column of the rows, the ridge and R²
//
// With a regression adjustment (Result.Adjusted; see Problem.UseAdjusted)
// the posterior and the replicates are the adjusted ones.
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
	post := res.Posterior
	post.Params = p.coordinateNames() // safe for R, as runs.csv names them
	if err := write("posterior.csv", post.WriteCSV); err != nil {
		return err
	}
	if err := write("parameters.csv", func(w io.Writer) error {
		fmt.Fprintln(w, "parameter,column,kind,prior_p5,prior_p50,prior_p95,posterior_p5,posterior_p50,posterior_p95")
		for _, m := range p.Marginals(res) {
			post := m.Quantiles(res.Weights, 0.05, 0.5, 0.95)
			fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", csvText(m.Name), m.Column, m.Kind,
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
		fmt.Fprintln(w, "series,reference,region,unit,observed,low,high,fitted,model_p5,model_p25,model_p50,model_p75,model_p95,predictive_p5,predictive_p95,percentile")
		k := 0
		for _, s := range p.Series {
			for _, o := range s.Observations {
				t := p.Targets[k]
				b := bands[k]
				fmt.Fprintf(w, "%s,%s,%s,%s,%s,%s,%s,%t,%s,%s,%s,%s,%s,%s,%s,%.4f\n", s.Name, csvText(o.Reference), csvText(o.Region), csvText(s.Unit),
					g(o.Value), g(o.Low), g(o.High), t.Fit, g(b[0]), g(b[1]), g(b[2]), g(b[3]), g(b[4]), g(noisy[k][0]), g(noisy[k][1]), pct[k])
				k++
			}
		}
		return nil
	}); err != nil {
		return err
	}
	// The exponent only for the tempered sampler: the other methods' tables
	// stay as they were.
	tempered := sum.Method == MethodTempered
	if err := write("populations.csv", func(w io.Writer) error {
		head := "population,epsilon,acceptance,ess,simulations,kept,steps,unique"
		if tempered {
			head += ",beta"
		}
		fmt.Fprintln(w, head)
		for i, pop := range res.Populations {
			fmt.Fprintf(w, "%d,%s,%.4f,%.1f,%d,%d,%d,%d", i, g(pop.Epsilon), pop.Acceptance, pop.ESS, pop.Simulations, pop.Kept, pop.Steps, pop.Unique)
			if tempered {
				fmt.Fprintf(w, ",%s", g(pop.Beta))
			}
			fmt.Fprintln(w)
		}
		return nil
	}); err != nil {
		return err
	}
	if res.Adjusted == nil {
		// A resume without the adjustment must not leave an earlier one's
		// table beside the sampled posterior.
		if err := os.Remove(filepath.Join(dir, "adjustment.csv")); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if a := res.Adjusted; a != nil {
		if err := write("adjustment.csv", func(w io.Writer) error {
			fmt.Fprintln(w, "column,role,lambda,r2")
			names := p.names()
			for i, f := range a.Fits {
				role := "nuisance"
				if i < len(p.columns()) {
					role = "fitted"
				}
				fmt.Fprintf(w, "%s,%s,%s,%s\n", names[i], role, gNaN(f.Lambda), gNaN(f.R2))
			}
			return nil
		}); err != nil {
			return err
		}
	}
	var scenarioPosterior string
	for f := range sum.Calibrated {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil && strings.HasSuffix(f, ".posterior.csv") {
			scenarioPosterior = f
		}
	}
	return p.dataPackage(sum, scenarioPosterior, res.Adjusted != nil).Write(dir)
}

// dataPackage is the data dictionary of a calibration's directory
// (datapackage.json): the tables WriteOutputs writes, and the calibrated
// scenario's posterior file if it is there too.
func (p *Problem) dataPackage(sum *Summary, scenarioPosterior string, adjusted bool) *output.Package {
	pkg := output.NewPackage("thuis-calibration-"+p.Scenario.Name, "thuis calibration of scenario "+p.Scenario.Name,
		"A calibration: the scenario's calibratable parameters fitted to observed series. calibration.json says how (method, settings, command) and how well (tolerance, acceptance and effective sample size per population).")
	units := map[string]string{}
	for _, prm := range p.Scenario.Params() {
		units[prm.Info().Path] = prm.Info().Unit
	}
	// fields describes the columns of prms, named as runs.csv names them.
	fields := func(prms []uncertainty.Param) []output.Field {
		var fs []output.Field
		for _, prm := range prms {
			names, cols := prm.Names(), prm.Columns()
			for i, name := range names {
				f := output.Field{Name: name, Type: "number", Description: "parameter " + cols[i]}
				switch prm.Kind {
				case uncertainty.Factor:
					f.Unit, f.Description = "factor", "factor on the whole of "+cols[i]+" (a schedule or duration): 1 is the scenario's value"
				case uncertainty.Shares:
					f.Unit, f.Group, f.Description = "share", prm.Path, "share "+cols[i]+" of the split "+prm.Path+": the group's columns sum to 1 in every row"
				default:
					base, _, _ := strings.Cut(prm.Path, "@")
					f.Unit = units[base]
				}
				fs = append(fs, f)
			}
		}
		return fs
	}
	particle := []output.Field{
		{Name: "particle", Type: "integer", Unit: "index", Description: "the particle's number, from 0", Constraints: &output.Constraints{Required: true}},
		{Name: "weight", Type: "number", Unit: "share", Description: "the particle's normalised weight; the weights sum to 1"},
	}

	var coords []output.Field
	for _, prm := range p.Params {
		if prm.Kind != uncertainty.Shares {
			coords = append(coords, fields([]uncertainty.Param{prm})...)
			continue
		}
		for k, a := range prm.Alpha {
			if a > 0 {
				coords = append(coords, output.Field{Name: column.Slug(prm.Path) + "." + column.Slug(prm.Keys[k]) + ".log_weight", Type: "number", Unit: "log weight",
					Description: "log of the Gamma weight of " + prm.Path + "." + prm.Keys[k] + "; the split's shares are its weights divided by their sum (parameters.csv gives the shares)"})
			}
		}
	}
	pkg.Add("posterior.csv", "the final weighted particles: the fitted parameters, in their own units (factors as factors, a split as the logs of its weights)",
		append(append([]output.Field(nil), particle...), coords...), "particle")
	q := func(name, what string) output.Field {
		return output.Field{Name: name, Type: "number", Unit: "see kind column", Description: what + " (a factor for kind factor, a share for a split's share, else in the parameter's unit, see thuis assumptions)"}
	}
	pkg.Add("parameters.csv", "per fitted parameter (a split per share): prior and posterior 5%, 50% and 95% quantiles", []output.Field{
		{Name: "parameter", Type: "string", Description: "the parameter's path (a knot PATH@DATE, a share PATH.KEY)", Constraints: &output.Constraints{Required: true}},
		{Name: "column", Type: "string", Description: "the parameter's column in posterior files and a sweep's runs.csv"},
		{Name: "kind", Type: "string", Description: "value, factor (on a whole schedule or duration) or shares (one share of a split)", Constraints: &output.Constraints{Enum: []string{uncertainty.Value, uncertainty.Factor, uncertainty.Shares}}},
		q("prior_p5", "5% quantile of the prior"), q("prior_p50", "median of the prior"), q("prior_p95", "95% quantile of the prior"),
		q("posterior_p5", "weighted 5% quantile of the posterior"), q("posterior_p50", "weighted median of the posterior"), q("posterior_p95", "weighted 95% quantile of the posterior"),
	}, "parameter")
	band := func(name, what string) output.Field {
		return output.Field{Name: name, Type: "number", Unit: "see unit column", Description: what}
	}
	pkg.Add("fit.csv", "per observation: observed with its margin, whether it was fitted, the model's bands and the observation's percentile in the posterior predictive", []output.Field{
		{Name: "series", Type: "string", Description: "the observed series (scenarios/observed)", Constraints: &output.Constraints{Required: true}},
		{Name: "reference", Type: "string", Description: `the period or date observed: "year 2009" (a yearly figure) or "1 January 2021" (a count on a date)`, Constraints: &output.Constraints{Required: true}},
		{Name: "region", Type: "string", Description: "the region, or empty for the Netherlands"},
		{Name: "unit", Type: "string", Description: "the unit of the series' values"},
		band("observed", "the observed value"), band("low", "the low end of its published margin (or its assumed error)"), band("high", "the high end"),
		{Name: "fitted", Type: "boolean", Description: "the observation was fitted to; false: a check only (out of sample, or a series used only to check)"},
		band("model_p5", "the model's 5% quantile: one fresh run at each final particle (with a regression adjustment: at each adjusted row), weighted, without observation error"),
		band("model_p25", "the model's 25% quantile"), band("model_p50", "the model's median"), band("model_p75", "the model's 75% quantile"), band("model_p95", "the model's 95% quantile"),
		band("predictive_p5", "5% quantile of the posterior predictive: the model plus observation error and model discrepancy, where a new observation would fall"),
		band("predictive_p95", "95% quantile of the posterior predictive"),
		{Name: "percentile", Type: "number", Unit: "share", Description: "where the observation falls in the posterior predictive (0.5 is its median; below 0.05 or above 0.95 is outside its 90% band)"},
	}, "series", "reference", "region")
	pops := []output.Field{
		{Name: "population", Type: "integer", Unit: "index", Description: "the population's number, from 0", Constraints: &output.Constraints{Required: true}},
		{Name: "epsilon", Type: "number", Unit: "noise units", Description: "the tolerance: root mean square distance, in units of each observation's noise, that particles kept are within (smc-tempered: the largest noise-added distance among its particles; it has no tolerance)"},
		{Name: "acceptance", Type: "number", Unit: "share", Description: "apmc: share of the population's proposals within the previous tolerance; smc-mcmc and smc-tempered: share of its MCMC moves accepted"},
		{Name: "ess", Type: "number", Unit: "particles", Description: "effective sample size of the particles' weights (smc-mcmc: equal weights, so all particles; see unique; smc-tempered: of the reweighting before resampling)"},
		{Name: "simulations", Type: "integer", Unit: "runs", Description: "simulations run for the population"},
		{Name: "kept", Type: "integer", Unit: "particles", Description: "apmc: the population's proposals among the particles kept; smc-mcmc and smc-tempered: particles that moved at least once"},
		{Name: "steps", Type: "integer", Unit: "steps", Description: "smc-mcmc and smc-tempered: MCMC steps each particle made in the population; 0 for apmc"},
		{Name: "unique", Type: "integer", Unit: "particles", Description: "distinct parameter vectors among the particles (copies that never moved count once)"},
	}
	if sum.Method == MethodTempered {
		pops = append(pops, output.Field{Name: "beta", Type: "number", Unit: "exponent", Description: "smc-tempered: the exponent of the likelihood the population's particles target; 0 is the prior, 1 the posterior"})
	}
	pkg.Add("populations.csv", "per population of the sequential Monte Carlo: tolerance, acceptance, effective sample size", pops, "population")
	if adjusted {
		pkg.Add("adjustment.csv", "the regression adjustment: per column of the posterior rows (fitted and nuisance parameters), the ridge regression on the residuals it was adjusted with", []output.Field{
			{Name: "column", Type: "string", Description: "the column, as in the calibrated scenario's posterior file", Constraints: &output.Constraints{Required: true}},
			{Name: "role", Type: "string", Description: "fitted: a calibrated parameter; nuisance: one drawn from its prior, carried with its particle", Constraints: &output.Constraints{Enum: []string{"fitted", "nuisance"}}},
			{Name: "lambda", Type: "number", Unit: "mean squared singular value", Description: "the ridge penalty generalised cross-validation chose; empty for a column left as it was"},
			{Name: "r2", Type: "number", Unit: "share", Description: "the share of the column's weighted variance, on its adjusted scale, that the residuals explain; empty for a column left as it was"},
		}, "column")
	}
	if scenarioPosterior != "" {
		pkg.Add(scenarioPosterior, "the calibrated scenario's joint posterior, which a sweep of it draws whole rows of: per final particle, every parameter as the calibrated scenario applies it (fitted and nuisance; a split as its shares, a factor relative to the calibrated scenario's value)",
			append(append([]output.Field(nil), particle...), fields(append(append([]uncertainty.Param(nil), p.Params...), p.Nuisance...))...), "particle")
	}
	return pkg
}

// NewSummary fills the parts of calibration.json that the problem and
// configuration give.
func NewSummary(p *Problem, cfg Config, res *Result, version string, wall time.Duration, command []string, when time.Time) *Summary {
	s := &Summary{Model: "thuis", Version: version, Scenario: p.Scenario.Name, ScenarioSHA: p.Scenario.SHA256,
		Identity: p.Identity(cfg), Method: MethodText(cfg.Method), Seed: cfg.Seed, N: cfg.N, Alpha: cfg.Alpha, MinAccept: cfg.MinAccept,
		Budget: cfg.Budget, Until: p.Until, Discrepancy: p.Discrepancy, Skipped: p.Skipped,
		Populations: res.Populations, Simulations: res.Simulations, WallSeconds: wall.Seconds(), Command: command,
		Date: when.Format(time.DateOnly)}
	for _, prm := range p.Params {
		s.Params = append(s.Params, prm.Path)
	}
	if cfg.Method == Tempered {
		sd := res.LogLikSD
		s.LogLikSD = &sd
	}
	if a := res.Adjusted; a != nil {
		s.Adjustment = &AdjustmentSummary{Method: AdjustMethod, Bandwidth: a.Bandwidth, ESS: a.ESS, Rows: len(a.Rows), Simulations: len(a.Replicates)}
	}
	return s
}

// AdjustmentSummary is the regression adjustment in calibration.json.
type AdjustmentSummary struct {
	Method      string  `json:"method"`
	Bandwidth   float64 `json:"bandwidth"`   // the kernel's: the final tolerance
	ESS         float64 `json:"ess"`         // of the adjusted weights
	Rows        int     `json:"rows"`        // adjusted rows of positive weight
	Simulations int     `json:"simulations"` // their replicates
}

// AdjustMethod names the regression adjustment in outputs.
const AdjustMethod = "local-linear regression adjustment (Beaumont, Zhang & Balding 2002) on the noise-added residuals, Epanechnikov kernel, ridge chosen by generalised cross-validation, on the scale of each prior's support"

// Method names the APMC method in outputs and in calibrated scenarios.
const Method = "ABC-SMC (APMC, Lenormand et al. 2013) with noisy-ABC observation error and model discrepancy (Wilkinson 2013)"

// MethodMCMC names the smc-mcmc method in outputs and in calibrated
// scenarios.
const MethodMCMC = "ABC-SMC with MCMC moves (Drovandi & Pettitt 2011) with noisy-ABC observation error and model discrepancy (Wilkinson 2013)"

// MethodTempered names the smc-tempered method in outputs and in
// calibrated scenarios.
const MethodTempered = "likelihood-tempered SMC (Del Moral, Doucet & Jasra 2006) with pseudo-marginal moves (Andrieu & Roberts 2009) on the Gaussian observation error and model discrepancy"

// MethodText is how outputs name the method of cfg.
func MethodText(method string) string {
	switch method {
	case SMCMCMC:
		return MethodMCMC
	case Tempered:
		return MethodTempered
	}
	return Method
}

func g(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

// gNaN is g, with NaN (not computed) as an empty field.
func gNaN(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return g(x)
}

func csvText(s string) string {
	for _, r := range s {
		if r == ',' || r == '"' || r == '\n' {
			return strconv.Quote(s)
		}
	}
	return s
}
