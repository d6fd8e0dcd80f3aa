// This file implements the outputs of a cost comparison: costs.csv,
// incremental.csv, their data dictionary and the table.

package costs

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/thuis-nl/thuis/model/output"
)

// Runs are the costed runs of one scenario, in run order.
type Runs struct {
	Scenario string
	Spend    []*Spend
}

// WriteCSV writes costs.csv: one row per scenario, run, year, region,
// payer and category with a cost other than zero, in euros.
func WriteCSV(w io.Writer, runs ...Runs) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("scenario,run,year,region,payer,category,euro\n")
	for _, rs := range runs {
		for i, s := range rs.Spend {
			prefix := output.CSVField(rs.Scenario) + "," + strconv.Itoa(i) + ","
			s.Rows(func(year int, region, payer string, c Category, euro float64) error {
				bw.WriteString(prefix)
				bw.WriteString(strconv.Itoa(year) + "," + output.CSVField(region) + "," + output.CSVField(payer) + "," + c.String() + ",")
				bw.WriteString(strconv.FormatFloat(output.Round(euro, 2), 'f', -1, 64) + "\n")
				return nil
			})
		}
	}
	return bw.Flush()
}

// measures of incremental.csv, with their units.
var measures = []struct{ name, unit, what string }{
	{"spend_base", "euro", "public spend of the baseline"},
	{"spend_scenario", "euro", "public spend of the scenario"},
	{"difference", "euro", "scenario minus baseline, run by run"},
	{"per_person_housed", "euro/person", "difference over the extra people housed"},
	{"per_rough_night_avoided", "euro/person-night", "difference over the rough-sleeper nights avoided"},
	{"wonen_eerst_ratio", "ratio", "(societal cost avoided + shelter spend avoided) / extra Wonen Eerst spend"},
	{"wonen_eerst_ratio_societal_low", "ratio", "the ratio with the societal cost at the low end of its range"},
	{"wonen_eerst_ratio_societal_high", "ratio", "the ratio with the societal cost at the high end of its range"},
}

func (r Row) bands() []Band {
	return []Band{r.Base, r.Alt, r.Diff, r.PerHoused, r.PerRoughNight, r.Ratio, r.RatioLow, r.RatioHigh}
}

// WriteIncremental writes incremental.csv: per year (empty: the total
// over the years) and measure, the median, the 90% band and the runs it
// is defined in.
func (c *Comparison) WriteIncremental(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("scenario,baseline,year,measure,unit,median,low,high,runs\n")
	for _, r := range c.Rows {
		year := ""
		if r.Year != 0 {
			year = strconv.Itoa(r.Year)
		}
		for i, b := range r.bands() {
			m := measures[i]
			fmt.Fprintf(bw, "%s,%s,%s,%s,%s,%s,%s,%s,%d\n", output.CSVField(c.Alt), output.CSVField(c.Base), year, m.name, m.unit,
				num(b.Median, b.N), num(b.Low, b.N), num(b.High, b.N), b.N)
		}
	}
	return bw.Flush()
}

func num(v float64, n int) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatFloat(output.Round(v, 4), 'f', -1, 64)
}

// Package describes costs.csv and incremental.csv.
func Package(scenario string) *output.Package {
	p := output.NewPackage("thuis-costs-"+scenario, "thuis costs "+scenario,
		"Costs of a scenario and its baseline over paired runs: unit costs (scenarios/costs/costs.yaml, every one an assumption with a range) times the quantities each run recorded. Euros at each unit cost's own price year, not indexed.")
	var measureNames []string
	for _, m := range measures {
		measureNames = append(measureNames, m.name)
	}
	var cats []string
	for c := Category(0); c < NumCategories; c++ {
		cats = append(cats, c.String())
	}
	p.Add("costs.csv", "one row per scenario, run, year, region, payer and category with a cost", []output.Field{
		{Name: "scenario", Type: "string", Description: "the scenario"},
		{Name: "run", Type: "integer", Unit: "index", Description: "the run: run i of every scenario has the same seed and parameter draws (sweep/runs.csv gives them)"},
		{Name: "year", Type: "integer", Unit: "year", Description: "the calendar year"},
		{Name: "region", Type: "string", Description: "the region (centre municipality); no national rows: sum over regions"},
		{Name: "payer", Type: "string", Description: "who pays, where a source says; else not known", Constraints: &output.Constraints{Enum: Payers}},
		{Name: "category", Type: "string", Description: "what the cost is for; societal is the cost to society of homelessness, not public spend", Constraints: &output.Constraints{Enum: cats}},
		{Name: "euro", Type: "number", Unit: "euro", Description: "the cost, rounded to cents"},
	})
	p.Add("incremental.csv", "one row per year (empty: all years) and measure: the scenario against the baseline over paired runs", []output.Field{
		{Name: "scenario", Type: "string", Description: "the scenario"},
		{Name: "baseline", Type: "string", Description: "the baseline it is compared with"},
		{Name: "year", Type: "integer", Unit: "year", Description: "the calendar year; empty for the total over the years"},
		{Name: "measure", Type: "string", Description: "what is measured", Constraints: &output.Constraints{Enum: measureNames}},
		{Name: "unit", Type: "string", Description: "the unit of median, low and high"},
		{Name: "median", Type: "number", Unit: "see unit column", Description: "median over the runs in which the measure is defined; empty if none"},
		{Name: "low", Type: "number", Unit: "see unit column", Description: "5th percentile over those runs"},
		{Name: "high", Type: "number", Unit: "see unit column", Description: "95th percentile over those runs"},
		{Name: "runs", Type: "integer", Unit: "runs", Description: "runs in which the measure is defined (a ratio needs a positive denominator)"},
	})
	return p
}

