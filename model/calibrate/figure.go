package calibrate

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours: the Okabe-Ito blue of the model figures, grey for priors and
// observations in ink.
var (
	modelBlue = color.NRGBA{0x00, 0x72, 0xB2, 0xff}
	band90    = color.NRGBA{0x00, 0x72, 0xB2, 0x33}
	band50    = color.NRGBA{0x00, 0x72, 0xB2, 0x66}
	priorGrey = color.NRGBA{0x99, 0x99, 0x99, 0xff}
	obsInk    = color.NRGBA{0x22, 0x22, 0x22, 0xff}
	heldOut   = color.NRGBA{0xD5, 0x5E, 0x00, 0xff}
)

// WriteFigures draws, into dir, one figure per observed series with more
// than one national observation (fit-SERIES.png: the model's 50% and 90%
// bands and median against the observations with their 95% margins;
// fitted observations in black, held-out ones in orange) and
// parameters.png (per parameter, the prior's and the posterior's 90%
// intervals and medians, on the prior's scale).
func WriteFigures(dir string, p *Problem, res *Result) error {
	bands := res.Predictive(false, bandProbs...)
	k := 0
	for _, s := range p.Series {
		n := len(s.Observations)
		idx := make([]int, n)
		for i := range idx {
			idx[i] = k + i
		}
		k += n
		national := 0
		for _, o := range s.Observations {
			if o.Region == "" {
				national++
			}
		}
		if national < 2 {
			continue
		}
		pl := plot.New()
		pl.Title.Text = s.Name
		pl.Y.Label.Text = s.Unit
		pl.X.Label.Text = "year"
		pl.Y.Min = 0
		pl.Y.Tick.Marker = wholeTicks{}
		var lo90, hi90, lo50, hi50, mid plotter.XYs
		var fitPts, outPts plotter.XYs
		var fitErr, outErr plotter.YErrors
		for i, o := range s.Observations {
			if o.Region != "" {
				continue
			}
			x := float64(o.Year)
			if o.OfYear() {
				x += 0.5 // a year's figure sits mid-year
			} else {
				x += float64(o.Date.YearDay()-1) / 365.25
			}
			b := bands[idx[i]]
			lo90 = append(lo90, plotter.XY{X: x, Y: b[0]})
			lo50 = append(lo50, plotter.XY{X: x, Y: b[1]})
			mid = append(mid, plotter.XY{X: x, Y: b[2]})
			hi50 = append(hi50, plotter.XY{X: x, Y: b[3]})
			hi90 = append(hi90, plotter.XY{X: x, Y: b[4]})
			e := struct{ Low, High float64 }{o.Value - o.Low, o.High - o.Value}
			if p.Targets[idx[i]].Fit {
				fitPts = append(fitPts, plotter.XY{X: x, Y: o.Value})
				fitErr = append(fitErr, e)
			} else {
				outPts = append(outPts, plotter.XY{X: x, Y: o.Value})
				outErr = append(outErr, e)
			}
		}
		for _, b := range []struct {
			lo, hi plotter.XYs
			c      color.Color
		}{{lo90, hi90, band90}, {lo50, hi50, band50}} {
			poly, err := plotter.NewPolygon(append(append(plotter.XYs{}, b.lo...), reverse(b.hi)...))
			if err != nil {
				return err
			}
			poly.Color = b.c
			poly.LineStyle.Width = 0
			pl.Add(poly)
		}
		line, err := plotter.NewLine(mid)
		if err != nil {
			return err
		}
		line.Color = modelBlue
		line.Width = vg.Points(1.5)
		pl.Add(line)
		pl.Legend.Add("model median; 50% and 90% bands", line)
		for _, o := range []struct {
			pts  plotter.XYs
			errs plotter.YErrors
			c    color.Color
			name string
		}{{fitPts, fitErr, obsInk, "observed, fitted (95% margin)"}, {outPts, outErr, heldOut, "observed, not fitted (a check, or after --until)"}} {
			if len(o.pts) == 0 {
				continue
			}
			sc, err := plotter.NewScatter(o.pts)
			if err != nil {
				return err
			}
			sc.Color = o.c
			sc.Shape = draw.CircleGlyph{}
			eb, err := plotter.NewYErrorBars(struct {
				plotter.XYs
				plotter.YErrors
			}{o.pts, o.errs})
			if err != nil {
				return err
			}
			eb.Color = o.c
			pl.Add(eb, sc)
			pl.Legend.Add(o.name, sc)
		}
		pl.Legend.Top = true
		pl.Legend.Left = true
		pl.Add(plotter.NewGrid())
		if err := pl.Save(18*vg.Centimeter, 10*vg.Centimeter, filepath.Join(dir, "fit-"+s.Name+".png")); err != nil {
			return fmt.Errorf("calibrate: figure of %s: %w", s.Name, err)
		}
	}
	return parameterFigure(filepath.Join(dir, "parameters.png"), p, res)
}

func reverse(xs plotter.XYs) plotter.XYs {
	out := make(plotter.XYs, len(xs))
	for i, x := range xs {
		out[len(xs)-1-i] = x
	}
	return out
}

// parameterFigure draws each parameter's prior and posterior 90%
// intervals with their medians, rescaled so the prior's 5% and 95%
// quantiles are 0 and 1: how much the data narrowed and moved it.
func parameterFigure(file string, p *Problem, res *Result) error {
	pl := plot.New()
	pl.Title.Text = "prior (grey) and posterior (blue): 90% intervals and medians"
	pl.X.Label.Text = "position within the prior's 90% interval"
	var names []string
	ms := p.Marginals(res)
	n := len(ms)
	for i, m := range ms {
		post := m.Quantiles(res.Weights, 0.05, 0.5, 0.95)
		lo, hi := m.Prior.Quantile(0.05), m.Prior.Quantile(0.95)
		scale := func(x float64) float64 { return (x - lo) / (hi - lo) }
		y := float64(n - 1 - i)
		for _, iv := range []struct {
			a, m, b float64
			dy      float64
			c       color.Color
		}{
			{0, scale(m.Prior.Quantile(0.5)), 1, 0.15, priorGrey},
			{scale(post[0]), scale(post[1]), scale(post[2]), -0.15, modelBlue},
		} {
			l, err := plotter.NewLine(plotter.XYs{{X: iv.a, Y: y + iv.dy}, {X: iv.b, Y: y + iv.dy}})
			if err != nil {
				return err
			}
			l.Color = iv.c
			l.Width = vg.Points(4)
			m, err := plotter.NewScatter(plotter.XYs{{X: iv.m, Y: y + iv.dy}})
			if err != nil {
				return err
			}
			m.Color = obsInk
			m.Shape = draw.PlusGlyph{}
			m.Radius = vg.Points(4)
			pl.Add(l, m)
		}
		names = append(names, strings.TrimPrefix(m.Name, "inflow."))
	}
	ticks := make([]plot.Tick, n)
	for i, name := range names {
		ticks[i] = plot.Tick{Value: float64(n - 1 - i), Label: name}
	}
	pl.Y.Tick.Marker = plot.ConstantTicks(ticks)
	pl.Y.Min, pl.Y.Max = -0.6, float64(n)-0.4
	pl.Add(plotter.NewGrid())
	return pl.Save(20*vg.Centimeter, vg.Length(2+0.9*float64(n))*vg.Centimeter, file)
}

// wholeTicks labels an axis of counts with whole numbers and thousands
// separators.
type wholeTicks struct{}

func (wholeTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = thousands(ts[i].Value)
		}
	}
	return ts
}

func thousands(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
