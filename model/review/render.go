// This file implements the page: one list of blocks, written as Markdown
// or as one self-contained HTML file, so both say the same (doc.go,
// "What the page says").

package review

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/target"
)

// block is one part of the page.
type block struct {
	kind   string // h1, h2, h3, p, ul, table
	text   string
	items  []string   // ul
	head   []string   // table
	rows   [][]string // table
	strong bool       // p: bold lead-in up to the first ": "
}

// Markdown renders the review as Markdown in lang (en or nl).
func (rv *Review) Markdown(lang string) ([]byte, error) {
	bs, err := rv.blocks(lang)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	for _, x := range bs {
		switch x.kind {
		case "h1":
			fmt.Fprintf(&b, "# %s\n\n", x.text)
		case "h2":
			fmt.Fprintf(&b, "## %s\n\n", x.text)
		case "h3":
			fmt.Fprintf(&b, "### %s\n\n", x.text)
		case "p":
			fmt.Fprintf(&b, "%s\n\n", x.text)
		case "ul":
			for _, it := range x.items {
				fmt.Fprintf(&b, "- %s\n", it)
			}
			b.WriteString("\n")
		case "table":
			row := func(cells []string) {
				esc := make([]string, len(cells))
				for i, c := range cells {
					esc[i] = strings.ReplaceAll(c, "|", `\|`)
				}
				fmt.Fprintf(&b, "| %s |\n", strings.Join(esc, " | "))
			}
			row(x.head)
			sep := make([]string, len(x.head))
			for i := range sep {
				sep[i] = "---"
			}
			fmt.Fprintf(&b, "|%s|\n", strings.Join(sep, "|"))
			for _, r := range x.rows {
				row(r)
			}
			b.WriteString("\n")
		}
	}
	return b.Bytes(), nil
}

const css = `body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}h3{margin-bottom:.3em}
table{border-collapse:collapse;margin:.8em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}
@page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}table,h3{break-inside:avoid}h2{break-after:avoid}}`

// HTML renders the review as one self-contained HTML file in lang: no
// scripts, no external references.
func (rv *Review) HTML(lang string) ([]byte, error) {
	bs, err := rv.blocks(lang)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	e := html.EscapeString
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<style>\n%s\n</style>\n</head>\n<body>\n", lang, e(tr(lang, "title", rv.Scenario)), css)
	for _, x := range bs {
		switch x.kind {
		case "h1", "h2", "h3":
			fmt.Fprintf(&b, "<%s>%s</%s>\n", x.kind, inline(x.text), x.kind)
		case "p":
			fmt.Fprintf(&b, "<p>%s</p>\n", inline(x.text))
		case "ul":
			b.WriteString("<ul>\n")
			for _, it := range x.items {
				fmt.Fprintf(&b, "<li>%s</li>\n", inline(it))
			}
			b.WriteString("</ul>\n")
		case "table":
			b.WriteString("<table>\n<thead><tr>")
			for _, h := range x.head {
				fmt.Fprintf(&b, "<th>%s</th>", inline(h))
			}
			b.WriteString("</tr></thead>\n<tbody>\n")
			for _, r := range x.rows {
				b.WriteString("<tr>")
				for _, c := range r {
					fmt.Fprintf(&b, "<td>%s</td>", inline(c))
				}
				b.WriteString("</tr>\n")
			}
			b.WriteString("</tbody>\n</table>\n")
		}
	}
	b.WriteString("</body>\n</html>\n")
	return b.Bytes(), nil
}

// inline escapes s and turns the Markdown the page uses, **bold** and
// `code`, into HTML.
func inline(s string) string {
	s = html.EscapeString(s)
	for _, m := range []struct{ mark, open, close string }{{"**", "<strong>", "</strong>"}, {"`", "<code>", "</code>"}} {
		for {
			i := strings.Index(s, m.mark)
			if i < 0 {
				break
			}
			j := strings.Index(s[i+len(m.mark):], m.mark)
			if j < 0 {
				break
			}
			inner := s[i+len(m.mark) : i+len(m.mark)+j]
			s = s[:i] + m.open + inner + m.close + s[i+len(m.mark)+j+len(m.mark):]
		}
	}
	return s
}

