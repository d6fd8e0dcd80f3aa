package figure

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/thuis-nl/thuis/model/i18n"
)

// The Okabe-Ito palette: distinguishable with every common form of colour
// blindness, and in grey print by lightness.
var (
	blue          = color.NRGBA{0x00, 0x72, 0xB2, 0xff}
	vermillion    = color.NRGBA{0xD5, 0x5E, 0x00, 0xff}
	bluishGreen   = color.NRGBA{0x00, 0x9E, 0x73, 0xff}
	reddishPurple = color.NRGBA{0xCC, 0x79, 0xA7, 0xff}
	orange        = color.NRGBA{0xE6, 0x9F, 0x00, 0xff}
	skyBlue       = color.NRGBA{0x56, 0xB4, 0xE9, 0xff}
	yellow        = color.NRGBA{0xF0, 0xE4, 0x42, 0xff}

	ink      = color.NRGBA{0x22, 0x22, 0x22, 0xff} // text, observations
	grey     = color.NRGBA{0x55, 0x55, 0x55, 0xff} // subtitles, reference lines
	neutral  = color.NRGBA{0x44, 0x44, 0x44, 0xff} // line styles in a legend of several scenarios
	gridGrey = color.NRGBA{0xe3, 0xe3, 0xe3, 0xff}
	spanGrey = color.NRGBA{0x00, 0x00, 0x00, 0x0d} // a target year, over the grid
)

// A scenario's colour comes from its name, so the plan is the same blue
// in every report whatever its column. The shipped scenarios have fixed
// colours (the baseline is always grey: the reference, not a policy);
// any other name hashes (FNV-1a) into the palette. Yellow, too light on
// white, is used only when six scenarios have taken the other colours;
// an eighth scenario repeats a colour.
var (
	baselineGrey = color.NRGBA{0x77, 0x77, 0x77, 0xff}

	shippedColors = map[string]color.NRGBA{
		"baseline":               baselineGrey,
		"history":                baselineGrey,
		"history-calibrated":     baselineGrey,
		"eerst-een-thuis":        blue,
		"afbouw-zonder-woningen": vermillion,
		"preventie-eerst":        bluishGreen,
	}
	// hashColors are the colours a name may hash to, those of the
	// shipped scenarios last, so a new scenario compared with them
	// rarely needs its second choice.
	hashColors = []color.NRGBA{reddishPurple, orange, skyBlue, blue, vermillion, bluishGreen}
)

// ScenarioColor returns the colour of the scenario with this name, the
// same in every figure and report.
func ScenarioColor(name string) color.Color {
	if c, ok := shippedColors[name]; ok {
		return c
	}
	return hashColors[nameHash(name)%uint32(len(hashColors))]
}

// ScenarioColors returns the colours of scenarios shown together: each
// its ScenarioColor, unless an earlier one (a shipped scenario first)
// has it already, then the next free colour of the palette after it. A
// scenario keeps its colour in every report where no other takes it.
func ScenarioColors(names []string) []color.Color {
	out := make([]color.Color, len(names))
	used := map[color.NRGBA]bool{}
	for pass := 0; pass < 2; pass++ {
		for i, name := range names {
			c, shipped := shippedColors[name]
			if shipped != (pass == 0) {
				continue
			}
			if !shipped || used[c] && name != "baseline" {
				start := int(nameHash(name) % uint32(len(hashColors)))
				if shipped {
					start = 0
				}
				c = firstFree(used, start)
			}
			used[c] = true
			out[i] = c
		}
	}
	return out
}

// firstFree is the first colour of hashColors from start on (wrapping)
// that is not used; yellow if all are; then hashColors[start] again.
func firstFree(used map[color.NRGBA]bool, start int) color.NRGBA {
	for k := range hashColors {
		if c := hashColors[(start+k)%len(hashColors)]; !used[c] {
			return c
		}
	}
	if !used[yellow] {
		return yellow
	}
	return hashColors[start]
}

// nameHash is FNV-1a of a name: stable across Go versions and machines.
func nameHash(name string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h ^= uint32(name[i])
		h *= 16777619
	}
	return h
}

// Hex is a colour as CSS writes it: "#0072b2".
func Hex(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02x%02x%02x", n.R, n.G, n.B)
}

// ethosColors colour ETHOS 1..7 in the stacked figure: the street in
// vermillion, shelter in orange and yellow, the hidden categories in
// purple and blues, facing eviction in green.
var ethosColors = []color.NRGBA{vermillion, orange, yellow, reddishPurple, skyBlue, blue, bluishGreen}

// alpha returns c with opacity a.
func alpha(c color.Color, a float64) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(math.Round(a * 255))
	return n
}

// Opacities of the bands of one scenario.
const (
	band90Alpha = 0.14
	band50Alpha = 0.30
	// Several scenarios: only the 50% band is filled, so lightly that
	// two or three overlapping stay pale, not brown.
	overlapBand50Alpha = 0.16
)

// band90Edge is the line style of a 90% band's edges when several
// scenarios overlap: thin, dashed, in the scenario's colour.
func band90Edge(c color.Color) draw.LineStyle {
	return draw.LineStyle{Color: alpha(c, 0.8), Width: vg.Points(0.7), Dashes: []vg.Length{vg.Points(2.5), vg.Points(1.5)}}
}

