package figure

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/plot"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/sweep"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/model/uncertainty"
	"github.com/thuis-nl/thuis/scenarios"
)

var loader = scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}

// variant differs from small in its housing supply, so that two
// scenarios overlaid do not coincide.
const variant = `name: small-b
description: "small with half the social relets"
extends: small
housing:
  social_relets: {value: 4000, unit: units/year, choice: "half of small"}
`

// testData holds results written and read back with the real code: two
// runs (small and small-b) and a two-scenario sweep of 4 runs each.
type testData struct {
	runA, runB *results.Scenario
	sweep      []*results.Scenario
	obs        []observed.Observation
}

var (
	dataOnce sync.Once
	data     testData
	dataErr  error
)

func getData(t *testing.T) testData {
	t.Helper()
	dataOnce.Do(func() { data, dataErr = makeData() })
	if dataErr != nil {
		t.Fatal(dataErr)
	}
	return data
}

func makeData() (testData, error) {
	var d testData
	a, err := loader.Load("../sweep/testdata/small.yaml")
	if err != nil {
		return d, err
	}
	b, err := loader.Parse("../sweep/testdata/small-b.yaml", []byte(variant))
	if err != nil {
		return d, err
	}
	raw, _ := scenarios.FS.ReadFile("targets.yaml")
	targets, err := target.Parse("targets.yaml", raw)
	if err != nil {
		return d, err
	}
	dir, err := os.MkdirTemp("", "thuis-figure-test")
	if err != nil {
		return d, err
	}
	defer os.RemoveAll(dir)
	var runs []*results.Scenario
	for _, sc := range []*scenario.Scenario{a, b} {
		res, err := sim.Run(context.Background(), sc, 3)
		if err != nil {
			return d, err
		}
		outs, err := target.Evaluate(res, targets)
		if err != nil {
			return d, err
		}
		rd := filepath.Join(dir, "run-"+sc.Name)
		if err := output.WriteDir(rd, res, outs, []string{"thuis", "run"}); err != nil {
			return d, err
		}
		got, err := results.Load(rd)
		if err != nil {
			return d, err
		}
		runs = append(runs, got...)
	}
	d.runA, d.runB = runs[0], runs[1]
	sw := filepath.Join(dir, "sweep")
	_, err = sweep.Run(context.Background(), sweep.Config{Scenarios: []*scenario.Scenario{a, b}, Targets: targets, Runs: 4,
		Replications: 1, Seed: 2, Sampler: uncertainty.LHS, Out: sw})
	if err != nil {
		return d, err
	}
	if d.sweep, err = results.Load(sw); err != nil {
		return d, err
	}
	if len(d.sweep) != 2 || d.sweep[0].Kind != results.Sweep {
		return d, errors.New("the sweep did not load as two sweep scenarios")
	}
	cbs, err := observed.LoadFS(scenarios.FS, "cbs")
	if err != nil {
		return d, err
	}
	d.obs = cbs.Observations
	return d, nil
}

func names(figs []Figure) []string {
	var out []string
	for _, f := range figs {
		out = append(out, f.Name)
	}
	return out
}

