package figure

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/results"
)

// planYears are the plan's milestones, marked on the national series.
var planYears = []int{2025, 2030}

// Defaults when the results carry no target for the metric.
const (
	defaultLevel2021 = 32000 // CBS, 1 January 2021
	defaultNormDays  = 90    // Kamerbrief 2020: three months
	defaultNormYear  = 2027
)

// All returns the figures for scenarios (runs, sweeps, or several
// overlaid) in a language ("nl" or "en"): cbs_count, rough_sleeping,
// shelter, waiting_list, stay_p90, ethos_stacked (one per scenario,
// ethos_stacked_<scenario>, when there are several) and regions_large.
// obs are the CBS observations drawn with the count; nil draws none.
func All(scs []*results.Scenario, obs []observed.Observation, lang string) ([]Figure, error) {
	if !i18n.Supported(lang) {
		return nil, fmt.Errorf("figures: language %q: use nl or en", lang)
	}
	if len(scs) == 0 {
		return nil, fmt.Errorf("figures: no scenarios")
	}
	b := &builder{lang: lang, scs: scs}
	var names []string
	for _, s := range scs {
		b.sweep = b.sweep || s.Kind == results.Sweep
		names = append(names, s.Name)
	}
	b.colors = ScenarioColors(names)
	var out []Figure
	for _, build := range []func() (Figure, error){b.cbsCount(obs), b.roughSleeping, b.shelter, b.waitingList, b.stayP90} {
		f, err := build()
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	stacked, err := b.ethosStacked()
	if err != nil {
		return nil, err
	}
	out = append(out, stacked...)
	regions, err := b.regionsLarge()
	if err != nil {
		return nil, err
	}
	return append(out, regions), nil
}

// builder holds what every figure needs.
type builder struct {
	lang   string
	scs    []*results.Scenario
	sweep  bool          // some scenario is a sweep: bands
	colors []color.Color // of the scenarios, by name (ScenarioColors)
}

// overlap reports whether several scenarios' bands share a panel.
func (b *builder) overlap() bool { return b.multi() && b.sweep }

// edges90 reports whether overlapping sweeps show their 90% bands as
// edges: for two scenarios; with three or more, eight or more dashed
// lines hide the medians, so only the 50% bands show.
func (b *builder) edges90() bool { return b.overlap() && len(b.scs) == 2 }

func (b *builder) t(key string) string { return i18n.T(b.lang, key) }

func (b *builder) multi() bool { return len(b.scs) > 1 }

// runInfo says how a scenario's result was made.
func (b *builder) runInfo(s *results.Scenario) string {
	if s.Kind == results.Sweep {
		return fmt.Sprintf(b.t("sub.sweep"), s.Runs)
	}
	return fmt.Sprintf(b.t("sub.run"), s.Seed)
}

// subtitle joins a description with how the results were made: "name:
// info" for one scenario, the common info for several made alike (the
// legend names them), or each name with its info.
func (b *builder) subtitle(desc string, info func(*results.Scenario) string) string {
	var parts []string
	if desc != "" {
		parts = append(parts, desc)
	}
	infos := make([]string, len(b.scs))
	alike := true
	for i, s := range b.scs {
		infos[i] = info(s)
		alike = alike && infos[i] == infos[0]
	}
	switch {
	case !b.multi():
		parts = append(parts, b.scs[0].Name+": "+infos[0])
	case alike:
		parts = append(parts, infos[0])
	default:
		var each []string
		for i, s := range b.scs {
			each = append(each, s.Name+": "+infos[i])
		}
		parts = append(parts, strings.Join(each, "; "))
	}
	return strings.Join(parts, " · ")
}

// styleColor is the colour of a line style in the legend: the
// scenario's own with one scenario, a neutral grey with several (their
// colours have entries of their own).
func (b *builder) styleColor() color.Color {
	if b.multi() {
		return neutral
	}
	return b.colors[0]
}

// scenarioEntries are the legend's entries for the scenarios' colours,
// when there are several.
func (b *builder) scenarioEntries() []LegendEntry {
	if !b.multi() {
		return nil
	}
	var out []LegendEntry
	for i, s := range b.scs {
		out = append(out, LegendEntry{s.Name, []plot.Thumbnailer{lineThumb{draw.LineStyle{Color: b.colors[i], Width: vg.Points(4)}}}})
	}
	return out
}

// lineEntry is a legend entry for a line's look; sweeps' lines are medians.
func (b *builder) lineEntry(label string, lk look) LegendEntry {
	if b.sweep {
		label += ", " + b.t("legend.median")
	}
	return LegendEntry{label, []plot.Thumbnailer{lineThumb{lk.style(b.styleColor(), false)}}}
}

// bandEntries are the legend's entries for the bands, for sweeps; only
// the 50% band's if only50.
func (b *builder) bandEntries(only50 ...bool) []LegendEntry {
	if !b.sweep {
		return nil
	}
	c := b.styleColor()
	if b.overlap() {
		e := []LegendEntry{{b.t("legend.band50"), []plot.Thumbnailer{swatch{alpha(c, overlapBand50Alpha)}}}}
		if (len(only50) == 0 || !only50[0]) && b.edges90() {
			e = append(e, LegendEntry{b.t("legend.band90"), []plot.Thumbnailer{lineThumb{band90Edge(c)}}})
		}
		return e
	}
	if len(only50) > 0 && only50[0] {
		return []LegendEntry{{b.t("legend.band50"), []plot.Thumbnailer{swatch{alpha(c, band50Alpha)}}}}
	}
	return []LegendEntry{
		{b.t("legend.band50"), []plot.Thumbnailer{swatch{alpha(c, band90Alpha)}, swatch{alpha(c, band50Alpha)}}},
		{b.t("legend.band90"), []plot.Thumbnailer{swatch{alpha(c, band90Alpha)}}},
	}
}

func (b *builder) national(fig string, s *results.Scenario, metric string) (*results.Series, error) {
	ser := s.National[metric]
	if ser == nil || len(ser.Dates) == 0 {
		return nil, fmt.Errorf("figure %s: scenario %s (%s) has no national series %q", fig, s.Name, s.Dir, metric)
	}
	return ser, nil
}

// panel collects a plot's layers, drawn in order: bands, faded lines,
// markers, lines, points, whatever the order of scenarios.
type panel struct {
	p                                 *plot.Plot
	bands, under, markers, lines, top []plot.Plotter
	xmin, xmax, ymax                  float64
	series                            int
	small                             bool
	headroom                          float64
	// overlap: several scenarios' bands share the panel. Filled 90%
	// bands of two or more colours blend into brown where they overlap,
	// so then only the 50% band is filled, lightly, and the 90% band is
	// drawn as its two edges.
	overlap bool
	edges90 bool // with overlap: draw the 90% band's edges (two scenarios, not more)
}

func newPanel(lang string, small bool) *panel {
	return &panel{p: newPlot(lang, small), xmin: math.Inf(1), xmax: math.Inf(-1), small: small, headroom: 0.04}
}

// newPanel is a panel of this builder's figures: where several sweeps
// overlap, their bands are drawn so that each stays readable.
func (b *builder) newPanel(small bool) *panel {
	pn := newPanel(b.lang, small)
	pn.overlap = b.overlap()
	pn.edges90 = b.edges90()
	return pn
}

func (pn *panel) spanX(x float64) {
	pn.xmin, pn.xmax = math.Min(pn.xmin, x), math.Max(pn.xmax, x)
}

// look is how a series is drawn.
type look struct {
	dash   []vg.Length
	width  vg.Length // 0: lineWidth
	fade   float64   // opacity of the line, drawn under the others; 0: opaque
	bands  bool      // a sweep's 50% and 90% bands
	only50 bool      // of the bands, only the 50% band: for small tiles
	step   bool      // a step line: capacities
}

var (
	solid = look{bands: true}
	// A second series in the same colour: bands would be ambiguous.
	dashedNoBands = look{dash: dashes}
	// A stock bounded by a capacity: the stock wide and light, the
	// capacity thin and dashed on top, so both show where they coincide.
	filled       = look{width: vg.Points(3.5), fade: 0.5, bands: true}
	filled50     = look{width: vg.Points(3.5), fade: 0.5, bands: true, only50: true} // small tiles
	capacityLook = look{dash: []vg.Length{vg.Points(3.5), vg.Points(2)}, width: vg.Points(1.1), step: true}
)

func (lk look) style(col color.Color, small bool) draw.LineStyle {
	w := lk.width
	if w == 0 {
		w = lineWidth
	}
	if small {
		w = w * 0.7
	}
	if lk.fade > 0 {
		col = alpha(col, lk.fade)
	}
	return draw.LineStyle{Color: col, Width: w, Dashes: lk.dash}
}

// addSeries adds a monthly series: the median as a line (the value, for a
// run), and for a sweep its 90% and 50% bands.
func (pn *panel) addSeries(s *results.Series, kind results.Kind, col color.Color, lk look) {
	n := len(s.Dates)
	x := make([]float64, n)
	xy := make(plotter.XYs, n)
	for i, d := range s.Dates {
		x[i] = yearOf(d)
		pn.spanX(x[i])
		v := s.Values[i]
		xy[i] = plotter.XY{X: x[i], Y: v.P50}
		pn.ymax = math.Max(pn.ymax, v.P50)
	}
	if lk.bands && kind == results.Sweep {
		lo5, hi95, lo25, hi75 := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i, v := range s.Values {
			lo5[i], hi95[i], lo25[i], hi75[i] = v.P5, v.P95, v.P25, v.P75
			pn.ymax = math.Max(pn.ymax, v.P95)
		}
		switch {
		case pn.overlap:
			if !lk.only50 && pn.edges90 {
				for _, edge := range [][]float64{lo5, hi95} {
					pts := make(plotter.XYs, n)
					for i := range pts {
						pts[i] = plotter.XY{X: x[i], Y: edge[i]}
					}
					l, _ := plotter.NewLine(pts)
					l.LineStyle = band90Edge(col)
					pn.under = append(pn.under, l)
				}
			}
			pn.bands = append(pn.bands, &band{x, lo25, hi75, alpha(col, overlapBand50Alpha)})
		default:
			if !lk.only50 {
				pn.bands = append(pn.bands, &band{x, lo5, hi95, alpha(col, band90Alpha)})
			}
			pn.bands = append(pn.bands, &band{x, lo25, hi75, alpha(col, band50Alpha)})
		}
	}
	l, _ := plotter.NewLine(xy) // the values are finite: they were parsed from CSV
	l.LineStyle = lk.style(col, pn.small)
	if lk.step {
		l.StepStyle = plotter.PostStep
	}
	if lk.fade > 0 {
		pn.under = append(pn.under, l)
	} else {
		pn.lines = append(pn.lines, l)
	}
	pn.series++
}

// yearMarkers marks years with labelled vertical lines.
func (pn *panel) yearMarkers(label func(y int) string, years ...int) {
	var before *refLine
	for _, y := range years {
		l := ""
		if label != nil {
			l = label(y)
		}
		m := &refLine{vertical: true, at: float64(y), style: markerStyle, label: l, text: textStyle(noteSize, false, grey), before: before}
		pn.markers = append(pn.markers, m)
		before = m
	}
	if label != nil {
		pn.headroom = 0.1
	}
}

var (
	markerStyle = draw.LineStyle{Color: grey, Width: vg.Points(0.9), Dashes: dots}
	levelStyle  = draw.LineStyle{Color: ink, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(7), vg.Points(3)}}
)