// Text sizes.
const (
	titleSize    = 11
	subtitleSize = 8
	labelSize    = 8.5
	tickSize     = 8
	legendSize   = 8
	noteSize     = 7.5
	tileSize     = 7
)

// sans returns Liberation Sans (metrically Arial) of a size in points.
func sans(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// textStyle is a text style with the default text handler.
func textStyle(size vg.Length, bold bool, c color.Color) text.Style {
	return text.Style{Color: c, Font: sans(size, bold), Handler: plot.DefaultTextHandler}
}

// Line widths.
var (
	lineWidth = vg.Points(1.6)
	thinWidth = vg.Points(0.8)
	dashes    = []vg.Length{vg.Points(5), vg.Points(2.5)}
	dots      = []vg.Length{vg.Points(1.5), vg.Points(2)}
)

// newPlot returns a panel with the house style: sans-serif text, years on
// the x axis, numbers with the language's thousands separator on the y
// axis, light horizontal grid lines, no title (the figure has one).
func newPlot(lang string, small bool) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.White
	tick, label := vg.Length(tickSize), vg.Length(labelSize)
	if small {
		tick, label = tileSize, tileSize
	}
	p.Title.TextStyle.Font = sans(label, true)
	p.Title.TextStyle.Color = ink
	p.Title.Padding = vg.Points(3)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font = sans(tick, false)
		a.Tick.Label.Color = ink
		a.Label.TextStyle.Font = sans(label, false)
		a.Label.TextStyle.Color = ink
		a.LineStyle.Color = grey
		a.Tick.LineStyle.Color = grey
		a.Tick.Length = vg.Points(3)
		a.Padding = 0
	}
	p.X.Tick.Marker = yearTicker(12)
	p.Y.Tick.Marker = numberTicker(lang, 6)
	if small {
		p.X.Tick.Marker = yearTicker(3)
		p.Y.Tick.Marker = numberTicker(lang, 3)
	}
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal = draw.LineStyle{Color: gridGrey, Width: vg.Points(0.5)}
	p.Add(g)
	return p
}

// yearOf returns t as a fractional year: 2025.0 is 1 January 2025.
func yearOf(t time.Time) float64 {
	start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	next := start.AddDate(1, 0, 0)
	return float64(t.Year()) + float64(t.Sub(start))/float64(next.Sub(start))
}

// yearTicker puts a tick on 1 January of every year and labels every
// year, every second, fifth or tenth year so that at most maxLabels
// labels show.
func yearTicker(maxLabels int) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		first, last := int(math.Ceil(min-1e-9)), int(math.Floor(max+1e-9))
		step := 1
		for _, s := range []int{1, 2, 5, 10, 20, 50, 100} {
			step = s
			if (last-first)/s+1 <= maxLabels {
				break
			}
		}
		var ticks []plot.Tick
		for y := first; y <= last; y++ {
			t := plot.Tick{Value: float64(y)}
			if y%step == 0 {
				t.Label = strconv.Itoa(y)
			}
			ticks = append(ticks, t)
		}
		return ticks
	})
}

// yearCenterTicker labels each whole year in the middle of its span,
// with unlabelled marks on 1 January: for yearly statistics drawn at
// mid-year.
func yearCenterTicker() plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		var ticks []plot.Tick
		for y := int(math.Ceil(min - 1e-9)); float64(y) <= max+1e-9; y++ {
			ticks = append(ticks, plot.Tick{Value: float64(y)})
			if float64(y)+1 <= max+1e-9 {
				ticks = append(ticks, plot.Tick{Value: float64(y) + 0.5, Label: strconv.Itoa(y)})
			}
		}
		return ticks
	})
}

// niceStep returns the smallest of 1, 2, 2.5 and 5 times a power of ten
// that is at least raw.
func niceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*(1-1e-12) {
			return m * mag
		}
	}
	return 10 * mag
}

// numberTicker labels round numbers at most n intervals apart (so n+1
// labels at most), with the language's thousands separator and decimal
// mark.
func numberTicker(lang string, n int) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		step := niceStep((max - min) / float64(n))
		decimals := 0
		for decimals < 6 && math.Abs(step*math.Pow10(decimals)-math.Round(step*math.Pow10(decimals))) > 1e-6 {
			decimals++
		}
		var ticks []plot.Tick
		for i := math.Ceil(min/step - 1e-9); i*step <= max+step*1e-9; i++ {
			v := i * step
			ticks = append(ticks, plot.Tick{Value: v, Label: i18n.Number(lang, v, decimals)})
		}
		return ticks
	})
}

// unlabelled drops the labels of a ticker's ticks, keeping the marks: for
// the inner tiles of small multiples.
func unlabelled(t plot.Ticker) plot.Ticker {
	return plot.TickerFunc(func(min, max float64) []plot.Tick {
		ticks := t.Ticks(min, max)
		for i := range ticks {
			ticks[i].Label = ""
		}
		return ticks
	})
}

// setY sets a count axis from 0 to a little above the largest value:
// headroom is the share kept free at the top (for labels of markers).
func setY(p *plot.Plot, maxValue, headroom float64) {
	if !(maxValue > 0) || math.IsInf(maxValue, 0) {
		maxValue = 1
	}
	p.Y.Min = 0
	p.Y.Max = maxValue / (1 - headroom)
}
