// Package figure draws the figures policymakers put in notes, from what
// package results reads: the CBS-comparable count against the CBS
// observations and the 2021 level, rough sleeping, shelter occupancy
// against capacity, the waiting list, the 90th percentile of shelter
// stays against the 3-month norm, the ETHOS categories stacked, and
// large-scale shelter in every region.
//
// Every figure works for a single run (a line), for a sweep (the median
// with its 50% and 90% bands) and for several scenarios overlaid, one
// colour per scenario (the same in every figure, by the scenario's
// position). Text comes from package i18n, in Dutch or English, with the
// language's thousands separator. Colours are the Okabe-Ito palette,
// safe for colour-blind readers. The legend sits under the plot, never on
// the data.
//
//	scs, _ := results.Load("results/compare-plan")
//	cbs, _ := observed.LoadFS(scenarios.FS, "cbs")
//	figs, _ := figure.All(scs, cbs.Observations, "nl")
//	for _, f := range figs {
//		f.Save("results/compare-plan/figures") // cbs_count.png, cbs_count.svg, ...
//	}
package figure

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/thuis-nl/thuis/model/output"
)

// Size and resolution of a figure: the width of a text column in a note.
const (
	DPI           = 150
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// Figure is one figure: a title, a subtitle, one panel or a grid of
// panels, and a legend under them.
type Figure struct {
	// Name is the file name without extension: cbs_count, rough_sleeping,
	// shelter, waiting_list, stay_p90, ethos_stacked (or
	// ethos_stacked_<scenario> for several scenarios), regions_large.
	Name string
	// Title and Subtitle are drawn above the panels; Title also serves
	// as a caption.
	Title, Subtitle string
	// Plot is the single panel; nil when the figure has Tiles.
	Plot *plot.Plot
	// Tiles are the panels of small multiples, row-major, all rows of
	// equal length; nil entries are empty cells.
	Tiles [][]*plot.Plot
	// Legend is drawn under the panels.
	Legend []LegendEntry
	// Series is the number of data series drawn: a line (with its bands)
	// or a stacked layer per scenario and metric (and region), and the
	// observations; reference lines do not count.
	Series int
	// Width and Height of the figure; zero means DefaultWidth and
	// DefaultHeight.
	Width, Height vg.Length
}

// LegendEntry is one entry of a legend: a label and the thumbnails drawn
// on top of each other before it.
type LegendEntry struct {
	Label  string
	Thumbs []plot.Thumbnailer
}

// Size returns the figure's width and height.
func (f Figure) Size() (w, h vg.Length) {
	w, h = f.Width, f.Height
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	return w, h
}

// Layout.
var (
	margin     = vg.Points(7)
	gap        = vg.Points(5)
	thumbWidth = vg.Points(20)
	thumbGap   = vg.Points(4)
	entryGap   = vg.Points(12)
)

// Draw draws the figure on c.
func (f Figure) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	in := draw.Crop(c, margin, -margin, margin, -margin)
	width := in.Max.X - in.Min.X
	top := in.Max.Y

	title := textStyle(titleSize, true, ink)
	for _, line := range wrap(title, f.Title, width) {
		top -= title.Height(line)
		c.FillText(title, vg.Point{X: in.Min.X, Y: top + title.FontExtents().Descent}, line)
	}
	sub := textStyle(subtitleSize, false, grey)
	if f.Subtitle != "" {
		top -= vg.Points(2)
		for _, line := range wrap(sub, f.Subtitle, width) {
			top -= sub.Height(line)
			c.FillText(sub, vg.Point{X: in.Min.X, Y: top + sub.FontExtents().Descent}, line)
		}
	}
	top -= gap

	bottom := in.Min.Y
	if len(f.Legend) > 0 {
		bottom += drawLegend(c, f.Legend, in.Min.X, in.Min.Y, width) + gap
	}
	area := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: in.Min.X, Y: bottom}, Max: vg.Point{X: in.Max.X, Y: top}}}
	if f.Plot != nil {
		f.Plot.Draw(area)
	}
	if len(f.Tiles) > 0 {
		tiles := draw.Tiles{Rows: len(f.Tiles), Cols: len(f.Tiles[0]), PadX: vg.Points(6), PadY: vg.Points(4)}
		canvases := plot.Align(f.Tiles, tiles, area)
		for i, row := range f.Tiles {
			for j, p := range row {
				if p != nil {
					p.Draw(canvases[i][j])
				}
			}
		}
	}
}