// finish adds the layers and sets the axes: x over the data, y from 0.
func (pn *panel) finish() *plot.Plot {
	pn.p.Add(pn.bands...)
	pn.p.Add(pn.under...)
	pn.p.Add(pn.markers...)
	pn.p.Add(pn.lines...)
	pn.p.Add(pn.top...)
	if pn.xmin < pn.xmax {
		pn.p.X.Min, pn.p.X.Max = pn.xmin, pn.xmax
	}
	setY(pn.p, pn.ymax, pn.headroom)
	return pn.p
}

// cbsCount is the CBS-comparable count with the CBS observations, the
// 2021 level and the plan's years.
func (b *builder) cbsCount(obs []observed.Observation) func() (Figure, error) {
	return func() (Figure, error) {
		const name = "cbs_count"
		pn := b.newPanel(false)
		for i, s := range b.scs {
			ser, err := b.national(name, s, "cbs_count")
			if err != nil {
				return Figure{}, err
			}
			pn.addSeries(ser, s.Kind, b.colors[i], solid)
		}
		legend := append(b.scenarioEntries(), b.lineEntry(b.t("legend.simulated"), solid))
		legend = append(legend, b.bandEntries()...)
		if len(obs) > 0 {
			pr := &pointRanges{color: ink, radius: vg.Points(2.2), caps: true, fillBackground: true}
			for _, o := range obs {
				x := yearOf(o.Date)
				pn.spanX(x)
				pr.x, pr.y, pr.lo, pr.hi = append(pr.x, x), append(pr.y, o.Value), append(pr.lo, o.Low), append(pr.hi, o.High)
				pn.ymax = math.Max(pn.ymax, o.High)
			}
			pn.top = append(pn.top, pr)
			pn.series++
			legend = append(legend, LegendEntry{b.t("legend.cbs_observation"), []plot.Thumbnailer{pointThumb{color: ink, bar: true, cap: true}}})
		}
		if level := b.level2021(obs); level > 0 {
			pn.markers = append(pn.markers, &refLine{at: level, style: levelStyle})
			pn.ymax = math.Max(pn.ymax, level)
			legend = append(legend, LegendEntry{fmt.Sprintf(b.t("legend.level_2021"), i18n.Number(b.lang, level, 0)), []plot.Thumbnailer{lineThumb{levelStyle}}})
		}
		pn.yearMarkers(b.targetLabel, planYears...)
		pn.p.Y.Label.Text = b.t("axis.people")
		p := pn.finish()
		return Figure{Name: name, Title: b.t("fig.cbs_count"), Subtitle: b.subtitle(b.t("sub.cbs_count"), b.runInfo), Plot: p, Legend: legend, Series: pn.series}, nil
	}
}

