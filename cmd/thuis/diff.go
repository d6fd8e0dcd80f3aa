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
		Args:  cobra.ExactArgs(1),
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
		if lever := scenario.LeverName(c.Path); lever != "" {
			fmt.Fprintf(w, "  lever  %s\n", lever)
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