func byName(t *testing.T, figs []Figure, name string) Figure {
	t.Helper()
	for _, f := range figs {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no figure %s among %v", name, names(figs))
	return Figure{}
}

func legendLabels(f Figure) []string {
	var out []string
	for _, e := range f.Legend {
		out = append(out, e.Label)
	}
	return out
}

func hasLabel(f Figure, label string) bool {
	for _, l := range legendLabels(f) {
		if l == label || strings.HasPrefix(l, label) {
			return true
		}
	}
	return false
}

// TestFigures renders every figure for a run, a sweep and two scenarios
// overlaid (runs and sweeps), in both languages, and checks the figures,
// their number of series, their legends and their axes.
func TestFigures(t *testing.T) {
	d := getData(t)
	regions := len(d.runA.Regions("open_large"))
	if regions != 3 {
		t.Fatalf("small has %d regions with open_large, want 3", regions)
	}
	single := []string{"cbs_count", "rough_sleeping", "shelter", "waiting_list", "stay_p90", "ethos_stacked", "regions_large"}
	several := []string{"cbs_count", "rough_sleeping", "shelter", "waiting_list", "stay_p90", "ethos_stacked_small", "ethos_stacked_small-b", "regions_large"}
	cases := []struct {
		name   string
		scs    []*results.Scenario
		names  []string
		series map[string]int
	}{
		{"run", []*results.Scenario{d.runA}, single, map[string]int{
			"cbs_count": 1 + 1, "rough_sleeping": 2, "shelter": 4, "waiting_list": 1, "stay_p90": 1, "ethos_stacked": 7,
			"regions_large": regions * 2}}, // open and capacity per region
		{"sweep", d.sweep[:1], single, map[string]int{
			"cbs_count": 1 + 1, "rough_sleeping": 2, "shelter": 4, "waiting_list": 1, "stay_p90": 1, "ethos_stacked": 7,
			"regions_large": regions}}, // a sweep keeps open places per region, not capacity
		{"two runs", []*results.Scenario{d.runA, d.runB}, several, map[string]int{
			"cbs_count": 2 + 1, "rough_sleeping": 4, "shelter": 8, "waiting_list": 2, "stay_p90": 2,
			"ethos_stacked_small": 7, "ethos_stacked_small-b": 7, "regions_large": 2 * regions * 2}},
		{"two sweeps", d.sweep, several, map[string]int{
			"cbs_count": 2 + 1, "rough_sleeping": 4, "shelter": 8, "waiting_list": 2, "stay_p90": 2,
			"ethos_stacked_small": 7, "ethos_stacked_small-b": 7, "regions_large": 2 * regions}},
	}
	for _, c := range cases {
		for _, lang := range []string{"nl", "en"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				figs, err := All(c.scs, d.obs, lang)
				if err != nil {
					t.Fatal(err)
				}
				if got := names(figs); !reflect.DeepEqual(got, c.names) {
					t.Fatalf("figures %v, want %v", got, c.names)
				}
				sweep := c.scs[0].Kind == results.Sweep
				for _, f := range figs {
					if f.Series != c.series[f.Name] {
						t.Errorf("%s: %d series, want %d", f.Name, f.Series, c.series[f.Name])
					}
					if (f.Plot == nil) == (len(f.Tiles) == 0) {
						t.Errorf("%s: want either a plot or tiles", f.Name)
					}
					if f.Title == "" || f.Subtitle == "" || len(f.Legend) == 0 {
						t.Errorf("%s: title %q, subtitle %q, %d legend entries", f.Name, f.Title, f.Subtitle, len(f.Legend))
					}
					// Every text was found in the catalog: a missing key shows as itself.
					texts := append([]string{f.Title, f.Subtitle}, legendLabels(f)...)
					for _, p := range append([]*plot.Plot{f.Plot}, flatten(f.Tiles)...) {
						if p != nil {
							texts = append(texts, p.Title.Text, p.X.Label.Text, p.Y.Label.Text)
						}
					}
					for _, s := range texts {
						for _, prefix := range []string{"fig.", "sub.", "legend.", "axis.", "panel.", "state."} {
							if strings.Contains(s, prefix) {
								t.Errorf("%s: text %q holds an untranslated key", f.Name, s)
							}
						}
					}
					// Bands, and their legend entries, only for sweeps.
					if strings.HasPrefix(f.Name, "ethos_stacked") {
						continue
					}
					if got := hasLabel(f, i18n.T(lang, "legend.band50")); got != sweep {
						t.Errorf("%s: legend has a 50%% band: %v, want %v (%q)", f.Name, got, sweep, legendLabels(f))
					}
					// Several scenarios: one legend entry each, in its colour.
					if len(c.scs) > 1 {
						var names []string
						for _, s := range c.scs {
							names = append(names, s.Name)
						}
						cols := ScenarioColors(names)
						for i, s := range c.scs {
							e := f.Legend[i]
							th, ok := e.Thumbs[0].(lineThumb)
							if e.Label != s.Name || !ok || !sameColor(th.Color, cols[i]) {
								t.Errorf("%s: legend entry %d is %q %+v, want %s in %v", f.Name, i, e.Label, e.Thumbs, s.Name, cols[i])
							}
						}
					}
				}
				checkAxes(t, figs, lang)
				cbs := byName(t, figs, "cbs_count")
				if cbs.Title != i18n.T(lang, "fig.cbs_count") {
					t.Errorf("title %q, want %q", cbs.Title, i18n.T(lang, "fig.cbs_count"))
				}
				if !hasLabel(cbs, i18n.T(lang, "legend.cbs_observation")) {
					t.Errorf("cbs_count legend %q has no CBS observations", legendLabels(cbs))
				}
				level := map[string]string{"nl": "32.000", "en": "32,000"}[lang]
				if !strings.Contains(strings.Join(legendLabels(cbs), "|"), level) {
					t.Errorf("cbs_count legend %q does not give the 2021 level %s", legendLabels(cbs), level)
				}
				if cbs.Plot.X.Min > 2009.01 || cbs.Plot.X.Max < 2030 {
					t.Errorf("cbs_count x axis %v to %v, want the observations from 2009 and the run to 2030", cbs.Plot.X.Min, cbs.Plot.X.Max)
				}
				stay := byName(t, figs, "stay_p90")
				if !hasLabel(stay, strings.SplitN(i18n.T(lang, "legend.norm_3_months"), "(", 2)[0]) || stay.Plot.Y.Max < 90 {
					t.Errorf("stay_p90: legend %q, y to %v: want the 90-day norm", legendLabels(stay), stay.Plot.Y.Max)
				}
				reg := byName(t, figs, "regions_large")
				if len(reg.Tiles)*len(reg.Tiles[0]) < regions {
					t.Errorf("regions_large: %d×%d tiles for %d regions", len(reg.Tiles), len(reg.Tiles[0]), regions)
				}
				var first *plot.Plot
				for _, row := range reg.Tiles {
					for _, p := range row {
						if p == nil {
							continue
						}
						if first == nil {
							first = p
						}
						if p.Y.Min != first.Y.Min || p.Y.Max != first.Y.Max || p.X.Min != first.X.Min || p.X.Max != first.X.Max {
							t.Errorf("regions_large: tile %s has range x %v..%v y %v..%v, tile %s x %v..%v y %v..%v: want one scale",
								p.Title.Text, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, first.Title.Text, first.X.Min, first.X.Max, first.Y.Min, first.Y.Max)
						}
					}
				}
				// Every figure renders, as PNG of the expected size and as SVG.
				for _, f := range figs {
					checkRender(t, f)
				}
			})
		}
	}
}