func (b *builder) targetLabel(y int) string { return fmt.Sprintf(b.t("legend.target_year"), y) }

// level2021 is the threshold of the target on the CBS count (the 2021
// level), or else the observation of 1 January 2021, or else 32,000.
func (b *builder) level2021(obs []observed.Observation) float64 {
	for _, s := range b.scs {
		for _, t := range s.Targets {
			if t.Metric == "cbs_count" && t.Threshold > 0 {
				return t.Threshold
			}
		}
	}
	for _, o := range obs {
		if o.Date.Equal(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)) {
			return o.Value
		}
	}
	return defaultLevel2021
}

// roughSleeping is ETHOS 1 and, dashed, sleeping rough for lack of
// shelter; for sweeps, the bands are ETHOS 1's (two bands per colour
// could not be told apart).
func (b *builder) roughSleeping() (Figure, error) {
	const name = "rough_sleeping"
	pn := b.newPanel(false)
	for i, s := range b.scs {
		rough, err := b.national(name, s, "ethos1")
		if err != nil {
			return Figure{}, err
		}
		lack, err := b.national(name, s, "rough_lack_of_shelter")
		if err != nil {
			return Figure{}, err
		}
		pn.addSeries(rough, s.Kind, b.colors[i], solid)
		pn.addSeries(lack, s.Kind, b.colors[i], dashedNoBands)
	}
	pn.yearMarkers(b.targetLabel, planYears...)
	pn.p.Y.Label.Text = b.t("axis.people")
	legend := append(b.scenarioEntries(), b.lineEntry(b.t("legend.rough"), solid), b.lineEntry(b.t("legend.rough_lack_of_shelter"), dashedNoBands))
	legend = append(legend, b.bandEntries()...)
	return Figure{Name: name, Title: b.t("fig.rough_sleeping"), Subtitle: b.subtitle("", b.runInfo), Plot: pn.finish(), Legend: legend, Series: pn.series}, nil
}