// blocks lays out the page.
func (rv *Review) blocks(lang string) ([]block, error) {
	if !i18n.Supported(lang) {
		return nil, fmt.Errorf("review: language %q not supported; use en or nl", lang)
	}
	t := func(key string, args ...any) string { return tr(lang, key, args...) }
	pct := func(p float64) string { return i18n.Number(lang, 100*p, 0) + "%" }
	var bs []block
	add := func(kind, text string) { bs = append(bs, block{kind: kind, text: text}) }

	add("h1", t("title", rv.Scenario))
	add("p", t("intro", rv.Runs, "`"+rv.Scenario+"`", "`"+rv.Baseline+"`", rv.Seed, pct(rv.Prob)))

	// Summary.
	add("h2", t("summary"))
	var on, off []string
	for _, tv := range rv.Targets {
		label := fmt.Sprintf("%s (%s)", code(tv.Target.ID), pct(tv.Probability))
		if tv.OnTrack {
			on = append(on, label)
		} else {
			off = append(off, label)
		}
	}
	var sum []string
	if len(on) > 0 {
		sum = append(sum, t("sum_on", len(on), len(rv.Targets), list(on, lang)))
	} else {
		sum = append(sum, t("sum_none_on", len(rv.Targets)))
	}
	if len(off) > 0 {
		sum = append(sum, t("sum_off", list(off, lang)))
	}
	var verdicts []string
	for _, a := range rv.Assumptions {
		verdicts = append(verdicts, t("sum_verdict", lowerFirst(t("a_"+a.Key)), "**"+t("v_"+string(a.Verdict))+"**"))
	}
	if len(verdicts) > 0 {
		sum = append(sum, t("sum_assume", strings.Join(verdicts, "; ")))
	}
	bs = append(bs, block{kind: "ul", items: sum})

	// Targets: the table, then each target.
	add("h2", t("targets"))
	tab := block{kind: "table", head: []string{t("h_target"), t("h_year"), t("h_threshold"), t("h_prob"), t("h_track"), t("h_median"), t("h_gap"), t("h_first")}}
	for _, tv := range rv.Targets {
		yes := t("no")
		if tv.OnTrack {
			yes = t("yes")
		}
		first := t("never")
		if tv.FirstYear > 0 {
			first = fmt.Sprintf("%.0f", tv.FirstYear)
		}
		gap := "–"
		if tv.Gap != 0 {
			gap = signed(tv.Gap, tv.Unit, lang)
		}
		tab.rows = append(tab.rows, []string{name(tv.Target, lang), fmt.Sprint(tv.Target.Year), norm(tv.Target, tv.Unit, lang),
			fmt.Sprintf("%s (%s–%s)", pct(tv.Probability), pct(tv.Low), pct(tv.High)), yes, withUnit(tv.Median, tv.Unit, lang), gap, first})
	}
	bs = append(bs, tab)
	for _, tv := range rv.Targets {
		add("h3", name(tv.Target, lang))
		var items []string
		key := "off_track"
		if tv.OnTrack {
			key = "on_track"
		}
		items = append(items, t(key, pct(tv.Probability), pct(tv.Low), pct(tv.High)))
		if tv.Gap == 0 {
			items = append(items, t("median_meets", tv.Target.Year, withUnit(tv.Median, tv.Unit, lang), norm(tv.Target, tv.Unit, lang)))
		} else {
			items = append(items, t("median_gap", tv.Target.Year, withUnit(tv.Median, tv.Unit, lang), norm(tv.Target, tv.Unit, lang), signed(tv.Gap, tv.Unit, lang)))
		}
		if tv.FirstYear > 0 {
			items = append(items, t("first", fmt.Sprintf("%.0f", tv.FirstYear), pct(tv.Never)))
		} else {
			items = append(items, t("first_never", pct(tv.Never)))
		}
		items = append(items, rv.drives(tv, lang))
		if !tv.OnTrack {
			items = append(items, rv.takes(tv, lang))
		}
		bs = append(bs, block{kind: "ul", items: items})
	}

	// Assumptions.
	add("h2", t("assumptions"))
	year := rv.Year
	add("p", t("assume_intro", year))
	for _, a := range rv.Assumptions {
		add("h3", t("a_"+a.Key))
		v := "**" + t("v_"+string(a.Verdict)) + "**"
		if a.Conditional && a.Verdict != CannotJudge {
			add("p", t("verdict_cond", v))
		} else {
			add("p", t("verdict", v))
		}
		var items []string
		for _, f := range a.Figures {
			items = append(items, figure(f, lang))
		}
		if len(items) > 0 {
			bs = append(bs, block{kind: "ul", items: items})
		}
		var how string
		switch a.Key {
		case "afbouw":
			how = t("how_afbouw", pct(rv.Prob), year, pct(1-rv.Prob))
		case "prevention":
			how = t("how_prevention", pct(rv.Prob), pct(1-rv.Prob), year)
		case "homes":
			how = t("how_homes", year, pct(rv.Prob), pct(1-rv.Prob))
		case "urgency":
			how = t("how_urgency", year)
		}
		add("p", "**"+t("how")+"**: "+how)
		add("p", "**"+t("cannot")+"**: "+t("cannot_"+a.Key))
	}

	// Costs.
	if c := rv.Costs; c != nil {
		add("h2", t("costs"))
		add("p", t("costs_text", c.From, c.To, "`"+rv.Baseline+"`", money(c.Base.Median, lang), money(c.Base.Low, lang), money(c.Base.High, lang),
			"`"+rv.Scenario+"`", money(c.Alt.Median, lang), money(c.Alt.Low, lang), money(c.Alt.High, lang),
			signedMoney(c.Diff.Median, lang), signedMoney(c.Diff.Low, lang), signedMoney(c.Diff.High, lang)))
		if c.PerHoused.N > 0 {
			add("p", t("per_housed", euro(c.PerHoused.Median, lang), euro(c.PerHoused.Low, lang), euro(c.PerHoused.High, lang)))
		}
		if c.Ratio.N > 0 {
			r := func(v float64) string { return i18n.Number(lang, v, 1) }
			add("p", t("ratio", r(c.Ratio.Median), r(c.Ratio.Low), r(c.Ratio.High), euro(c.SocietalLow, lang), euro(c.Societal, lang), r(c.RatioLow.Median),
				euro(c.SocietalHigh, lang), r(c.RatioHigh.Median)))
		} else {
			add("p", t("ratio_none"))
		}
		if c.Drawn {
			add("p", t("costs_caveat_drawn", "`"+rv.UnitCosts+"`"))
			if len(c.RatioDrivers) > 0 {
				add("p", t("ratio_drivers", rv.drivers(c.RatioDrivers, lang)))
			}
		} else {
			add("p", t("costs_caveat", "`"+rv.UnitCosts+"`"))
		}
	}

	// Method.
	add("h2", t("method"))
	var m []string
	m = append(m, t("m_runs", rv.Runs, rv.Seed))
	if rv.Drivers.Method == "spearman" {
		m = append(m, t("m_spearman", rv.Drivers.Runs, rv.Drivers.Params))
	} else {
		m = append(m, t("m_sens", rv.Drivers.Method, "`"+rv.Drivers.Dir+"`"))
	}
	if len(rv.Levers) > 0 {
		m = append(m, t("m_levers", pct(rv.Prob)))
	} else {
		m = append(m, t("m_no_levers"))
	}
	m = append(m, t("m_costs", "`"+rv.UnitCosts+"`", rv.fromYear()))
	if rv.Version != "" {
		m = append(m, t("m_version", rv.Version))
	}
	if len(rv.Command) > 0 {
		m = append(m, t("m_command", "`"+strings.Join(rv.Command, " ")+"`"))
	}
	bs = append(bs, block{kind: "ul", items: m})
	if len(rv.Levers) > 0 {
		lt := block{kind: "table", head: []string{t("h_lever"), t("h_range"), t("h_values"), t("h_runs"), t("h_for")}}
		for _, l := range rv.Levers {
			var vs []string
			for _, v := range l.Values {
				vs = append(vs, i18n.Number(lang, v, 3))
			}
			rng := i18n.Number(lang, l.Range[0], 2) + "–" + i18n.Number(lang, l.Range[1], 2)
			if l.Factor {
				rng = t("m_factor", i18n.Number(lang, l.Range[0], 2), i18n.Number(lang, l.Range[1], 2))
			}
			var ids []string
			for _, id := range l.Targets {
				ids = append(ids, code(id))
			}
			lt.rows = append(lt.rows, []string{"`" + l.Lever + "`", rng, strings.Join(vs, ", "), fmt.Sprint(l.Runs), strings.Join(ids, ", ")})
		}
		bs = append(bs, lt)
	}
	return bs, nil
}

