// This file turns a report's input into what the reader sees, in one
// language: the summary, the targets table, the key numbers on the
// targets' basis, and the texts that explain each target. Markdown and
// HTML render the same view.

package report

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/thuis-nl/thuis/model/compare"
	"github.com/thuis-nl/thuis/model/figure"
	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/model/target"
)

// Probabilities that divide a sweep's targets into likely reached,
// uncertain and likely missed in the summary: the report's convention,
// stated in the summary's own words so no reader has to guess it.
const (
	likely   = 0.8
	unlikely = 0.2
)

// targetView is one target as the report shows it.
type targetView struct {
	ID                string
	Code, Name        string // "T1", "Minder dakloze mensen dan in 2021"
	Description, Note string
	Source            string
	Year              int
	Norm              string       // "< 32.000 personen"
	Cells             []targetCell // one per scenario
}

// targetCell is a scenario's result on a target.
type targetCell struct {
	Lines     []string // value and difference; result; first year
	Reached   bool     // a run reached it, or a sweep likely reached it
	Uncertain bool     // a sweep: neither likely reached nor likely missed
	Missing   bool     // the scenario has no result for the target
}

// keyRow is a key number: a label and one value per scenario.
type keyRow struct {
	Label  string
	Values []string
}

// code is the short code of a target ID: "T1" of "T1-count-below-2021".
func code(id string) string {
	c, _, _ := strings.Cut(id, "-")
	return c
}

// targetName is a target's code and short name in lang; the whole ID
// and no name if the targets file gives none.
func targetName(tg target.Target, lang string) (short, name string) {
	if n := tg.Name[lang]; n != "" {
		return code(tg.ID), n
	}
	return tg.ID, ""
}

// label is "T1 Minder dakloze mensen dan in 2021", or the ID alone.
func (tv targetView) label() string {
	if tv.Name == "" {
		return tv.Code
	}
	return tv.Code + " " + tv.Name
}

// comparators as people read them.
var comparatorText = map[string]string{"<": "<", "<=": "≤", ">": ">", ">=": "≥"}

// withUnit formats a value with its unit's word: "32.000 personen", "50,0%".
func withUnit(v float64, unit, lang string) string {
	s := target.Format(v, unit, lang)
	if w, ok := i18n.Lookup(lang, "report.unit."+unit); ok && w != "" {
		s += " " + w
	}
	return s
}

// difference formats the size of a difference with its unit: shares in
// percentage points.
func difference(d float64, unit, lang string) string {
	d = math.Abs(d)
	if unit == "share" {
		return i18n.Number(lang, 100*d, 1) + " " + t(lang, "pp")
	}
	return withUnit(d, unit, lang)
}

// signed formats value - threshold with its sign: "+3.783", "−1.912",
// "±0", without the unit the value beside it shows; shares in
// percentage points, which it does not.
func signed(d float64, unit, lang string) string {
	size := func(d float64) string { return target.Format(math.Abs(d), unit, lang) }
	if unit == "share" {
		size = func(d float64) string { return difference(d, unit, lang) }
	}
	s := size(d)
	switch {
	case s == size(0): // zero as shown
		return "±" + s
	case d > 0:
		return "+" + s
	}
	return "−" + s
}

// pct is a probability as a whole percentage.
func pct(p float64) string { return fmt.Sprintf("%.0f%%", 100*p) }

// unitOf is the unit of a target's metric.
func unitOf(metric string) string { return target.Metrics[metric].Unit }