// shelter is occupancy against capacity, in two panels: large-scale and
// small-scale, on the same scale.
func (b *builder) shelter() (Figure, error) {
	const name = "shelter"
	var panels []*panel
	series := 0
	for _, kind := range []string{"large", "small"} {
		pn := b.newPanel(false)
		for i, s := range b.scs {
			occ, err := b.national(name, s, "occupied_"+kind)
			if err != nil {
				return Figure{}, err
			}
			capacity, err := b.national(name, s, "capacity_"+kind)
			if err != nil {
				return Figure{}, err
			}
			pn.addSeries(occ, s.Kind, b.colors[i], filled)
			pn.addSeries(capacity, s.Kind, b.colors[i], capacityLook)
		}
		pn.p.Title.Text = b.t("panel." + kind)
		pn.p.X.Tick.Marker = yearTicker(6) // half the width
		if kind == "large" {               // the afbouw targets
			pn.yearMarkers(b.targetLabel, planYears...)
		} else {
			pn.yearMarkers(nil, planYears...)
		}
		panels = append(panels, pn)
		series += pn.series
	}
	shared(panels)
	panels[0].p.Y.Label.Text = b.t("axis.places")
	legend := append(b.scenarioEntries(), b.lineEntry(b.t("legend.occupied"), filled), b.lineEntry(b.t("legend.capacity"), capacityLook))
	legend = append(legend, b.bandEntries()...)
	tiles := [][]*plot.Plot{{panels[0].finish(), panels[1].finish()}}
	return Figure{Name: name, Title: b.t("fig.shelter"), Subtitle: b.subtitle("", b.runInfo), Tiles: tiles, Legend: legend, Series: series}, nil
}