func flatten(tiles [][]*plot.Plot) []*plot.Plot {
	var out []*plot.Plot
	for _, row := range tiles {
		out = append(out, row...)
	}
	return out
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// checkAxes checks that counts start at 0, years label the x axis and the
// y axis uses the language's thousands separator.
func checkAxes(t *testing.T, figs []Figure, lang string) {
	t.Helper()
	for _, f := range figs {
		plots := []*plot.Plot{f.Plot}
		if f.Plot == nil {
			plots = flatten(f.Tiles)
		}
		for _, p := range plots {
			if p == nil {
				continue
			}
			if p.Y.Min != 0 || !(p.Y.Max > 0) {
				t.Errorf("%s: y axis %v to %v, want from 0", f.Name, p.Y.Min, p.Y.Max)
			}
			for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
				if tk.Label != "" && (len(tk.Label) != 4 || tk.Label < "2000" || tk.Label > "2100") {
					t.Errorf("%s: x tick %q is not a year", f.Name, tk.Label)
				}
			}
		}
	}
	// The CBS count runs to tens of thousands: thousands separators.
	cbs := byName(t, figs, "cbs_count").Plot
	var labels []string
	for _, tk := range cbs.Y.Tick.Marker.Ticks(cbs.Y.Min, cbs.Y.Max) {
		labels = append(labels, tk.Label)
	}
	sep, other := ".", ","
	if lang == "en" {
		sep, other = ",", "."
	}
	all := strings.Join(labels, " ")
	if !strings.Contains(all, "0"+sep+"000") || strings.Contains(all, other) {
		t.Errorf("%s y ticks %q: want thousands separated by %q", lang, labels, sep)
	}
}