// wrap splits s into lines no wider than width, at spaces.
func wrap(sty text.Style, s string, width vg.Length) []string {
	if s == "" {
		return nil
	}
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && sty.Width(line+" "+w) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

// legendLayout lays entries out in a grid, row by row, with as many
// columns as fit in width (each column as wide as its widest entry); it
// returns the columns' widths and the row height.
func legendLayout(entries []LegendEntry, width vg.Length) (colW []vg.Length, rowH vg.Length) {
	sty := textStyle(legendSize, false, ink)
	w := make([]vg.Length, len(entries))
	for i, e := range entries {
		w[i] = thumbWidth + thumbGap + sty.Width(e.Label) + entryGap
	}
	rowH = sty.Height("Ág") * 1.45
	for cols := len(entries); cols >= 1; cols-- {
		colW = make([]vg.Length, cols)
		var total vg.Length
		for i := range entries {
			colW[i%cols] = max(colW[i%cols], w[i])
		}
		for _, c := range colW {
			total += c
		}
		if total-entryGap <= width {
			break
		}
	}
	return colW, rowH
}

// drawLegend draws the entries from (x, y) upwards in a width and returns
// the height used.
func drawLegend(c draw.Canvas, entries []LegendEntry, x, y, width vg.Length) vg.Length {
	sty := textStyle(legendSize, false, ink)
	sty.YAlign = draw.YCenter
	colW, rowH := legendLayout(entries, width)
	cols := len(colW)
	rows := (len(entries) + cols - 1) / cols
	for i, e := range entries {
		r, k := i/cols, i%cols
		x0 := x
		for _, w := range colW[:k] {
			x0 += w
		}
		yc := y + vg.Length(rows-1-r)*rowH + rowH/2
		thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x0, Y: yc - rowH*0.3}, Max: vg.Point{X: x0 + thumbWidth, Y: yc + rowH*0.3}}}
		for _, t := range e.Thumbs {
			t.Thumbnail(&thumb)
		}
		c.FillText(sty, vg.Point{X: x0 + thumbWidth + thumbGap, Y: yc}, e.Label)
	}
	return vg.Length(rows) * rowH
}

// Write writes the figure as "png" (at DPI) or "svg".
func (f Figure) Write(w io.Writer, format string) (err error) {
	defer func() {
		if r := recover(); r != nil { // gonum/plot panics on impossible layouts
			err = fmt.Errorf("figure %s: %v", f.Name, r)
		}
	}()
	width, height := f.Size()
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
		f.Draw(draw.New(c))
		_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(w)
		return err
	case "svg":
		c := vgsvg.New(width, height)
		f.Draw(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		// Name fonts a viewer without Liberation Sans has: Arial has the
		// same metrics.
		svg := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"), []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
		_, err = w.Write(svg)
		return err
	}
	return fmt.Errorf("figure %s: format %q: use png or svg", f.Name, format)
}

// PNG returns the figure as PNG, at DPI.
func (f Figure) PNG() ([]byte, error) {
	var buf bytes.Buffer
	err := f.Write(&buf, "png")
	return buf.Bytes(), err
}

// SVG returns the figure as SVG.
func (f Figure) SVG() ([]byte, error) {
	var buf bytes.Buffer
	err := f.Write(&buf, "svg")
	return buf.Bytes(), err
}

// Save writes dir/<Name>.png and dir/<Name>.svg, each atomically,
// creating dir if needed.
func (f Figure) Save(dir string) error {
	if f.Name == "" || strings.ContainsAny(f.Name, `/\`) {
		return fmt.Errorf("figure name %q: not a file name", f.Name)
	}
	for _, ext := range []string{"png", "svg"} {
		err := output.WriteFile(filepath.Join(dir, f.Name+"."+ext), func(w io.Writer) error { return f.Write(w, ext) })
		if err != nil {
			return err
		}
	}
	return nil
}

// PNGSize returns the size in pixels of the figure's PNG.
func (f Figure) PNGSize() (w, h int) {
	fw, fh := f.Size()
	px := func(l vg.Length) int { return int(l/vg.Inch*DPI + 0.5) } // as vgimg rounds
	return px(fw), px(fh)
}