// shared gives panels the same x and y ranges.
func shared(panels []*panel) {
	xmin, xmax, ymax, head := math.Inf(1), math.Inf(-1), 0.0, 0.0
	for _, pn := range panels {
		xmin, xmax, ymax, head = math.Min(xmin, pn.xmin), math.Max(xmax, pn.xmax), math.Max(ymax, pn.ymax), math.Max(head, pn.headroom)
	}
	for _, pn := range panels {
		pn.xmin, pn.xmax, pn.ymax, pn.headroom = xmin, xmax, ymax, head
	}
}

// waitingList is the housing waiting list.
func (b *builder) waitingList() (Figure, error) {
	const name = "waiting_list"
	pn := b.newPanel(false)
	for i, s := range b.scs {
		ser, err := b.national(name, s, "waiting_list")
		if err != nil {
			return Figure{}, err
		}
		pn.addSeries(ser, s.Kind, b.colors[i], solid)
	}
	pn.p.Y.Label.Text = b.t("axis.people")
	legend := append(b.scenarioEntries(), b.lineEntry(b.t("legend.waiting_list"), solid))
	legend = append(legend, b.bandEntries()...)
	return Figure{Name: name, Title: b.t("fig.waiting_list"), Subtitle: b.subtitle("", b.runInfo), Plot: pn.finish(), Legend: legend, Series: pn.series}, nil
}

// stayP90 is the yearly 90th percentile of shelter stays against the
// 3-month norm, with the sweeps' 50% and 90% ranges as bars.
func (b *builder) stayP90() (Figure, error) {
	const name = "stay_p90"
	pn := b.newPanel(false)
	norm, normYear := float64(defaultNormDays), defaultNormYear
	for _, t := range b.scs[0].Targets {
		if t.Metric == "shelter_stay_p90_days" {
			norm, normYear = t.Threshold, t.Year
			break
		}
	}
	n := len(b.scs)
	for i, s := range b.scs {
		var years []int
		for y := range s.StayP90 {
			years = append(years, y)
		}
		if len(years) == 0 {
			continue
		}
		sort.Ints(years)
		col := b.colors[i]
		pr := &pointRanges{color: col, radius: vg.Points(2.4), connect: draw.LineStyle{Color: col, Width: thinWidth}}
		dodge := 0.0
		if n > 1 && b.sweep { // side by side, so that the bars do not overlap
			dodge = (float64(i) - float64(n-1)/2) * math.Min(0.15, 0.6/float64(n))
		}
		for _, y := range years {
			v := s.StayP90[y]
			pr.x, pr.y = append(pr.x, float64(y)+0.5+dodge), append(pr.y, v.P50)
			pn.ymax = math.Max(pn.ymax, v.P50)
			if s.Kind == results.Sweep {
				pr.lo, pr.hi, pr.lo50, pr.hi50 = append(pr.lo, v.P5), append(pr.hi, v.P95), append(pr.lo50, v.P25), append(pr.hi50, v.P75)
				pn.ymax = math.Max(pn.ymax, v.P95)
			}
			pn.spanX(float64(y))
			pn.spanX(float64(y + 1))
		}
		pn.top = append(pn.top, pr)
		pn.series++
	}
	if pn.series == 0 { // no stays: the norm and its year alone
		pn.spanX(float64(normYear - 1))
		pn.spanX(float64(normYear + 2))
	}
	pn.markers = append(pn.markers, &refLine{at: norm, style: levelStyle})
	pn.ymax = math.Max(pn.ymax, norm)
	pn.bands = append([]plot.Plotter{&span{from: float64(normYear), to: float64(normYear + 1), color: spanGrey,
		label: b.targetLabel(normYear), text: textStyle(noteSize, false, grey)}}, pn.bands...)
	pn.headroom = 0.1
	pn.p.Y.Label.Text = b.t("axis.days")
	pn.p.X.Tick.Marker = yearCenterTicker()
	label := b.t("legend.stay_p90")
	if b.sweep {
		label += ", " + b.t("legend.median")
	}
	legend := append(b.scenarioEntries(), LegendEntry{label, []plot.Thumbnailer{pointThumb{color: b.styleColor(), bar: b.sweep, line: true}}})
	if b.sweep {
		c := b.styleColor()
		legend = append(legend,
			LegendEntry{b.t("legend.band50"), []plot.Thumbnailer{vlineThumb{draw.LineStyle{Color: c, Width: vg.Points(3)}}}},
			LegendEntry{b.t("legend.band90"), []plot.Thumbnailer{vlineThumb{draw.LineStyle{Color: c, Width: vg.Points(1)}}}})
	}
	legend = append(legend, LegendEntry{fmt.Sprintf(b.t("legend.norm_3_months"), i18n.Number(b.lang, norm, 0)), []plot.Thumbnailer{lineThumb{levelStyle}}})
	return Figure{Name: name, Title: b.t("fig.stay_p90"), Subtitle: b.subtitle(b.t("sub.stay_p90"), b.runInfo), Plot: pn.finish(), Legend: legend, Series: pn.series}, nil
}