// drives says what drives a target.
func (rv *Review) drives(tv TargetReview, lang string) string {
	if len(tv.Drivers) == 0 {
		if rv.Drivers.Method == "spearman" && rv.Drivers.Runs < 4 {
			return tr(lang, "drives_few")
		}
		return tr(lang, "drives_none")
	}
	return tr(lang, "drives", rv.drivers(tv.Drivers, lang))
}

// drivers lists drivers with their index and interval.
func (rv *Review) drivers(ds []Driver, lang string) string {
	var parts []string
	for _, d := range ds {
		idx := d.Index
		if idx == "rho" {
			idx = tr(lang, "rho")
		} else if idx == "mu_star" {
			idx = "μ*"
		}
		v := func(x float64) string { return index(x, d.Index, lang) }
		s := fmt.Sprintf("%s = %s", idx, v(d.Value))
		if d.Low != d.High {
			s = tr(lang, "interval", s, v(d.Low), v(d.High))
		}
		parts = append(parts, fmt.Sprintf("`%s` (%s)", d.Parameter, s))
	}
	return strings.Join(parts, "; ")
}

// takes says what it would take to reach a target.
func (rv *Review) takes(tv TargetReview, lang string) string {
	r := tv.Require
	if r == nil {
		switch tv.NoLever {
		case "afbouw":
			return tr(lang, "take_afbouw")
		case "input":
			return tr(lang, "take_input")
		}
		return tr(lang, "take_none")
	}
	lever := func(v float64) string {
		if r.Factor {
			return tr(lang, "factor_lever", "`"+r.Lever+"`", i18n.Number(lang, v, 2))
		}
		return tr(lang, "value_lever", "`"+r.Lever+"`", i18n.Number(lang, v, 2))
	}
	num := func(v float64) string { return i18n.Number(lang, v, 2) }
	if !r.Found {
		span := "?"
		for _, l := range rv.Levers {
			if l.Lever == r.Lever {
				span = num(l.Range[0]) + "–" + num(l.Range[1])
			}
		}
		what := tr(lang, "value_lever", "`"+r.Lever+"`", span)
		if r.Factor {
			what = tr(lang, "factor_lever", "`"+r.Lever+"`", span)
		}
		return tr(lang, "take_not_found", what, pctOf(rv.Prob, lang), pctOf(r.Best, lang))
	}
	high := num(r.High)
	if r.OpenHigh {
		high = tr(lang, "or_beyond", high)
	}
	c := r.ExtraCost
	return tr(lang, "take_found", lever(r.Value), pctOf(rv.Prob, lang), num(r.Low), high,
		rv.fromYear(), rv.toYear(), signedMoney(c.Median, lang), signedMoney(c.Low, lang), signedMoney(c.High, lang))
}

