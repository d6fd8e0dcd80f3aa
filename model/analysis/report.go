// This file implements the outputs of a sensitivity analysis: the tidy
// CSV, the table and the verdict on whether the design was large enough
// (doc.go, "Was N enough").

package analysis

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
)

// WriteCSV writes the result as a tidy table, sensitivity.csv: one row per
// method, output, parameter and index, with its 95% interval (empty where
// none is computed). Each output with replications also has a row for
// the parameter "(noise)": index noise_share is the noise share of one
// run's variance, noise_share_of_means that of the means the indices are
// computed on.
func (r *Result) WriteCSV(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.print("method,output,parameter,index,value,low,high\n")
	for _, o := range r.Outputs {
		if o.Noise != nil {
			ew.print(fmt.Sprintf("%s,%s,(noise),noise_share,%s,,\n", r.Method, csvField(o.Name), output.NumOrEmpty(output.Round(o.Noise.Share(), 6))))
			ew.print(fmt.Sprintf("%s,%s,(noise),noise_share_of_means,%s,,\n", r.Method, csvField(o.Name), output.NumOrEmpty(output.Round(o.Noise.MeanShare(), 6))))
		}
		for f, idx := range o.Indices {
			for _, x := range idx {
				ew.print(fmt.Sprintf("%s,%s,%s,%s,%s,%s,%s\n", r.Method, csvField(o.Name), csvField(r.Factors[f]), x.Name, output.NumOrEmpty(output.Round(x.Value, 6)), output.NumOrEmpty(output.Round(x.Low, 6)), output.NumOrEmpty(output.Round(x.High, 6))))
			}
		}
	}
	return ew.err
}

// Verdict says, in lang, whether the design was large enough for the
// output: for Sobol' indices, the width of the widest interval and what
// negative indices mean; for Morris, whether the first two parameters can
// be told apart; and how much of the variance is stochastic noise.
func (r *Result) Verdict(o *Output, lang string) []string {
	t := func(key string, args ...any) string { return fmt.Sprintf(i18n.T(lang, key), args...) }
	var out []string
	if o.Constant {
		return []string{t("sens.constant", o.Name)}
	}
	switch r.Method {
	case "sobol":
		widest := 0.0
		noise, bad := 0, 0
		for _, idx := range o.Indices {
			for _, x := range idx {
				widest = math.Max(widest, x.High-x.Low)
				if x.Value < 0 {
					if x.Low <= 0 && 0 <= x.High {
						noise++
					} else {
						bad++
					}
				}
			}
		}
		if widest <= 0.1 {
			out = append(out, t("sens.enough_sobol", i18n.Number(lang, widest, 2)))
		} else {
			out = append(out, t("sens.short_sobol", i18n.Number(lang, widest, 2)))
		}
		if noise > 0 {
			out = append(out, t("sens.negative", noise))
		}
		if bad > 0 {
			out = append(out, t("sens.negative_bad", bad))
		}
	case "morris":
		if rank := o.Ranked(); len(rank) >= 2 {
			a, b := o.Indices[rank[0]][0], o.Indices[rank[1]][0]
			if a.Low > b.High {
				out = append(out, t("sens.enough_morris"))
			} else {
				out = append(out, t("sens.short_morris"))
			}
		}
	}
	if o.Noise == nil {
		out = append(out, t("sens.no_noise"))
	} else {
		out = append(out, t("sens.noise", 100*o.Noise.Share(), 100*o.Noise.MeanShare()))
		if o.Noise.MeanShare() > 0.5 {
			out = append(out, t("sens.noise_high"))
		}
	}
	return out
}