// PackageDrawn is Package with ratio-drivers.csv, for costs whose unit
// costs were drawn per run.
func PackageDrawn(scenario string) *output.Package {
	p := Package(scenario)
	p.Add("ratio-drivers.csv", "one row per unit cost drawn per run: how it drives the Wonen Eerst ratio", ratioDriversFields)
	return p
}

// WriteTable writes the comparison as a table: spend in millions of
// euros, per person housed and per night avoided in euros, and the ratio.
func (c *Comparison) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "Costs of %s against %s, %d paired runs: median [90%% band]\n", c.Alt, c.Base, c.Runs)
	fmt.Fprintln(w, "Public spend in millions of euros, at each unit cost's price year (not indexed).")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "year\t%s\t%s\tdifference\tper person housed\tper rough-sleeper night avoided\tWonen Eerst ratio\n", c.Base, c.Alt)
	for _, r := range c.Rows {
		year := "total"
		if r.Year != 0 {
			year = strconv.Itoa(r.Year)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", year, millions(r.Base), millions(r.Alt), millions(r.Diff),
			euros(r.PerHoused), euros(r.PerRoughNight), ratio(r.Ratio))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	t := c.Rows[len(c.Rows)-1]
	s := c.Societal
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Wonen Eerst ratio = (societal cost avoided + shelter spend avoided) / extra Wonen Eerst spend (support and homes),\n")
	if c.Drawn {
		fmt.Fprintf(w, "with the societal cost of a person-year homeless drawn per run, as every unit cost with a range (EUR %s, %s).\n", thousands(s.Value), provenance(s))
	} else {
		fmt.Fprintf(w, "with a societal cost of EUR %s a person-year homeless (%s).\n", thousands(s.Value), provenance(s))
	}
	if s.Assumption != "" {
		fmt.Fprintf(w, "Over all years: %s; at EUR %s: %s; at EUR %s: %s. The plan quotes 2.5 (Cebeon & Xpertisezorg 2022).\n",
			ratio(t.Ratio), thousands(s.Range[0]), ratio(t.RatioLow), thousands(s.Range[1]), ratio(t.RatioHigh))
	}
	if t.Ratio.N < c.Runs {
		fmt.Fprintf(w, "The ratio is defined in %d of %d runs: those in which Wonen Eerst spend is higher than in %s.\n", t.Ratio.N, c.Runs, c.Base)
	}
	return nil
}

func provenance(u UnitCost) string {
	if u.Assumption != "" {
		return fmt.Sprintf("an assumption, range %s-%s", thousands(u.Range[0]), thousands(u.Range[1]))
	}
	return "source: " + u.Source
}

func millions(b Band) string {
	if b.N == 0 {
		return "-"
	}
	f := func(v float64) string { return strconv.FormatFloat(v/1e6, 'f', 1, 64) }
	return fmt.Sprintf("%s [%s, %s]", f(b.Median), f(b.Low), f(b.High))
}

func euros(b Band) string {
	if b.N == 0 {
		return "-"
	}
	return fmt.Sprintf("%s [%s, %s]", thousands(b.Median), thousands(b.Low), thousands(b.High))
}

func ratio(b Band) string {
	if b.N == 0 {
		return "-"
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	return fmt.Sprintf("%s [%s, %s]", f(b.Median), f(b.Low), f(b.High))
}

// thousands writes v rounded to a whole number with thousands separators.
func thousands(v float64) string {
	s := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	var b strings.Builder
	if math.Round(v) < 0 {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
