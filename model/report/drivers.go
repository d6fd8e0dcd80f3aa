// This file implements what drives each target, when a report is given a
// sensitivity result (Input.Sensitivity): a section with the largest
// drivers of every target and a sentence in the summary. Its texts live
// here, in both languages, so that the section stays one file.

package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/thuis-nl/thuis/model/analysis"
	"github.com/thuis-nl/thuis/model/i18n"
)

// DriversShown is the number of drivers the report shows per target.
const DriversShown = 3

var driverTexts = map[string]map[string]string{
	"en": {
		"title":        "What drives each target",
		"intro_morris": "Morris elementary effects of %s's uncertain parameters (from %s): μ* is the mean size of the change in the target's value when one parameter moves from one level of its distribution to the next, in the target's unit, with a 95%% bootstrap interval; σ is the spread of those changes (large: the parameter interacts with others or acts non-linearly). Parameters are ranked by μ*.",
		"intro_sobol":  "Sobol' indices of %s's uncertain parameters (from %s): S1 is the share of the variance of the target's value the parameter causes alone, ST the share it takes part in, interactions included; each with a 95%% bootstrap interval (an interval wider than 0.1 means the analysis had too few runs; a negative index whose interval covers 0 is noise). Parameters are ranked by ST.",
		"head_target":  "target",
		"head_param":   "parameter",
		"head_ci":      "95% interval",
		"constant":     "does not vary over the design",
		"missing":      "no indices: it did not vary over the design, or was not analysed",
		"sentence":     "What drives that (%s, %s): %s.",
		"mostly":       "%s mostly %s, then %s",
		"mostly_one":   "%s mostly %s",
		"posterior":    "A calibrated posterior counts as one parameter, posterior: its rows are drawn whole.",
	},
	"nl": {
		"title":        "Wat elk doel bepaalt",
		"intro_morris": "Morris-elementaire effecten van de onzekere parameters van %s (uit %s): μ* is de gemiddelde grootte van de verandering in de waarde van het doel als één parameter van het ene niveau van zijn verdeling naar het volgende gaat, in de eenheid van het doel, met een 95%%-bootstrapinterval; σ is de spreiding van die veranderingen (groot: de parameter werkt samen met andere of niet-lineair). De parameters staan in volgorde van μ*.",
		"intro_sobol":  "Sobol'-indices van de onzekere parameters van %s (uit %s): S1 is het deel van de variantie van de waarde van het doel dat de parameter alleen veroorzaakt, ST het deel waaraan hij meedoet, interacties inbegrepen; elk met een 95%%-bootstrapinterval (een interval breder dan 0,1 betekent dat de analyse te weinig runs had; een negatieve index waarvan het interval 0 omvat is ruis). De parameters staan in volgorde van ST.",
		"head_target":  "doel",
		"head_param":   "parameter",
		"head_ci":      "95%-interval",
		"constant":     "varieert niet over het ontwerp",
		"missing":      "geen indices: het varieerde niet over het ontwerp, of is niet geanalyseerd",
		"sentence":     "Wat dat bepaalt (%s, %s): %s.",
		"mostly":       "%s vooral %s, dan %s",
		"mostly_one":   "%s vooral %s",
		"posterior":    "Een gekalibreerde posterior telt als één parameter, posterior: de rijen worden in hun geheel getrokken.",
	},
}