func pctOf(p float64, lang string) string { return i18n.Number(lang, 100*p, 0) + "%" }

func (rv *Review) fromYear() int {
	if rv.Costs != nil {
		return rv.Costs.From
	}
	return 0
}

func (rv *Review) toYear() int {
	if rv.Costs != nil {
		return rv.Costs.To
	}
	return 0
}

// figure renders one number an assumption is judged by.
func figure(f Figure, lang string) string {
	label := ""
	if id, ok := strings.CutPrefix(f.Key, "p:"); ok {
		label = tr(lang, "f_p", code(id))
	} else {
		label = tr(lang, "f_"+f.Key)
	}
	v := func(x float64) string {
		if f.Band && f.Unit == "share" {
			return signedPct(x, lang)
		}
		if f.Band {
			return signed(x, f.Unit, lang)
		}
		return withUnit(x, f.Unit, lang)
	}
	if f.Band {
		return label + ": " + tr(lang, "fig_band", v(f.Value), v(f.Low), v(f.High))
	}
	if f.Low != f.High {
		return label + ": " + tr(lang, "fig_prob", v(f.Value), v(f.Low), v(f.High))
	}
	return label + ": " + v(f.Value)
}

// code is a target's short code, "T2" of "T2-no-rough-sleeping-...".
func code(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return id
}