// targetViews builds the targets table: the targets of the first
// scenario's result, in order, with each scenario's result. The texts
// come from the targets file (matched by ID), falling back to the ID.
func targetViews(in Input, lang string) []targetView {
	byID := map[string]target.Target{}
	for _, tg := range in.Targets {
		byID[tg.ID] = tg
	}
	codes := map[string]int{}
	for _, rt := range in.Scenarios[0].Targets {
		codes[code(rt.ID)]++
	}
	var out []targetView
	for _, rt := range in.Scenarios[0].Targets {
		tg, ok := byID[rt.ID]
		if !ok {
			tg = target.Target{ID: rt.ID}
		}
		unit := unitOf(rt.Metric)
		tv := targetView{ID: rt.ID, Year: rt.Year, Description: tg.Description[lang], Source: inLang(tg.Sources, tg.Source, lang),
			Norm: comparatorText[rt.Comparator] + " " + withUnit(rt.Threshold, unit, lang)}
		tv.Code, tv.Name = targetName(tg, lang)
		if codes[tv.Code] > 1 {
			tv.Code = rt.ID // "X-a" and "X-b" would both be X
		}
		tv.Note = inLang(tg.Notes, tg.Note, lang)
		for _, s := range in.Scenarios {
			tv.Cells = append(tv.Cells, cell(s, rt.ID, unit, lang))
		}
		out = append(out, tv)
	}
	return out
}

// inLang is a text in lang if the targets file gives it, else as
// written (a targets file may give a note or source in English only).
func inLang(texts map[string]string, written, lang string) string {
	if s := texts[lang]; s != "" {
		return s
	}
	return written
}

// find returns a scenario's result for a target.
func find(s *results.Scenario, id string) (results.Target, bool) {
	for _, r := range s.Targets {
		if r.ID == id {
			return r, true
		}
	}
	return results.Target{}, false
}

func cell(s *results.Scenario, id, unit, lang string) targetCell {
	r, ok := find(s, id)
	if !ok {
		return targetCell{Missing: true, Lines: []string{"–"}}
	}
	value := withUnit(r.Value, unit, lang) + " (" + signed(r.Value-r.Threshold, unit, lang) + ")"
	if r.Runs > 1 {
		c := targetCell{Reached: r.Probability >= likely, Uncertain: r.Probability >= unlikely && r.Probability < likely}
		c.Lines = append(c.Lines,
			fmt.Sprintf(t(lang, "cell_probability"), pct(r.Probability), pct(r.Low), pct(r.High)),
			fmt.Sprintf(t(lang, "median_of"), value))
		switch {
		case r.FirstReachedP50 > 0 && r.NeverReached > 0:
			c.Lines = append(c.Lines, fmt.Sprintf(t(lang, "cell_first_sweep_never"), int(math.Round(r.FirstReachedP50)), pct(r.NeverReached)))
		case r.FirstReachedP50 > 0:
			c.Lines = append(c.Lines, fmt.Sprintf(t(lang, "cell_first_sweep"), int(math.Round(r.FirstReachedP50))))
		default:
			c.Lines = append(c.Lines, t(lang, "cell_never_sweep"))
		}
		return c
	}
	c := targetCell{Reached: r.Reached, Lines: []string{value}}
	switch {
	case r.Reached:
		c.Lines = append(c.Lines, fmt.Sprintf(t(lang, "cell_reached_since"), r.FirstReached))
	case r.FirstReached != 0:
		c.Lines = append(c.Lines, fmt.Sprintf(t(lang, "cell_missed_later"), r.FirstReached))
	default:
		c.Lines = append(c.Lines, t(lang, "cell_missed_never"))
	}
	return c
}

