package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sync"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/costs"
	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
)

type costsOptions struct {
	sweepFlags
	Against string
	Costs   string
	From    int
}

func newCostsCmd(stdout, stderr io.Writer, command []string) *cobra.Command {
	opts := costsOptions{}
	cmd := &cobra.Command{
		Use:   "costs SCENARIO",
		Short: "Cost a scenario against a baseline over paired runs: spend, difference, cost per person housed, the Wonen Eerst ratio",
		Long: `Run SCENARIO and the baseline (--against) --runs times each with the same
seeds and parameter draws (common random numbers, as 'thuis compare --runs'),
and cost every run with the unit costs of --costs (default: the shipped
scenarios/costs/costs.yaml, where every unit cost is an assumption with a
range and its source).

Prints per year from --from, and in total: the public spend of each (median
and 90% band over the runs), their paired difference, the cost per extra
person housed and per rough-sleeper night avoided, and the plan's claim
"every euro in Wonen Eerst saves 2.5 euros" as a computed ratio: (societal
cost avoided + shelter spend avoided) / extra Wonen Eerst spend, with the
societal cost of a person-year homeless at its value and at the ends of its
range.

Writes to --out: costs.csv (scenario, run, year, region, payer, category,
euro), incremental.csv (per year and measure: median, 90% band, unit),
datapackage.json, and the sweep of both scenarios under sweep/.`,
		Example: `  thuis costs eerst-een-thuis --runs 50
  thuis costs my-variant.yaml --against eerst-een-thuis --costs my-costs.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCosts(cmd, stdout, stderr, opts, args[0], command)
		},
	}
	f := cmd.Flags()
	opts.register(f, 20, "results/costs-<scenario>")
	f.StringVar(&opts.Against, "against", "baseline", "the baseline scenario (file or shipped name)")
	f.StringVar(&opts.Costs, "costs", "", "unit-costs file (default: the shipped scenarios/costs/costs.yaml)")
	f.IntVar(&opts.From, "from", 2023, "first year reported (the plan's first year); earlier years are not costed")
	f.MarkHidden("resume")
	return cmd
}

func loadCosts(path string) (*costs.UnitCosts, error) {
	if path == "" {
		return costs.Shipped()
	}
	return costs.Load(path)
}

func runCosts(cmd *cobra.Command, stdout, stderr io.Writer, opts costsOptions, arg string, command []string) error {
	if err := opts.check(); err != nil {
		return err
	}
	if opts.Resume {
		return fmt.Errorf("--resume: thuis costs runs its runs again; it cannot resume")
	}
	base, err := loader().Load(opts.Against)
	if err != nil {
		return err
	}
	alt, err := loader().Load(arg)
	if err != nil {
		return err
	}
	if base.Name == alt.Name {
		return fmt.Errorf("costs: %s against itself; give another scenario with --against", alt.Name)
	}
	uc, err := loadCosts(opts.Costs)
	if err != nil {
		return err
	}
	for _, sc := range []*scenario.Scenario{base, alt} {
		if err := uc.Check(sc); err != nil {
			return err
		}
	}
	targets, err := loadTargets(opts.Targets)
	if err != nil {
		return err
	}
	bf, bl := target.WholeYears(base.Start, base.End)
	af, al := target.WholeYears(alt.Start, alt.End)
	if bf != af || bl != al {
		return fmt.Errorf("costs: %s covers %d-%d and %s %d-%d; compare scenarios over the same years", base.Name, bf, bl, alt.Name, af, al)
	}
	if opts.From > bl {
		return fmt.Errorf("--from %d: after the last whole year of the runs, %d", opts.From, bl)
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join("results", "costs-"+alt.Name)
	}
	claim, err := output.Acquire(out, output.AnalysisKind, output.Exclusive)
	if err != nil {
		return err
	}
	defer claim.Release()
	spend := [2][]*costs.Spend{make([]*costs.Spend, opts.Runs), make([]*costs.Spend, opts.Runs)}
	var mu sync.Mutex
	observe := func(name string, run int, res *sim.Result) error {
		s, err := costs.Compute(res, uc)
		if err != nil {
			return err
		}
		s.From(opts.From)
		k := 0
		if name == alt.Name {
			k = 1
		}
		mu.Lock()
		spend[k][run] = s
		mu.Unlock()
		return nil
	}
	var cmp *costs.Comparison
	err = claim.Replace(output.Marker{Kind: output.AnalysisKind}, func(dir string) error {
		prog := newProgress(stderr, nil, opts.Lang, "costs")
		_, err := sweep.Run(cmd.Context(), opts.config(sweep.Config{Scenarios: []*scenario.Scenario{base, alt}, Targets: targets, Runs: opts.Runs, Replications: 1,
			Seed: opts.Seed, Sampler: opts.Sampler, Workers: opts.Workers, Out: filepath.Join(dir, "sweep"),
			Command: command, Progress: prog.update, Observe: observe}, stderr))
		prog.finish()
		if err != nil {
			return err
		}
		if cmp, err = costs.Paired(spend[0], spend[1], uc, opts.From); err != nil {
			return err
		}
		runs := []costs.Runs{{Scenario: base.Name, Spend: spend[0]}, {Scenario: alt.Name, Spend: spend[1]}}
		if err := output.WriteFile(filepath.Join(dir, "costs.csv"), func(w io.Writer) error { return costs.WriteCSV(w, runs...) }); err != nil {
			return err
		}
		if err := output.WriteFile(filepath.Join(dir, "incremental.csv"), cmp.WriteIncremental); err != nil {
			return err
		}
		return costs.Package(alt.Name).Write(dir)
	})
	if err != nil {
		return err
	}
	if err := cmp.WriteTable(stdout); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n"+i18n.T(opts.Lang, "progress.costs_done")+"\n", out, uc.File)
	return nil
}