// WriteTable prints, in lang, a table per target of its parameters in
// order of influence (at most top of them; 0 means all), with the
// verdict, and one line per key series naming its three largest drivers.
func (r *Result) WriteTable(w io.Writer, lang string, top int) error {
	t := func(key string) string { return i18n.T(lang, key) }
	ew := &errWriter{w: w}
	ew.print(fmt.Sprintf(t("sens.header")+"\n\n", r.Scenario, len(r.Factors), r.Method, r.Points, r.Replications, r.Points*r.Replications))
	if r.PosteriorRows > 0 && !r.HasPosteriorRanks() {
		ew.print(fmt.Sprintf(t("sens.few_rows")+"\n\n", r.PosteriorRows))
	}
	series := false
	for i := range r.Outputs {
		o := &r.Outputs[i]
		if !o.Target {
			if !series {
				ew.print(t("sens.series") + ":\n")
				series = true
			}
			ew.print("  " + o.Name + ": " + r.drivers(o, 3) + "\n")
			continue
		}
		ew.print(fmt.Sprintf("%s (%s)\n", o.Name, number(lang, o.Mean)))
		if !o.Constant {
			tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
			head := []string{t("sens.parameter")}
			for _, x := range o.Indices[0] {
				head = append(head, x.Name)
				if !math.IsNaN(x.Low) {
					head = append(head, t("sens.interval"))
				}
			}
			fmt.Fprintln(tw, "  "+strings.Join(head, "\t"))
			for n, f := range o.Ranked() {
				if top > 0 && n >= top {
					break
				}
				cells := []string{r.Factors[f]}
				for _, x := range o.Indices[f] {
					cells = append(cells, number(lang, x.Value))
					if !math.IsNaN(x.Low) {
						cells = append(cells, "["+number(lang, x.Low)+", "+number(lang, x.High)+"]")
					}
				}
				fmt.Fprintln(tw, "  "+strings.Join(cells, "\t"))
			}
			tw.Flush()
		}
		for _, v := range r.Verdict(o, lang) {
			ew.print("  " + v + "\n")
		}
		if len(o.Within) > 0 {
			ew.print("  " + fmt.Sprintf(t("sens.within"), o.Within[0].Points) + "\n")
			tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "    "+t("sens.parameter")+"\tρ\t"+t("sens.interval"))
			for n, c := range o.Within {
				if n == 5 {
					break
				}
				fmt.Fprintf(tw, "    %s\t%s\t[%s, %s]\n", c.Column, number(lang, c.Rho), number(lang, c.Low), number(lang, c.High))
			}
			tw.Flush()
		}
		ew.print("\n")
	}
	return ew.err
}

// HasPosteriorRanks reports whether any output has rank correlations
// within a posterior (posterior-ranks.csv).
func (r *Result) HasPosteriorRanks() bool {
	for _, o := range r.Outputs {
		if len(o.Within) > 0 {
			return true
		}
	}
	return false
}

// WritePosteriorRanks writes posterior-ranks.csv: per output and posterior
// column, its Spearman rank correlation with the output over the design
// points, with a 95% interval, strongest first.
func (r *Result) WritePosteriorRanks(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.print("output,column,rho,low,high,points\n")
	for _, o := range r.Outputs {
		for _, c := range o.Within {
			ew.print(fmt.Sprintf("%s,%s,%s,%s,%s,%d\n", csvField(o.Name), csvField(c.Column), output.NumOrEmpty(output.Round(c.Rho, 6)),
				output.NumOrEmpty(output.Round(c.Low, 6)), output.NumOrEmpty(output.Round(c.High, 6)), c.Points))
		}
	}
	return ew.err
}

// drivers names the n factors with the largest main index of o.
func (r *Result) drivers(o *Output, n int) string {
	if o.Constant {
		return "-"
	}
	var parts []string
	main := o.main()
	for k, f := range o.Ranked() {
		if k >= n {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s", r.Factors[f], output.Num(output.Round(o.Indices[f][main].Value, 3))))
	}
	return strings.Join(parts, ", ")
}

// number formats v in lang with three significant digits, at most three
// decimals, so that μ* in people and S1 in shares both read well.
func number(lang string, v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return i18n.Number(lang, v, 0)
	}
	decimals := min(3, max(0, 2-int(math.Floor(math.Log10(math.Abs(v))))))
	return i18n.Number(lang, v, decimals)
}

func csvField(s string) string { return output.CSVField(s) }

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) print(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
