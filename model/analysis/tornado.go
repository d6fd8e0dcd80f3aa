// This file implements the tornado figure of each target (doc.go,
// "Outputs").

package analysis

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/figure"
	"github.com/thuis-nl/thuis/model/i18n"
)

// TornadoBars is the number of parameters a tornado figure shows.
const TornadoBars = 12

// Tornado returns the tornado figure of output o in lang: its parameters
// in order of influence, at most TornadoBars of them. The figure's name
// is tornado_<output>.
func (r *Result) Tornado(o *Output, lang string) (figure.Figure, error) {
	if o.Constant {
		return figure.Figure{}, fmt.Errorf("analysis: %s does not vary; no tornado figure", o.Name)
	}
	t := func(key string, args ...any) string { return fmt.Sprintf(i18n.T(lang, key), args...) }
	rank := o.Ranked()
	if len(rank) > TornadoBars {
		rank = rank[:TornadoBars]
	}
	var labels []string
	for _, f := range rank {
		labels = append(labels, r.Factors[f])
	}
	bars := func(index int) []figure.Bar {
		var out []figure.Bar
		for _, f := range rank {
			x := o.Indices[f][index]
			out = append(out, figure.Bar{Value: x.Value, Low: x.Low, High: x.High})
		}
		return out
	}
	name := "tornado_" + o.Name
	title := t("sens.title", o.Name)
	if r.Method == "sobol" {
		sub := t("sens.sub_sobol", r.Points/(len(r.Factors)+2))
		return figure.Tornado(name, title, sub, t("sens.axis_share"), lang, labels, []figure.BarSeries{
			{Legend: t("sens.legend_st"), Bars: bars(1)},
			{Legend: t("sens.legend_s1"), Bars: bars(0)},
		})
	}
	sub := t("sens.sub_morris", r.Points/(len(r.Factors)+1))
	return figure.Tornado(name, title, sub, t("sens.axis_mu_star", o.Unit), lang, labels, []figure.BarSeries{
		{Legend: t("sens.legend_mu_star"), Bars: bars(0)},
	})
}
