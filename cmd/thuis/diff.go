package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/scenario"
)

func newDiffCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "diff VARIANT",
		Short: "Show what a variant changes against the scenario it extends: values, units, and yearly values of schedules",
		Example: `  thuis diff my-variant.yaml
  thuis diff afbouw-zonder-woningen      # a shipped variant against eerst-een-thuis`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l := loader()
			v, err := l.Load(args[0])
			if err != nil {
				return err
			}
			p, err := l.Parent(v)
			if err != nil {
				return err
			}
			return writeDiff(stdout, p, v)
		},
	}
}

// writeDiff prints every change of variant against parent: the path (with
// the lever's plain name), unit, old and new value with where each is set,
// and for a schedule its values year by year.
func writeDiff(w io.Writer, parent, variant *scenario.Scenario) error {
	changes := scenario.Diff(parent, variant)
	fmt.Fprintf(w, "Variant %s (%s) against its parent %s (%s): %s\n", variant.Name, variant.File, parent.Name, parent.File, plural(len(changes), "change"))
	for _, c := range changes {
		fmt.Fprintf(w, "\n%s\n", c.Path)
		if l, ok := scenario.LeverOf(c.Path); ok {
			fmt.Fprintf(w, "  lever  %s: %s\n", l.Name, l.Means)
		}
		if c.Unit != "" {
			fmt.Fprintf(w, "  unit   %s\n", c.Unit)
		}
		fmt.Fprintf(w, "  was    %s\n", valueAt(c.Was, c.WasAt, "(not in the parent)"))
		fmt.Fprintf(w, "  now    %s\n", valueAt(c.Now, c.NowAt, "(removed)"))
		if len(c.Years) == 0 {
			continue
		}
		what := "on 1 January"
		if c.PerYear {
			what = "average over each calendar year"
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "  year\twas\tnow\t\n")
		for _, y := range c.Years {
			mark := ""
			if fmt.Sprint(yearly(y.Was, c.Unit)) != fmt.Sprint(yearly(y.Now, c.Unit)) {
				mark = "  *"
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\n", y.Year, yearly(y.Was, c.Unit), yearly(y.Now, c.Unit), mark)
		}
		fmt.Fprintf(w, "  %s (* where it differs):\n", what)
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func valueAt(value, at, none string) string {
	if value == "" {
		return none
	}
	if at == "" {
		return value
	}
	return fmt.Sprintf("%s  (%s)", value, at)
}

// yearly formats a yearly value: whole numbers for counts, else four
// significant digits; "-" for a schedule the parent does not have.
func yearly(x float64, unit string) string {
	if math.IsNaN(x) {
		return "-"
	}
	if strings.HasPrefix(unit, "people") || strings.HasPrefix(unit, "units") || unit == "places" {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.4g", x)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeDiffShort prints one line of what a variant changes, for validate.
func writeDiffShort(w io.Writer, file string, parent, variant *scenario.Scenario) {
	changes := scenario.Diff(parent, variant)
	if len(changes) == 0 {
		fmt.Fprintf(w, "  changes nothing of its parent %s\n", parent.Name)
		return
	}
	paths := make([]string, len(changes))
	for i, c := range changes {
		paths[i] = c.Path
	}
	fmt.Fprintf(w, "  changes %s of its parent %s: %s (thuis diff %s shows the values)\n", plural(len(changes), "thing"), parent.Name, strings.Join(paths, ", "), file)
}

// writeLevers lists the levers a policymaker looks for by their plain
// names, with the parameter path that sets each in a scenario file and its
// value in sc.
func writeLevers(w io.Writer, sc *scenario.Scenario) error {
	fmt.Fprintf(w, "\nLevers: what a policymaker looks for, the parameter path that sets it, and its value here (the README's \"Levers\" says more)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	params := map[string]scenario.Param{}
	for _, p := range sc.Params() {
		params[p.Info().Path] = p
	}
	for _, l := range scenario.Levers {
		switch l.Path {
		case "shelter.schedules":
			for i, cs := range sc.Shelter.Schedules {
				name := cs.Name
				if name == "" {
					name = fmt.Sprint(i)
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s in %d regions: %s\n", l.Name, fmt.Sprintf("shelter.schedules[%s].factor", name), cs.Kind, len(cs.Regions), cs.Factor.Describe())
			}
		case "shelter.closure":
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Name, l.Path, sc.Shelter.Closure)
		case "allocation":
			a := sc.Allocation.Rules[len(sc.Allocation.Rules)-1]
			fmt.Fprintf(tw, "  %s\t%s\tfrom %s: eligible %v, %s\n", l.Name, l.Path, a.From.Format("2006-01-02"), a.Eligible, a.Order)
		case "housing.dedicated":
			for _, t := range sc.Housing.Dedicated {
				fmt.Fprintf(tw, "  %s\t%s.%s\t%s\n", l.Name, l.Path, t.Type, t.Units.Describe())
			}
		default:
			if p, ok := params[l.Path]; ok {
				fmt.Fprintf(tw, "  %s\t%s\t%s %s\n", l.Name, l.Path, p.Describe(), p.Info().Unit)
			}
		}
	}
	return tw.Flush()
}
