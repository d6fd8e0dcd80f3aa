package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/review"
)

type reviewOptions struct {
	Scenario    string
	Against     string
	Lang        string
	Format      string
	Runs        int
	LeverRuns   int
	LeverGrid   int
	Prob        float64
	Seed        uint64
	Workers     int
	Sensitivity string
	Costs       string
	Targets     string
	From        int
	Out         string
	Rerender    string
	Fixed       bool
}

// newReviewCmd builds the command; runF, if not nil, replaces the review,
// so tests check flag parsing without running the model.
func newReviewCmd(stdout, stderr io.Writer, command []string, runF func(*cobra.Command, reviewOptions) error) *cobra.Command {
	opts := reviewOptions{}
	cmd := &cobra.Command{
		Use:   "review SCENARIO",
		Short: "The mid-term review on one page: targets on track, what drives them, what it would take and cost, the plan's key assumptions",
		Long: `Review SCENARIO (default: the plan) against the baseline (--against) and
write one page, in --lang (en or nl) as --format html (one self-contained
file) or md:

- per target: on track or not (reached in at least --prob of the runs) and
  the probability, the median value in its year and the gap in its own
  unit, the median year reached, and what drives it;
- for a target not on track: what a lever of the plan would take (a factor
  on its own schedule: the share of lettings to homeless people, prevention
  on leaving an institution or after eviction) and what that costs;
- per key assumption of the plan (afbouw keeps pace with housing,
  prevention reduces inflow, 250,000 social homes suffice, urgency in every
  municipality): whether the model supports it, how that is judged, and
  what the model cannot judge;
- the cost against the baseline and the Wonen Eerst ratio.

It runs --runs runs of both scenarios with common random numbers, priced
with the unit costs of --costs (each run drawing its own from their
ranges, unless --fixed-unit-costs), and --lever-runs runs at each of
--lever-grid values of every lever that may help a missed target. What
drives a target is a rank correlation over the runs, unless --sensitivity
DIR gives the result of thuis sensitivity.

Writes to --out: review.json (the numbers), review.<lang>.<format>, and the
sweep under sweep/. --rerender DIR renders DIR/review.json again, in
another language or format, without running anything.`,
		Example: `  thuis review eerst-een-thuis --lang nl
  thuis review eerst-een-thuis --sensitivity results/sensitivity-eerst-een-thuis --runs 40
  thuis review --rerender results/review-eerst-een-thuis --lang en --format md`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Scenario = "eerst-een-thuis"
			if len(args) == 1 {
				opts.Scenario = args[0]
			}
			if runF != nil {
				return runF(cmd, opts)
			}
			return runReview(cmd, stdout, stderr, opts, command)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Against, "against", "baseline", "the baseline (file or shipped name)")
	f.StringVar(&opts.Lang, "lang", langDefault(os.Getenv), "language of the page: en or nl (default: $THUIS_LANG, else en)")
	f.StringVar(&opts.Format, "format", "html", "html (one self-contained file) or md")
	f.IntVar(&opts.Runs, "runs", 20, "runs of each scenario")
	f.IntVar(&opts.LeverRuns, "lever-runs", 8, "runs at each value of a lever")
	f.IntVar(&opts.LeverGrid, "lever-grid", 4, "values of each lever tried")
	f.Float64Var(&opts.Prob, "prob", 0.8, "probability from which a target is on track")
	f.Uint64Var(&opts.Seed, "seed", 1, "master seed")
	f.IntVar(&opts.Workers, "workers", 0, "simulations at once (default: all cores)")
	f.StringVar(&opts.Sensitivity, "sensitivity", "", "directory of a thuis sensitivity result, for what drives each target")
	f.StringVar(&opts.Costs, "costs", "", "unit-costs file (default: the shipped scenarios/costs/costs.yaml)")
	f.StringVar(&opts.Targets, "targets", "", "targets file (default: the shipped one)")
	f.IntVar(&opts.From, "from", 2023, "first costed year")
	f.StringVar(&opts.Out, "out", "", "output directory (default results/review-<scenario>)")
	f.StringVar(&opts.Rerender, "rerender", "", "render DIR/review.json again instead of running")
	f.BoolVar(&opts.Fixed, "fixed-unit-costs", false, "hold the unit costs at their values instead of drawing them per run from their ranges")
	return cmd
}