// ethosStacked is ETHOS 1..7 stacked over time, one figure per scenario;
// for a sweep, the stacked medians.
func (b *builder) ethosStacked() ([]Figure, error) {
	var out []Figure
	used := map[string]bool{}
	for _, s := range b.scs {
		name := "ethos_stacked"
		if b.multi() {
			name += "_" + fileName(s.Name)
			for base, k := name, 2; used[name]; k++ {
				name = fmt.Sprintf("%s_%d", base, k)
			}
		}
		used[name] = true
		pn := b.newPanel(false)
		var dates []time.Time
		var cum []float64
		var legend []LegendEntry
		for k := 1; k <= 7; k++ {
			metric := fmt.Sprintf("ethos%d", k)
			ser, err := b.national(name, s, metric)
			if err != nil {
				return nil, err
			}
			if dates == nil {
				dates = ser.Dates
				cum = make([]float64, len(dates))
			}
			if len(ser.Dates) != len(dates) || !ser.Dates[0].Equal(dates[0]) {
				return nil, fmt.Errorf("figure %s: scenario %s: %s has %d dates from %s, ethos1 %d from %s", name, s.Name, metric, len(ser.Dates), ser.Dates[0].Format(time.DateOnly), len(dates), dates[0].Format(time.DateOnly))
			}
			x, lo, hi := make([]float64, len(dates)), make([]float64, len(dates)), make([]float64, len(dates))
			for i, d := range dates {
				x[i] = yearOf(d)
				pn.spanX(x[i])
				lo[i] = cum[i]
				cum[i] += ser.Values[i].P50
				hi[i] = cum[i]
				pn.ymax = math.Max(pn.ymax, cum[i])
			}
			col := ethosColors[k-1]
			pn.bands = append(pn.bands, &band{x, lo, hi, col})
			pn.series++
			legend = append(legend, LegendEntry{fmt.Sprintf("%d %s", k, b.t("state."+metric)), []plot.Thumbnailer{swatch{col}}})
		}
		pn.p.Y.Label.Text = b.t("axis.people")
		info := b.runInfo(s)
		if s.Kind == results.Sweep {
			info = fmt.Sprintf(b.t("sub.stacked_sweep"), s.Runs)
		}
		out = append(out, Figure{Name: name, Title: b.t("fig.ethos_stacked"), Subtitle: s.Name + ": " + info, Plot: pn.finish(), Legend: legend, Series: pn.series})
	}
	return out, nil
}