// name is "T2: short name" in lang, or the ID.
func name(tg target.Target, lang string) string {
	if n := tg.Name[lang]; n != "" {
		return code(tg.ID) + ": " + n
	}
	if d := tg.Description[lang]; d != "" {
		return code(tg.ID) + ": " + d
	}
	return tg.ID
}

// norm is "≤ 0 people".
func norm(tg target.Target, unit, lang string) string {
	return comparators[tg.Comparator] + " " + withUnit(tg.Threshold, unit, lang)
}

var comparators = map[string]string{"<": "<", "<=": "≤", ">": ">", ">=": "≥"}

var unitWords = map[string]map[string]string{
	"en": {"people": "people", "days": "days", "units": "homes"},
	"nl": {"people": "personen", "days": "dagen", "units": "woningen"},
}

func withUnit(v float64, unit, lang string) string {
	s := target.Format(v, unit, lang)
	if w := unitWords[lang][unit]; w != "" {
		s += " " + w
	}
	return s
}

// signed is a difference with its sign, in percentage points for a share.
func signed(d float64, unit, lang string) string {
	sign := "+"
	if d < 0 {
		sign = "−"
	}
	if unit == "share" {
		pp := " pp"
		if lang == "nl" {
			pp = " procentpunt"
		}
		return sign + i18n.Number(lang, 100*math.Abs(d), 1) + pp
	}
	return sign + withUnit(math.Abs(d), unit, lang)
}

// signedPct is a relative change, "−12%".
func signedPct(d float64, lang string) string {
	sign := "+"
	if d < 0 {
		sign = "−"
	}
	return sign + i18n.Number(lang, 100*math.Abs(d), 0) + "%"
}

// index formats a driver's index: ρ and shares with two decimals, μ* in
// the output's unit with three significant digits.
func index(v float64, idx, lang string) string {
	if idx == "mu_star" {
		if v == 0 {
			return "0"
		}
		d := min(3, max(0, 2-int(math.Floor(math.Log10(math.Abs(v))))))
		return i18n.Number(lang, v, d)
	}
	s := i18n.Number(lang, math.Abs(v), 2)
	switch {
	case v < 0 && s != i18n.Number(lang, 0, 2):
		s = "−" + s
	case idx == "rho" && v > 0:
		s = "+" + s
	}
	return s
}

// money is an amount in millions of euros.
func money(v float64, lang string) string {
	return tr(lang, "euro_m", i18n.Number(lang, v/1e6, 0))
}

// signedMoney is a difference in millions of euros with its sign.
func signedMoney(v float64, lang string) string {
	s := money(math.Abs(v), lang)
	switch {
	case s == money(0, lang):
		return s
	case v < 0:
		return "−" + s
	}
	return "+" + s
}

// euro is an amount in euros.
func euro(v float64, lang string) string {
	if lang == "nl" {
		return "€ " + i18n.Number(lang, v, 0)
	}
	return "€" + i18n.Number(lang, v, 0)
}

func list(items []string, lang string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + tr(lang, "and") + " " + items[len(items)-1]
}

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "250") {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
