// This file implements the tornado figure of a sensitivity analysis: the
// parameters that drive one output, as horizontal bars, largest on top.

package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bar is one bar of a tornado figure: a value with its interval (NaN:
// none).
type Bar struct {
	Value, Low, High float64
}

// BarSeries is one set of bars, one per label, with its legend entry.
type BarSeries struct {
	Legend string
	Bars   []Bar
}

// Tornado draws the bars of one or two series (Sobol' ST and S1, or
// Morris μ*) against labels, the first label on top; each bar shows its
// interval as a whisker. A negative estimate shows as no bar, its whisker
// reaching left of 0: noise around a true index of about 0.
func Tornado(name, title, subtitle, axis, lang string, labels []string, series []BarSeries) (Figure, error) {
	if len(labels) == 0 || len(series) == 0 {
		return Figure{}, fmt.Errorf("figure: tornado %s with %d labels and %d series", name, len(labels), len(series))
	}
	p := newPlot(lang, false)
	p.X.Tick.Marker = numberTicker(lang, 6)
	p.X.Label.Text = axis
	n := len(labels)
	reversed := make([]string, n)
	for i, l := range labels {
		reversed[n-1-i] = l
	}
	p.NominalY(reversed...)
	p.Y.Tick.Label.Font = sans(tickSize, false)
	width := vg.Points(math.Max(4, 120/float64(n)/float64(len(series))))
	colors := []color.Color{blue, vermillion}
	f := Figure{Name: name, Title: title, Subtitle: subtitle, Plot: p, Height: vg.Length(math.Max(float64(DefaultHeight), float64(vg.Points(60+18*float64(n)))))}
	xmax := 0.0
	for s, ser := range series {
		if len(ser.Bars) != n {
			return Figure{}, fmt.Errorf("figure: tornado %s: series %q has %d bars for %d labels", name, ser.Legend, len(ser.Bars), n)
		}
		vals := make(plotter.Values, n)
		var errs plotter.XErrors
		var pts plotter.XYs
		for i, b := range ser.Bars {
			vals[n-1-i] = math.Max(0, b.Value)
			xmax = math.Max(xmax, b.Value)
			if !math.IsNaN(b.Low) {
				xmax = math.Max(xmax, b.High)
				errs = append(errs, struct{ Low, High float64 }{b.Value - b.Low, b.High - b.Value})
				pts = append(pts, plotter.XY{X: b.Value, Y: float64(n - 1 - i)})
			}
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return Figure{}, err
		}
		bars.Horizontal = true
		bars.Color = colors[s%len(colors)]
		bars.LineStyle.Width = 0
		offset := vg.Length(float64(len(series)-1)/2-float64(s)) * width
		bars.Offset = offset
		p.Add(bars)
		if len(pts) > 0 {
			eb := &plotter.XErrorBars{XYs: pts, XErrors: errs, LineStyle: draw.LineStyle{Color: ink, Width: thinWidth}, CapWidth: vg.Points(3)}
			p.Add(offsetErrors{eb, offset})
		}
		f.Legend = append(f.Legend, LegendEntry{Label: ser.Legend, Thumbs: []plot.Thumbnailer{bars}})
		f.Series++
	}
	if xmax <= 0 {
		xmax = 1
	}
	p.X.Min = math.Min(0, p.X.Min)
	p.X.Max = xmax * 1.05
	return f, nil
}

// offsetErrors draws error bars shifted vertically by an offset, onto
// the bar they belong to.
type offsetErrors struct {
	*plotter.XErrorBars
	offset vg.Length
}

func (o offsetErrors) Plot(c draw.Canvas, p *plot.Plot) {
	c.Push()
	defer c.Pop()
	c.Translate(vg.Point{Y: o.offset})
	o.XErrorBars.Plot(c, p)
}
