package figure

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// band fills the area between two curves over the same x values: a
// quantile band, or a layer of a stacked area.
type band struct {
	x, lo, hi []float64
	color     color.Color
}

func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	if len(b.x) == 0 {
		return
	}
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, 0, 2*len(b.x))
	for i := range b.x {
		pts = append(pts, vg.Point{X: trX(b.x[i]), Y: trY(b.lo[i])})
	}
	for i := len(b.x) - 1; i >= 0; i-- {
		pts = append(pts, vg.Point{X: trX(b.x[i]), Y: trY(b.hi[i])})
	}
	c.FillPolygon(b.color, c.ClipPolygonXY(pts))
}

func (b *band) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range b.x {
		xmin, xmax = math.Min(xmin, b.x[i]), math.Max(xmax, b.x[i])
		ymin, ymax = math.Min(ymin, b.lo[i]), math.Max(ymax, b.hi[i])
	}
	return
}

// refLine is a horizontal (at y) or vertical (at x) reference line across
// the data area, with an optional label: a vertical line's label sits at
// the top, right of the line; a horizontal line's at the right end, above
// the line.
type refLine struct {
	vertical bool
	at       float64
	style    draw.LineStyle
	label    string
	text     text.Style
	// before is the vertical marker to the left of this one, whose label
	// this one's must not overprint.
	before *refLine
}

func (r *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if r.vertical {
		x := trX(r.at)
		if x < c.Min.X || x > c.Max.X {
			return
		}
		c.StrokeLine2(r.style, x, c.Min.Y, x, c.Max.Y)
		if r.label != "" {
			sty := r.text
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
			at, top := x+vg.Points(2), c.Max.Y-vg.Points(1)
			if at+sty.Width(r.label) > c.Max.X {
				// No room on the right: left of the line, and a line
				// lower if it would overprint the label of the marker
				// before it (in a narrow panel "target 2025" reaches
				// past 2030).
				sty.XAlign, at = draw.XRight, x-vg.Points(2)
				if b := r.before; b != nil && b.label != "" && trX(b.at)+vg.Points(2)+sty.Width(b.label) > at-sty.Width(r.label) {
					top -= sty.Height(r.label)
				}
			}
			c.FillText(sty, vg.Point{X: at, Y: top}, r.label)
		}
		return
	}
	y := trY(r.at)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
	if r.label != "" {
		sty := r.text
		sty.XAlign, sty.YAlign = draw.XRight, draw.YBottom
		c.FillText(sty, vg.Point{X: c.Max.X - vg.Points(2), Y: y + vg.Points(1.5)}, r.label)
	}
}

// span shades the years [from, to) over the whole height, with a label
// at the top left: a target year.
type span struct {
	from, to float64
	color    color.Color
	label    string
	text     text.Style
}

func (sp *span) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x0, x1 := max(trX(sp.from), c.Min.X), min(trX(sp.to), c.Max.X)
	if x1 <= x0 {
		return
	}
	c.FillPolygon(sp.color, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
	if sp.label != "" {
		sty := sp.text
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
		at := x0 + vg.Points(2)
		if at+sty.Width(sp.label) > c.Max.X {
			sty.XAlign, at = draw.XRight, x1-vg.Points(2)
		}
		c.FillText(sty, vg.Point{X: at, Y: c.Max.Y - vg.Points(1)}, sp.label)
	}
}

// pointRanges draws points with vertical ranges: an observation with its
// margin, or a sweep's median with its 90% range (thin) and 50% range
// (thick). A line through the points is optional.
type pointRanges struct {
	x, y           []float64
	lo, hi         []float64 // outer range; nil: none
	lo50, hi50     []float64 // inner range; nil: none
	color          color.Color
	radius         vg.Length
	connect        draw.LineStyle // Width 0: no line
	caps           bool
	fillBackground bool // a white ring around the point
}

func (pr *pointRanges) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if pr.connect.Width > 0 && len(pr.x) > 1 {
		pts := make([]vg.Point, len(pr.x))
		for i := range pr.x {
			pts[i] = vg.Point{X: trX(pr.x[i]), Y: trY(pr.y[i])}
		}
		c.StrokeLines(pr.connect, c.ClipLinesXY(pts)...)
	}
	thin := draw.LineStyle{Color: pr.color, Width: vg.Points(1)}
	thick := draw.LineStyle{Color: pr.color, Width: vg.Points(3)}
	capW := vg.Points(2.5)
	for i := range pr.x {
		x := trX(pr.x[i])
		if pr.lo != nil {
			lo, hi := trY(pr.lo[i]), trY(pr.hi[i])
			c.StrokeLine2(thin, x, lo, x, hi)
			if pr.caps {
				c.StrokeLine2(thin, x-capW, lo, x+capW, lo)
				c.StrokeLine2(thin, x-capW, hi, x+capW, hi)
			}
		}
		if pr.lo50 != nil {
			c.StrokeLine2(thick, x, trY(pr.lo50[i]), x, trY(pr.hi50[i]))
		}
		pt := vg.Point{X: x, Y: trY(pr.y[i])}
		if pr.fillBackground {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.White, Radius: pr.radius + vg.Points(0.8), Shape: draw.CircleGlyph{}}, pt)
		}
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: pr.color, Radius: pr.radius, Shape: draw.CircleGlyph{}}, pt)
	}
}

func (pr *pointRanges) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range pr.x {
		xmin, xmax = math.Min(xmin, pr.x[i]), math.Max(xmax, pr.x[i])
		ymin, ymax = math.Min(ymin, pr.y[i]), math.Max(ymax, pr.y[i])
		if pr.lo != nil {
			ymin, ymax = math.Min(ymin, pr.lo[i]), math.Max(ymax, pr.hi[i])
		}
	}
	return
}

// Thumbnails for the legend.

// lineThumb is a horizontal line.
type lineThumb struct{ draw.LineStyle }

func (t lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.LineStyle, c.Min.X, y, c.Max.X, y)
}

// vlineThumb is a vertical line.
type vlineThumb struct{ draw.LineStyle }

func (t vlineThumb) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(t.LineStyle, x, c.Min.Y, x, c.Max.Y)
}

// swatch is a filled rectangle.
type swatch struct{ color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	c.SetColor(s.Color)
	c.Fill(c.Rectangle.Path())
}

// pointThumb is a point, with a range (bar) and caps, as pointRanges
// draws it.
type pointThumb struct {
	color           color.Color
	bar, inner, cap bool
	line            bool
}

func (t pointThumb) Thumbnail(c *draw.Canvas) {
	x, y := c.Center().X, c.Center().Y
	thin := draw.LineStyle{Color: t.color, Width: vg.Points(1)}
	if t.line {
		c.StrokeLine2(draw.LineStyle{Color: t.color, Width: thinWidth}, c.Min.X, y, c.Max.X, y)
	}
	if t.bar {
		c.StrokeLine2(thin, x, c.Min.Y, x, c.Max.Y)
	}
	if t.cap {
		c.StrokeLine2(thin, x-vg.Points(2.5), c.Min.Y, x+vg.Points(2.5), c.Min.Y)
		c.StrokeLine2(thin, x-vg.Points(2.5), c.Max.Y, x+vg.Points(2.5), c.Max.Y)
	}
	if t.inner {
		h := (c.Max.Y - c.Min.Y) / 4
		c.StrokeLine2(draw.LineStyle{Color: t.color, Width: vg.Points(3)}, x, y-h, x, y+h)
	}
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: t.color, Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}, vg.Point{X: x, Y: y})
}