// regionKey sorts region names as Dutch lists do: 's-Hertogenbosch
// under H, 't Gooi under G, case-insensitively.
func regionKey(name string) string {
	k := strings.ToLower(name)
	for _, p := range []string{"'s-", "'s ", "'t-", "'t "} {
		if rest, ok := strings.CutPrefix(k, p); ok {
			return rest
		}
	}
	return k
}

// fileName makes a scenario name safe as part of a file name.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '-'
	}, s)
}

// regionsLarge is small multiples of every region's large-scale shelter:
// open places (solid) and capacity (dashed), on one scale.
func (b *builder) regionsLarge() (Figure, error) {
	const name = "regions_large"
	seen := map[string]bool{}
	var regions []string
	capacityMissing := false
	for _, s := range b.scs {
		if len(s.Regional["capacity_large"]) == 0 {
			capacityMissing = true
		}
		for _, m := range []string{"open_large", "capacity_large"} {
			for _, r := range s.Regions(m) {
				if !seen[r] {
					seen[r] = true
					regions = append(regions, r)
				}
			}
		}
	}
	if len(regions) == 0 {
		return Figure{}, fmt.Errorf("figure %s: no scenario has regional series open_large or capacity_large", name)
	}
	sort.Slice(regions, func(i, j int) bool { return regionKey(regions[i]) < regionKey(regions[j]) })
	cols := len(regions)
	if cols > 4 {
		cols = int(math.Ceil(math.Sqrt(float64(len(regions)))))
	}
	rows := (len(regions) + cols - 1) / cols

	var panels []*panel
	series := 0
	anyCapacity := false
	for _, r := range regions {
		pn := b.newPanel(true)
		pn.p.Title.Text = r
		for i, s := range b.scs {
			if ser := s.Regional["open_large"][r]; ser != nil && len(ser.Dates) > 0 {
				pn.addSeries(ser, s.Kind, b.colors[i], filled50)
			}
			if ser := s.Regional["capacity_large"][r]; ser != nil && len(ser.Dates) > 0 {
				pn.addSeries(ser, s.Kind, b.colors[i], capacityLook)
				anyCapacity = true
			}
		}
		series += pn.series
		panels = append(panels, pn)
	}
	w, _ := Figure{}.Size()
	tileW := (w - 2*margin) / vg.Length(cols)
	tileH := min(max(tileW*0.8, 2.3*vg.Centimeter), 5.5*vg.Centimeter)
	h := max(DefaultHeight, vg.Length(rows)*tileH+3.2*vg.Centimeter)
	xLabels, yLabels := 3, 3 // small tiles
	if tileW > 4*vg.Centimeter {
		xLabels = 6
	}
	if (h-3.2*vg.Centimeter)/vg.Length(rows) > 4*vg.Centimeter {
		yLabels = 5
	}

	shared(panels)
	tiles := make([][]*plot.Plot, rows)
	for i := range tiles {
		tiles[i] = make([]*plot.Plot, cols)
	}
	for k, pn := range panels {
		i, j := k/cols, k%cols
		pn.p.X.Tick.Marker = yearTicker(xLabels)
		pn.p.Y.Tick.Marker = numberTicker(b.lang, yLabels)
		if j > 0 {
			pn.p.Y.Tick.Marker = unlabelled(pn.p.Y.Tick.Marker)
		}
		if below := k + cols; below < len(panels) { // a tile under it shows the years
			pn.p.X.Tick.Marker = unlabelled(pn.p.X.Tick.Marker)
		}
		tiles[i][j] = pn.finish()
	}

	var legend []LegendEntry
	legend = append(legend, b.scenarioEntries()...)
	legend = append(legend, b.lineEntry(b.t("legend.open"), filled))
	if anyCapacity {
		legend = append(legend, b.lineEntry(b.t("legend.capacity"), capacityLook))
	}
	legend = append(legend, b.bandEntries(true)...)
	desc := b.t("sub.same_scale")
	if capacityMissing {
		desc += "; " + b.t("sub.no_regional_capacity")
	}

	return Figure{Name: name, Title: b.t("fig.regions_large"), Subtitle: b.subtitle(desc, b.runInfo), Tiles: tiles, Legend: legend, Series: series, Height: h}, nil
}
