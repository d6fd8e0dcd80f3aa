// This file implements the trade-off figure of two levers: per value of
// the second, the value of the first that reaches a target, with its
// interval.

package figure

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Needed is one point of a trade-off curve: at X of the second lever,
// the first must be Y (Low to High, its interval). Found is false where
// no value in the range reaches the target; such a point is not drawn.
type Needed struct {
	X, Y, Low, High float64
	Found           bool
}

// TradeoffCurve draws the value of one lever needed (y) against another
// (x), as a line through the points found with their intervals as
// whiskers.
func TradeoffCurve(name, title, subtitle, xAxis, yAxis, lang string, points []Needed) (Figure, error) {
	var line plotter.XYs
	var errs plotter.YErrors
	for _, p := range points {
		if !p.Found {
			continue
		}
		line = append(line, plotter.XY{X: p.X, Y: p.Y})
		lo, hi := p.Y-p.Low, p.High-p.Y
		if math.IsInf(lo, 0) || math.IsNaN(lo) {
			lo = 0
		}
		if math.IsInf(hi, 0) || math.IsNaN(hi) {
			hi = 0
		}
		errs = append(errs, struct{ Low, High float64 }{lo, hi})
	}
	if len(line) == 0 {
		return Figure{}, fmt.Errorf("figure: trade-off %s: no lever value reaches the target anywhere", name)
	}
	p := newPlot(lang, false)
	p.X.Label.Text, p.Y.Label.Text = xAxis, yAxis
	p.X.Tick.Marker, p.Y.Tick.Marker = numberTicker(lang, 6), numberTicker(lang, 6)
	l, err := plotter.NewLine(line)
	if err != nil {
		return Figure{}, err
	}
	l.LineStyle = draw.LineStyle{Color: blue, Width: lineWidth}
	sc, err := plotter.NewScatter(line)
	if err != nil {
		return Figure{}, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: blue, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	eb := &plotter.YErrorBars{XYs: line, YErrors: errs, LineStyle: draw.LineStyle{Color: ink, Width: thinWidth}, CapWidth: vg.Points(4)}
	p.Add(l, sc, eb)
	// Room around the points, so none sits on an axis.
	pad := 0.05 * math.Max(p.Y.Max-p.Y.Min, 1)
	p.Y.Min, p.Y.Max = p.Y.Min-pad, p.Y.Max+pad
	f := Figure{Name: name, Title: title, Subtitle: subtitle, Plot: p, Series: 1}
	f.Legend = []LegendEntry{{Label: yAxis, Thumbs: []plot.Thumbnailer{l}}}
	return f, nil
}