// summary is the report's opening in plain words: what was compared, and
// per scenario which targets are reached (how likely, for a sweep) and
// by how much the others are missed.
func summary(in Input, tvs []targetView, lang string) []string {
	var names []string
	for _, s := range in.Scenarios {
		names = append(names, s.Name)
	}
	first := in.Scenarios[0]
	years := map[int]bool{}
	for _, r := range first.Targets {
		years[r.Year] = true
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	span := ""
	if len(ys) > 0 {
		span = fmt.Sprint(ys[0])
		if ys[len(ys)-1] != ys[0] {
			span += "–" + fmt.Sprint(ys[len(ys)-1])
		}
	}
	var out []string
	if first.Runs > 1 {
		out = append(out, fmt.Sprintf(t(lang, "sum_intro_sweep"), list(names, lang), len(first.Targets), span, first.Runs))
	} else {
		out = append(out, fmt.Sprintf(t(lang, "sum_intro_run"), list(names, lang), len(first.Targets), span, first.Seed))
	}
	for _, s := range in.Scenarios {
		if s.Runs > 1 {
			out = append(out, sweepSummary(s, tvs, lang))
		} else {
			out = append(out, runSummary(s, tvs, lang))
		}
	}
	return out
}

// missedBy says by how much a value misses its threshold, in the
// direction the comparator wants: "3.783 te hoog", "50,0 procentpunt te
// laag".
func missedBy(r results.Target, lang string) string {
	unit := unitOf(r.Metric)
	d := target.Format(math.Abs(r.Value-r.Threshold), unit, lang) // the value beside it has the unit
	if unit == "share" {
		d = difference(r.Value-r.Threshold, unit, lang)
	}
	if r.Comparator == "<" || r.Comparator == "<=" {
		return fmt.Sprintf(t(lang, "too_high"), d)
	}
	return fmt.Sprintf(t(lang, "too_low"), d)
}

// against is "3.783 personen tegen ≤ 0 personen".
func against(r results.Target, tv targetView, lang string) string {
	return fmt.Sprintf(t(lang, "against"), withUnit(r.Value, unitOf(r.Metric), lang), tv.Norm)
}

func runSummary(s *results.Scenario, tvs []targetView, lang string) string {
	var reached, missed []string
	for _, tv := range tvs {
		r, ok := find(s, tv.ID)
		if !ok {
			continue
		}
		if r.Reached {
			reached = append(reached, tv.label())
			continue
		}
		// The table names the target; the summary says by how much.
		item := fmt.Sprintf("%s (%s, %s)", tv.Code, against(r, tv, lang), missedBy(r, lang))
		if r.FirstReached != 0 {
			item = fmt.Sprintf("%s (%s, %s; %s)", tv.Code, against(r, tv, lang), missedBy(r, lang), fmt.Sprintf(t(lang, "sum_later"), r.FirstReached))
		}
		missed = append(missed, item)
	}
	out := fmt.Sprintf(t(lang, "sum_reached"), s.Name, len(reached), len(reached)+len(missed))
	if len(reached) > 0 {
		out += ": " + list(reached, lang)
	}
	out += "."
	if len(missed) > 0 {
		out += " " + fmt.Sprintf(t(lang, "sum_missed"), strings.Join(missed, "; "))
	}
	return out
}

func sweepSummary(s *results.Scenario, tvs []targetView, lang string) string {
	var hi, mid, lo []string
	for _, tv := range tvs {
		r, ok := find(s, tv.ID)
		if !ok {
			continue
		}
		switch {
		case r.Probability >= likely:
			hi = append(hi, fmt.Sprintf("%s (%s)", tv.label(), pct(r.Probability)))
		case r.Probability >= unlikely:
			mid = append(mid, fmt.Sprintf("%s (%s; %s)", tv.label(), pct(r.Probability), fmt.Sprintf(t(lang, "median_of"), against(r, tv, lang))))
		default:
			item := fmt.Sprintf("%s (%s; %s", tv.Code, pct(r.Probability), fmt.Sprintf(t(lang, "median_of"), against(r, tv, lang)))
			if !r.Reached && !holds(r) {
				item += ", " + missedBy(r, lang)
			}
			lo = append(lo, item+")")
		}
	}
	out := fmt.Sprintf(t(lang, "sum_sweep"), s.Name, s.Runs)
	var parts []string
	for _, g := range []struct {
		key   string
		items []string
	}{{"sum_likely", hi}, {"sum_uncertain", mid}, {"sum_unlikely", lo}} {
		if len(g.items) > 0 {
			parts = append(parts, fmt.Sprintf(t(lang, g.key), strings.Join(g.items, "; ")))
		}
	}
	return out + " " + strings.Join(parts, ". ") + "."
}

// holds reports whether a result's value meets its threshold (a sweep's
// median may, while most runs miss).
func holds(r results.Target) bool {
	tg := target.Target{Comparator: r.Comparator, Threshold: r.Threshold}
	return tg.Holds(r.Value)
}

// list joins items as a sentence does: "a, b en c".
func list(items []string, lang string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + t(lang, "and") + " " + items[len(items)-1]
}

// keyRows are the key numbers at the end of 2025 and 2030, each with its
// difference against the first scenario, followed by a row on a target's
// own basis wherever a target measures a key number differently (T1
// takes the highest monthly count of 2025, not the count at its end).
func keyRows(in Input, lang string) []keyRow {
	var rows []keyRow
	for _, k := range compare.KeyNumbers(2025, 2030) {
		row := keyRow{Label: fmt.Sprintf("%s %d", compare.Label(lang, k.Key), k.Year)}
		ref, refOK := k.Value(in.Scenarios[0])
		for j, s := range in.Scenarios {
			v, ok := k.Value(s)
			switch {
			case !ok:
				row.Values = append(row.Values, "–")
			case j == 0 || !refOK:
				row.Values = append(row.Values, target.Format(v, k.Unit, lang))
			default:
				row.Values = append(row.Values, target.Format(v, k.Unit, lang)+" ("+signed(v-ref, k.Unit, lang)+")")
			}
		}
		rows = append(rows, row)
		for _, r := range in.Scenarios[0].Targets {
			if keyOf[r.Metric] != k.Key || r.Year != k.Year || r.Aggregate == "end" {
				continue
			}
			agg, ok := i18n.Lookup(lang, "report.agg."+r.Aggregate)
			if !ok {
				agg = r.Aggregate
			}
			row := keyRow{Label: fmt.Sprintf(t(lang, "key_target_basis"), compare.Label(lang, k.Key), agg, r.Year, code(r.ID))}
			for _, s := range in.Scenarios {
				if v, ok := find(s, r.ID); ok {
					row.Values = append(row.Values, target.Format(v.Value, unitOf(r.Metric), lang))
				} else {
					row.Values = append(row.Values, "–")
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// keyOf maps a target metric to the key number that shows the same
// quantity.
var keyOf = map[string]string{"cbs_count": "cbs_count", "rough_sleeping": "rough_sleeping"}

// made says when and with what the report was made.
func made(in Input, lang string) string {
	var parts []string
	if !in.Date.IsZero() {
		parts = append(parts, fmt.Sprintf(t(lang, "made_on"), date(in.Date, lang)))
	}
	if in.Tool != "" {
		parts = append(parts, fmt.Sprintf(t(lang, "made_with"), in.Tool))
	}
	return strings.Join(parts, ", ")
}

var monthsNL = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// date is a date as the language writes it: 22 november 2026, 22 November 2026.
func date(d time.Time, lang string) string {
	if lang == "nl" {
		return fmt.Sprintf("%d %s %d", d.Day(), monthsNL[d.Month()-1], d.Year())
	}
	return d.Format("2 January 2006")
}

// view is the whole report in one language, ready to render.
type view struct {
	Lang, Title, Subtitle, Made string
	Summary                     []string
	Scenarios                   []scenarioHead
	TargetsIntro                string
	TargetHead                  []string
	Targets                     []targetView
	KeyIntro                    string
	KeyHead                     []string
	Keys                        []keyRow
	PoliciesIntro               string
	Policies                    []policy

	// The appendix.
	AssumesTitle, AssumptionsTitle, MethodTitle, ReproduceTitle string
	Assumes                                                     []assumes
	AssumptionsOf                                               string
	ParamHead                                                   []string
	Params                                                      [][]string
	Reproduce                                                   []string
	Command                                                     string
	FilesIntro                                                  string
	Files                                                       []fileView
}

// scenarioHead is a scenario as a column head: its name and colour.
type scenarioHead struct {
	Name, Colour string // colour as #rrggbb
}

type assumes struct {
	Text string
	Rows [][]string
}

// fileView is a scenario file in the appendix: YAML as text, other files
// (a posterior sample) as a note, and attached to the HTML.
type fileView struct {
	Name, Text, Note, SHA256 string
	Data                     []byte
	Shipped                  bool
}

func newView(in Input, lang string) view {
	v := view{Lang: lang, Title: t(lang, "title"), Subtitle: t(lang, "subtitle"), Made: made(in, lang)}
	v.Targets = targetViews(in, lang)
	v.Summary = summary(in, v.Targets, lang)
	v.TargetsIntro = t(lang, "targets_intro_run")
	if in.Scenarios[0].Runs > 1 {
		v.TargetsIntro = t(lang, "targets_intro_sweep")
	}
	v.TargetHead = []string{t(lang, "target"), t(lang, "year"), t(lang, "norm")}
	v.KeyHead = []string{""}
	for _, s := range in.Scenarios {
		v.Scenarios = append(v.Scenarios, scenarioHead{Name: s.Name, Colour: colourOf(in, s.Name)})
		v.TargetHead = append(v.TargetHead, s.Name)
		v.KeyHead = append(v.KeyHead, s.Name)
		v.Reproduce = append(v.Reproduce, fmt.Sprintf("%s: %s %s, %s %d, %s %d, %s %s", s.Name, t(lang, "version"), s.Version,
			t(lang, "seed"), s.Seed, t(lang, "runs"), s.Runs, t(lang, "sha"), s.SHA256))
	}
	v.KeyIntro = fmt.Sprintf(t(lang, "key_intro"), in.Scenarios[0].Name)
	v.Keys = keyRows(in, lang)
	v.PoliciesIntro = fmt.Sprintf(t(lang, "policies_intro"), policyFrom.Year())
	v.Policies = policies(in, lang)

	appendix := func(letter, key string) string { return fmt.Sprintf(t(lang, "appendix"), letter) + ". " + t(lang, key) }
	v.AssumesTitle, v.AssumptionsTitle = appendix("A", "assumes"), appendix("B", "assumptions")
	v.MethodTitle, v.ReproduceTitle = appendix("C", "method"), appendix("D", "reproduce")
	for i, def := range in.Definitions {
		switch {
		case in.Parents[i] == nil:
			v.Assumes = append(v.Assumes, assumes{Text: fmt.Sprintf(t(lang, "assumes_root"), def.Name)})
		case len(Differences(def, in.Parents[i])) == 0:
			v.Assumes = append(v.Assumes, assumes{Text: fmt.Sprintf(t(lang, "assumes_same"), def.Name, in.Parents[i].Name)})
		default:
			v.Assumes = append(v.Assumes, assumes{Text: fmt.Sprintf(t(lang, "assumes_diff"), def.Name, in.Parents[i].Name),
				Rows: paramRows(Differences(def, in.Parents[i]), lang)})
		}
	}
	v.AssumptionsOf = fmt.Sprintf(t(lang, "assumptions_of"), in.Definitions[0].Name) + " " + t(lang, "assumptions_lang")
	v.ParamHead = paramHead(lang)
	v.Params = paramRows(in.Definitions[0].Params(), lang)
	if cmd := in.Scenarios[0].Command; len(cmd) > 0 {
		v.Command = strings.Join(cmd, " ")
	}
	v.FilesIntro = fmt.Sprintf(t(lang, "files_intro"), in.Scenarios[0].Version)
	for _, f := range in.Files {
		fv := fileView{Name: f.Name, SHA256: f.SHA256, Data: f.Data, Shipped: f.Shipped}
		if strings.HasSuffix(f.Name, ".yaml") || strings.HasSuffix(f.Name, ".yml") {
			fv.Text = string(f.Data)
			if !strings.HasSuffix(fv.Text, "\n") {
				fv.Text += "\n"
			}
		} else {
			fv.Note = fmt.Sprintf("%s, SHA-256 %s", byteSize(len(f.Data), lang), f.SHA256)
			if f.Shipped {
				fv.Note = fmt.Sprintf(t(lang, "file_shipped"), in.Scenarios[0].Version, f.SHA256)
			}
		}
		v.Files = append(v.Files, fv)
	}
	return v
}

// colourOf is a scenario's colour in the figures, as #rrggbb.
func colourOf(in Input, name string) string {
	var names []string
	for _, s := range in.Scenarios {
		names = append(names, s.Name)
	}
	for i, c := range figure.ScenarioColors(names) {
		if names[i] == name {
			return figure.Hex(c)
		}
	}
	return "#777777"
}

// byteSize is a file's size for people: "391 kB".
func byteSize(n int, lang string) string {
	if n < 10000 {
		return i18n.Number(lang, float64(n), 0) + " B"
	}
	return i18n.Number(lang, float64(n)/1000, 0) + " kB"
}