// checkRender writes a figure as PNG and SVG and checks that the PNG
// decodes to the figure's size and the SVG is well-formed XML.
func checkRender(t *testing.T, f Figure) {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf, "png"); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("%s: PNG: %v", f.Name, err)
	}
	w, h := f.PNGSize()
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("%s: PNG %dx%d, want %dx%d", f.Name, b.Dx(), b.Dy(), w, h)
	}
	buf.Reset()
	if err := f.Write(&buf, "svg"); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	checkSVG(t, f.Name, buf.Bytes())
}

func checkSVG(t *testing.T, name string, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	root, texts := "", 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: SVG is not XML: %v", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if root == "" {
				root = se.Name.Local
			}
			if se.Name.Local == "text" {
				texts++
			}
		}
	}
	if root != "svg" || texts < 5 {
		t.Errorf("%s: SVG root %q with %d texts", name, root, texts)
	}
}

// TestSave writes a figure's files and reads them back.
func TestSave(t *testing.T) {
	d := getData(t)
	figs, err := All([]*results.Scenario{d.runA}, d.obs, "en")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "figures") // Save creates it
	f := byName(t, figs, "cbs_count")
	if err := f.Save(dir); err != nil {
		t.Fatal(err)
	}
	pf, err := os.Open(filepath.Join(dir, "cbs_count.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	img, err := png.Decode(pf)
	if err != nil {
		t.Fatal(err)
	}
	// 16 x 10 cm at 150 dpi.
	if b := img.Bounds(); b.Dx() != 945 || b.Dy() != 591 {
		t.Errorf("PNG %dx%d, want 945x591", b.Dx(), b.Dy())
	}
	svg, err := os.ReadFile(filepath.Join(dir, "cbs_count.svg"))
	if err != nil {
		t.Fatal(err)
	}
	checkSVG(t, "cbs_count", svg)
	if !bytes.Contains(svg, []byte("Arial")) {
		t.Error("the SVG names no fallback font")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("%d files in the directory, want 2 (no temporary files left)", len(entries))
	}
	if err := (Figure{Name: "../x", Plot: f.Plot}).Save(dir); err == nil {
		t.Error("a name with a path saves")
	}
	if err := f.Write(io.Discard, "gif"); err == nil {
		t.Error("gif writes")
	}
	// The regions figure is taller than the default.
	reg := byName(t, figs, "regions_large")
	if _, h := reg.Size(); h < DefaultHeight {
		t.Errorf("regions_large height %v", h)
	}
	if os.Getenv("THUIS_FIGURES") != "" { // to look at them: THUIS_FIGURES=/tmp/figs go test ./model/figure -run Save
		for _, c := range []struct {
			dir  string
			scs  []*results.Scenario
			lang string
		}{{"run-nl", []*results.Scenario{d.runA}, "nl"}, {"sweep-en", d.sweep[:1], "en"}, {"two-sweeps-nl", d.sweep, "nl"}, {"two-runs-en", []*results.Scenario{d.runA, d.runB}, "en"}} {
			figs, err := All(c.scs, d.obs, c.lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range figs {
				if err := f.Save(filepath.Join(os.Getenv("THUIS_FIGURES"), c.dir)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestAllErrors checks that missing data and a wrong language are errors
// that say what is missing.
func TestAllErrors(t *testing.T) {
	d := getData(t)
	if _, err := All([]*results.Scenario{d.runA}, d.obs, "de"); err == nil {
		t.Error("language de accepted")
	}
	if _, err := All(nil, d.obs, "nl"); err == nil {
		t.Error("no scenarios accepted")
	}
	broken := *d.runA
	broken.National = map[string]*results.Series{}
	for k, v := range d.runA.National {
		if k != "waiting_list" {
			broken.National[k] = v
		}
	}
	_, err := All([]*results.Scenario{&broken}, d.obs, "nl")
	if err == nil || !strings.Contains(err.Error(), "waiting_list") || !strings.Contains(err.Error(), "small") {
		t.Errorf("missing waiting_list: %v", err)
	}
	// Without observations the count is drawn alone.
	figs, err := All([]*results.Scenario{d.runA}, nil, "nl")
	if err != nil {
		t.Fatal(err)
	}
	if f := byName(t, figs, "cbs_count"); f.Series != 1 || hasLabel(f, i18n.T("nl", "legend.cbs_observation")) {
		t.Errorf("cbs_count without observations: %d series, legend %q", f.Series, legendLabels(f))
	}
}

func TestRegionOrder(t *testing.T) {
	rs := []string{"Zwolle", "'s-Hertogenbosch", "Almere", "helmond", "Heerlen"}
	sort.Slice(rs, func(i, j int) bool { return regionKey(rs[i]) < regionKey(rs[j]) })
	if want := []string{"Almere", "Heerlen", "helmond", "'s-Hertogenbosch", "Zwolle"}; !reflect.DeepEqual(rs, want) {
		t.Errorf("regions in order %q, want %q", rs, want)
	}
}

func TestTickers(t *testing.T) {
	labels := func(ticks []plot.Tick) []string {
		var out []string
		for _, tk := range ticks {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	if got := labels(numberTicker("nl", 5).Ticks(0, 41000)); !reflect.DeepEqual(got, []string{"0", "10.000", "20.000", "30.000", "40.000"}) {
		t.Errorf("nl ticks %q", got)
	}
	if got := labels(numberTicker("en", 5).Ticks(0, 41000)); !reflect.DeepEqual(got, []string{"0", "10,000", "20,000", "30,000", "40,000"}) {
		t.Errorf("en ticks %q", got)
	}
	if got := labels(numberTicker("nl", 5).Ticks(0, 1.1)); !reflect.DeepEqual(got, []string{"0,00", "0,25", "0,50", "0,75", "1,00"}) {
		t.Errorf("nl fractions %q", got)
	}
	if got := labels(yearTicker(12).Ticks(2021, 2031)); !reflect.DeepEqual(got, []string{"2021", "2022", "2023", "2024", "2025", "2026", "2027", "2028", "2029", "2030", "2031"}) {
		t.Errorf("years %q", got)
	}
	if got := labels(yearTicker(12).Ticks(2009, 2031)); !reflect.DeepEqual(got, []string{"2010", "2012", "2014", "2016", "2018", "2020", "2022", "2024", "2026", "2028", "2030"}) {
		t.Errorf("years from 2009 %q", got)
	}
	if got := labels(yearCenterTicker().Ticks(2021, 2024)); !reflect.DeepEqual(got, []string{"2021", "2022", "2023"}) {
		t.Errorf("year centres %q", got)
	}
	if y := yearOf(time.Date(2025, 7, 2, 12, 0, 0, 0, time.UTC)); y < 2025.49 || y > 2025.51 {
		t.Errorf("mid-2025 is %v", y)
	}
}

// TestScenarioColors: a scenario's colour follows its name, not its
// column; the baseline is grey; scenarios shown together never share a
// colour, and a name's colour is the same in every report where no other
// takes it.
func TestScenarioColors(t *testing.T) {
	a := ScenarioColors([]string{"baseline", "eerst-een-thuis", "afbouw-zonder-woningen", "preventie-eerst"})
	b := ScenarioColors([]string{"preventie-eerst", "eerst-een-thuis"})
	if !sameColor(a[1], b[1]) || !sameColor(a[3], b[0]) || !sameColor(a[1], blue) {
		t.Errorf("the plan is %v in one report and %v in the other", a[1], b[1])
	}
	if !sameColor(a[0], baselineGrey) {
		t.Errorf("baseline is %v, want grey", a[0])
	}
	names := []string{"eerst-een-thuis", "mijn-variant", "variant-2", "variant-3", "variant-4", "afbouw-zonder-woningen", "preventie-eerst"}
	cols := ScenarioColors(names)
	seen := map[string]string{}
	for i, c := range cols {
		if other, ok := seen[Hex(c)]; ok {
			t.Errorf("%s and %s share %s", other, names[i], Hex(c))
		}
		seen[Hex(c)] = names[i]
	}
	if got, want := Hex(ScenarioColors([]string{"mijn-variant"})[0]), Hex(ScenarioColor("mijn-variant")); got != want {
		t.Errorf("mijn-variant alone is %s, want its own %s", got, want)
	}
	if Hex(ScenarioColor("mijn-variant")) != Hex(ScenarioColor("mijn-variant")) || Hex(blue) != "#0072b2" {
		t.Error("colours are not stable")
	}
}