func (o reviewOptions) check() error {
	switch {
	case o.Format != "html" && o.Format != "md":
		return fmt.Errorf("--format %q: use html or md", o.Format)
	case o.Runs < 1:
		return fmt.Errorf("--runs %d: give 1 or more", o.Runs)
	case o.LeverRuns < 1:
		return fmt.Errorf("--lever-runs %d: give 1 or more", o.LeverRuns)
	case o.LeverGrid < 2:
		return fmt.Errorf("--lever-grid %d: give 2 or more", o.LeverGrid)
	case !(o.Prob > 0 && o.Prob <= 1):
		return fmt.Errorf("--prob %g: give a share in (0, 1]", o.Prob)
	case o.Workers < 0:
		return fmt.Errorf("--workers %d: give at least 1, or 0 for as many as cores", o.Workers)
	}
	return checkLang(o.Lang)
}

// render writes the review's page in the options' language and format
// into dir and returns its path.
func (o reviewOptions) render(rv *review.Review, dir string) (string, error) {
	page := rv.HTML
	if o.Format == "md" {
		page = rv.Markdown
	}
	data, err := page(o.Lang)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "review."+o.Lang+"."+o.Format)
	return path, output.WriteFile(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

func runReview(cmd *cobra.Command, stdout, stderr io.Writer, opts reviewOptions, command []string) error {
	if err := opts.check(); err != nil {
		return err
	}
	if opts.Rerender != "" {
		data, err := os.ReadFile(filepath.Join(opts.Rerender, "review.json"))
		if err != nil {
			return fmt.Errorf("--rerender: %w (a directory thuis review wrote)", err)
		}
		var rv review.Review
		if err := json.Unmarshal(data, &rv); err != nil {
			return fmt.Errorf("--rerender: %s: %w", filepath.Join(opts.Rerender, "review.json"), err)
		}
		path, err := opts.render(&rv, opts.Rerender)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "review of %s in %s\n", rv.Scenario, path)
		return nil
	}
	alt, err := loader().Load(opts.Scenario)
	if err != nil {
		return err
	}
	base, err := loader().Load(opts.Against)
	if err != nil {
		return err
	}
	uc, err := loadCosts(opts.Costs)
	if err != nil {
		return err
	}
	targets, err := loadTargets(opts.Targets)
	if err != nil {
		return err
	}
	cfg := review.Config{Scenario: alt, Baseline: base, Targets: targets, UnitCosts: uc, Runs: opts.Runs, Prob: opts.Prob, Seed: opts.Seed,
		Workers: opts.Workers, From: opts.From, FixedUnitCosts: opts.Fixed, LeverRuns: opts.LeverRuns, LeverGrid: opts.LeverGrid, Version: output.Version, Command: command}
	if opts.Sensitivity != "" {
		res, err := analysis.ReadDir(opts.Sensitivity)
		if err != nil {
			return fmt.Errorf("--sensitivity: %w", err)
		}
		cfg.Sensitivity, cfg.SensitivityDir = res, opts.Sensitivity
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", "review-"+alt.Name)
	}
	claim, err := output.Acquire(out, output.AnalysisKind, output.Exclusive)
	if err != nil {
		return err
	}
	defer claim.Release()
	fmt.Fprintf(stderr, "review: %s against %s, %d runs each; then up to %d runs per lever for the targets not on track\n",
		alt.Name, base.Name, opts.Runs, opts.LeverRuns*opts.LeverGrid)
	start := time.Now()
	var prog *progress
	stage := ""
	cfg.Progress = func(s string, done, total int) {
		if s != stage {
			if prog != nil {
				prog.finish()
			}
			prog, stage = newProgress(stderr, time.Now, opts.Lang, "review: "+s), s
		}
		prog.update(done, total)
	}
	var path string
	err = claim.Replace(output.Marker{Kind: output.AnalysisKind}, func(dir string) error {
		c := cfg
		c.Out = filepath.Join(dir, "sweep")
		rv, err := review.Build(cmd.Context(), c)
		if prog != nil {
			prog.finish()
		}
		if err != nil {
			return err
		}
		data, err := json.MarshalIndent(rv, "", "  ")
		if err != nil {
			return err
		}
		if err := output.WriteFile(filepath.Join(dir, "review.json"), func(w io.Writer) error { _, err := w.Write(append(data, '\n')); return err }); err != nil {
			return err
		}
		p, err := opts.render(rv, dir)
		path = filepath.Join(out, filepath.Base(p))
		return err
	})
	if err != nil {
		if cmd.Context().Err() != nil {
			return fmt.Errorf("interrupted; nothing written to %s", out)
		}
		return err
	}
	fmt.Fprintf(stdout, "review of %s in %s (%.0f s)\n", alt.Name, path, time.Since(start).Seconds())
	return nil
}