func dt(lang, key string, args ...any) string {
	s, ok := driverTexts[lang][key]
	if !ok {
		s = key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// driversSection is the section in one language.
type driversSection struct {
	Title, Intro string
	Head         []string
	Rows         [][]string
	Posterior    string // a note when a factor is the posterior
}

// drivers lays out the section, or returns nil without a sensitivity
// result.
func drivers(in Input, tvs []targetView, lang string) *driversSection {
	res := in.Sensitivity
	if res == nil {
		return nil
	}
	d := &driversSection{Title: dt(lang, "title")}
	key := "intro_morris"
	if res.Method == "sobol" {
		key = "intro_sobol"
	}
	d.Intro = dt(lang, key, in.Scenarios[0].Name, in.SensitivityDir)
	// The main index with its interval, then the other that matters: σ
	// beside μ* (Morris), S1 beside ST (Sobol').
	other := "sigma"
	d.Head = []string{dt(lang, "head_target"), dt(lang, "head_param"), "μ*", dt(lang, "head_ci"), "σ"}
	if res.Method == "sobol" {
		other = "S1"
		d.Head = []string{dt(lang, "head_target"), dt(lang, "head_param"), "ST", dt(lang, "head_ci"), "S1"}
	}
	for _, tv := range tvs {
		o := sensOutput(res, tv.ID)
		switch {
		case o == nil:
			d.Rows = append(d.Rows, []string{tv.label(), dt(lang, "missing"), "", "", ""})
			continue
		case o.Constant:
			d.Rows = append(d.Rows, []string{tv.label(), dt(lang, "constant"), "", "", ""})
			continue
		}
		unit := ""
		for _, tg := range in.Targets {
			if tg.ID == tv.ID {
				unit = unitOf(tg.Metric)
			}
		}
		for k, f := range o.Ranked() {
			if k >= DriversShown {
				break
			}
			x := o.Indices[f][o.Main()]
			label := ""
			if k == 0 {
				label = tv.label()
			}
			if res.Factors[f] == "posterior" {
				d.Posterior = dt(lang, "posterior")
			}
			ci := ""
			if !math.IsNaN(x.Low) {
				ci = indexValue(x.Low, x.Name, unit, lang) + " – " + indexValue(x.High, x.Name, unit, lang)
			}
			second := ""
			for _, y := range o.Indices[f] {
				if y.Name == other {
					second = indexValue(y.Value, y.Name, unit, lang)
					if !math.IsNaN(y.Low) {
						second += " (" + indexValue(y.Low, y.Name, unit, lang) + " – " + indexValue(y.High, y.Name, unit, lang) + ")"
					}
				}
			}
			d.Rows = append(d.Rows, []string{label, res.Factors[f], indexValue(x.Value, x.Name, unit, lang), ci, second})
		}
	}
	return d
}

// driverSentence is the summary's sentence on what drives the targets
// not reached (or not likely reached) in the first scenario: per target
// its largest driver and the next; "" without a sensitivity result.
func driverSentence(in Input, tvs []targetView, lang string) string {
	res := in.Sensitivity
	if res == nil || len(in.Scenarios) == 0 {
		return ""
	}
	var parts []string
	for _, tv := range tvs {
		r, ok := find(in.Scenarios[0], tv.ID)
		if !ok || r.Reached && in.Scenarios[0].Runs <= 1 || in.Scenarios[0].Runs > 1 && r.Probability >= likely {
			continue // the sentence is about what stands in the way
		}
		o := sensOutput(res, tv.ID)
		if o == nil || o.Constant {
			continue
		}
		rank := o.Ranked()
		first := res.Factors[rank[0]]
		if len(rank) > 1 {
			parts = append(parts, dt(lang, "mostly", tv.Code, first, res.Factors[rank[1]]))
		} else {
			parts = append(parts, dt(lang, "mostly_one", tv.Code, first))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	method := "Morris μ*"
	if res.Method == "sobol" {
		method = "Sobol' ST"
	}
	return dt(lang, "sentence", method, in.SensitivityDir, strings.Join(parts, "; "))
}

func sensOutput(res *analysis.Result, id string) *analysis.Output {
	for i := range res.Outputs {
		if res.Outputs[i].Name == id {
			return &res.Outputs[i]
		}
	}
	return nil
}

// indexValue is μ* or σ in the target's unit (a share as percentage
// points) with three significant digits, an S1 or ST as a share with two
// decimals.
func indexValue(v float64, name, unit, lang string) string {
	if name != "mu_star" && name != "sigma" {
		return i18n.Number(lang, v, 2)
	}
	suffix := ""
	if unit == "share" {
		v, suffix = 100*v, " pp"
	}
	if v == 0 {
		return "0" + suffix
	}
	decimals := min(3, max(0, 2-int(math.Floor(math.Log10(math.Abs(v))))))
	return i18n.Number(lang, v, decimals) + suffix
}

// markdownDrivers writes the section as Markdown.
func markdownDrivers(p func(string, ...any), tbl func([]string, [][]string), d *driversSection) {
	if d == nil {
		return
	}
	p("\n## %s\n\n%s\n\n", d.Title, d.Intro)
	tbl(d.Head, d.Rows)
	if d.Posterior != "" {
		p("\n%s\n", d.Posterior)
	}
}
