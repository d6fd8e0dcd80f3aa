package report

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"

	"context"
)

var update = flag.Bool("update", false, "rewrite golden files")

var loader = scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}

func shippedTargets(t *testing.T) []target.Target {
	data, _ := scenarios.FS.ReadFile("targets.yaml")
	ts, err := target.Parse("targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// comparison runs two shipped scenarios into a comparison directory, as
// thuis compare does.
func comparison(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ts := shippedTargets(t)
	var names []string
	for _, name := range []string{"eerst-een-thuis", "afbouw-zonder-woningen"} {
		sc, err := loader.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(context.Background(), sc, 1)
		if err != nil {
			t.Fatal(err)
		}
		outs, err := target.Evaluate(res, ts)
		if err != nil {
			t.Fatal(err)
		}
		if err := output.WriteDir(filepath.Join(dir, name), res, outs, []string{"thuis", "compare"}); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	idx := results.Comparison{Kind: results.Run, Scenarios: names, Dirs: names, Seed: 1, Runs: 1}
	output.WriteFile(filepath.Join(dir, results.ComparisonFile), func(w io.Writer) error { return output.JSON(w, idx) })
	return dir
}

// shared is one comparison for the tests that only read it.
var shared struct {
	once sync.Once
	dir  string
}

// sharedComparison is comparison, made once for the package's tests;
// a test that changes the directory makes its own.
func sharedComparison(t *testing.T) string {
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "thuis-report-")
		if err != nil {
			t.Fatal(err)
		}
		sub := comparison(t)
		if err := os.CopyFS(dir, os.DirFS(sub)); err != nil {
			t.Fatal(err)
		}
		shared.dir = dir
	})
	if shared.dir == "" {
		t.Fatal("no shared comparison")
	}
	return shared.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// fakeFigures stands in for the real ones: the report's layout is tested
// here, the figures in model/figure.
func fakeFigures(scs []*results.Scenario, lang string) ([]Image, error) {
	return []Image{{Name: "cbs_count", Caption: "CBS count (" + lang + ")", PNG: []byte("\x89PNG fake"), Path: "figures/cbs_count.png"}}, nil
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; rerun with -update if intended. Got:\n%.3000s", path, got)
	}
}

// made is the date and tool the golden reports carry.
var goldenMade = struct {
	date time.Time
	tool string
}{time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), "0.1.0 (commit 0123456789ab)"}

// load reads the comparison as thuis report does, dated.
func load(t *testing.T, dir, lang string) Input {
	t.Helper()
	in, err := Load(dir, shippedTargets(t), loader, fakeFigures, lang)
	if err != nil {
		t.Fatal(err)
	}
	in.Date, in.Tool = goldenMade.date, goldenMade.tool
	return in
}

func TestMarkdownGolden(t *testing.T) {
	dir := sharedComparison(t)
	for _, lang := range []string{"en", "nl"} {
		in := load(t, dir, lang)
		md, err := Markdown(in, lang)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "testdata/report."+lang+".md.golden", md)
	}
}

// TestHTML: the report parses (as XML: it is written well-formed), holds
// the scorecard and the figures inline, and refers to nothing outside
// itself: no src or href but data: URIs and #anchors, no scripts.
func TestHTML(t *testing.T) {
	dir := sharedComparison(t)
	in := load(t, dir, "nl")
	page, err := HTML(in, "nl")
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict = true
	counts := map[string]int{}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the HTML does not parse: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		counts[se.Name.Local]++
		for _, a := range se.Attr {
			if (a.Name.Local == "src" || a.Name.Local == "href") && !strings.HasPrefix(a.Value, "data:") && !strings.HasPrefix(a.Value, "#") {
				t.Errorf("<%s %s=%q> refers outside the file", se.Name.Local, a.Name.Local, a.Value)
			}
		}
	}
	if counts["script"] != 0 || counts["link"] != 0 {
		t.Errorf("scripts or links: %v", counts)
	}
	if counts["table"] < 4 || counts["img"] != 1 || counts["h2"] != 9 || counts["details"] < 5 {
		t.Errorf("structure: %d tables, %d images, %d sections, %d files; want >= 4, 1, 9, >= 5", counts["table"], counts["img"], counts["h2"], counts["details"])
	}
	for _, want := range []string{"Samenvatting", "Doelen", "✓ gehaald", "niet gehaald", "buitenslapers", "afbouw-zonder-woningen verschilt van eerst-een-thuis in:",
		"housing.social_new_build", "@page { size: A4", "gemaakt op 22 november 2026, met thuis 0.1.0 (commit 0123456789ab)",
		"een plek sluit pas als hij leeg is", "22 regio&#39;s (Alkmaar", `download="eerst-een-thuis.yaml"`, "Bijlage A."} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the Dutch report lacks %q", want)
		}
	}
	golden(t, "testdata/report.nl.html.golden", page)
	en, err := HTML(load(t, dir, "en"), "en")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/report.en.html.golden", en)
}

// mainPart is a report up to its appendix, where the scenario files and
// the assumptions are quoted as written.
func mainPart(t *testing.T, report []byte, appendix string) string {
	t.Helper()
	main, _, ok := strings.Cut(string(report), appendix)
	if !ok {
		t.Fatalf("no %q in the report", appendix)
	}
	return main
}

// TestReportReadsAsANote checks what the analyst of issue 11 missed, in
// both languages and formats: a summary that names every scenario and
// says how many targets it reaches; every target named in the report's
// language, never by its English slug in the Dutch report; every target
// row with a threshold with its unit and, per scenario, a value with its
// difference; how each target is measured; the policy choices before
// the appendix.
func TestReportReadsAsANote(t *testing.T) {
	dir := sharedComparison(t)
	ts := shippedTargets(t)
	for _, c := range []struct {
		lang, format, appendix, summary, reaches string
	}{
		{"nl", "md", "## Bijlage A.", "## Samenvatting", "haalt %d van de 10 doelen"},
		{"nl", "html", `class="appendix-start">Bijlage A.`, `>Samenvatting</h2>`, "haalt %d van de 10 doelen"},
		{"en", "md", "## Appendix A.", "## Summary", "reaches %d of the 10 targets"},
		{"en", "html", `class="appendix-start">Appendix A.`, `>Summary</h2>`, "reaches %d of the 10 targets"},
	} {
		t.Run(c.lang+"."+c.format, func(t *testing.T) {
			in := load(t, dir, c.lang)
			render := Markdown
			if c.format == "html" {
				render = HTML
			}
			page, err := render(in, c.lang)
			if err != nil {
				t.Fatal(err)
			}
			main := mainPart(t, page, c.appendix)
			if !strings.Contains(main, c.summary) {
				t.Errorf("no summary (%q)", c.summary)
			}
			for _, s := range in.Scenarios {
				reached := 0
				for _, r := range s.Targets {
					if r.Reached {
						reached++
					}
				}
				if want := s.Name + " " + fmt.Sprintf(c.reaches, reached); !strings.Contains(main, want) {
					t.Errorf("the summary lacks %q", want)
				}
			}
			for _, tg := range ts {
				if c.lang == "nl" && strings.Contains(string(page), tg.ID) {
					t.Errorf("the Dutch report names %s by its English slug", tg.ID)
				}
				for _, want := range []string{code(tg.ID) + " " + tg.Name[c.lang], tg.Notes[c.lang], tg.Sources[c.lang]} {
					if !strings.Contains(main, strings.ReplaceAll(want, "'", "&#39;")) && !strings.Contains(main, want) {
						t.Errorf("%s: the main part lacks %q", tg.ID, want)
					}
				}
			}
			for _, pol := range []string{"pol_allocation", "pol_closure", "pol_afbouw", "pol_housing", "pol_prevention", "pol_support"} {
				if n := strings.Count(main, i18n.T(c.lang, "report."+pol)); n != len(in.Scenarios) {
					t.Errorf("%s appears %d times before the appendix, want once per scenario", pol, n)
				}
			}
		})
	}
}

// TestTargetRows: every row of the targets table shows the threshold
// with its comparator and unit, and for every scenario the value with
// its signed difference and whether it is reached.
func TestTargetRows(t *testing.T) {
	in := load(t, sharedComparison(t), "nl")
	tvs := targetViews(in, "nl")
	if len(tvs) != 10 {
		t.Fatalf("%d rows, want 10", len(tvs))
	}
	norm := regexp.MustCompile(`^[<>≤≥] [0-9.,]+(%| personen| dagen| woningen)?$`)
	value := regexp.MustCompile(`^[0-9.,]+(%| personen| dagen| woningen)? \((\+|−|±)[0-9.,]+( procentpunt)?\)$`)
	for _, tv := range tvs {
		if !norm.MatchString(tv.Norm) {
			t.Errorf("%s: threshold %q", tv.Code, tv.Norm)
		}
		if tv.Name == "" || tv.Note == "" {
			t.Errorf("%s: no Dutch name or note", tv.Code)
		}
		for i, c := range tv.Cells {
			if len(c.Lines) != 2 || !value.MatchString(c.Lines[0]) || !strings.Contains(c.Lines[1], "gehaald") {
				t.Errorf("%s, %s: cell %q", tv.Code, in.Scenarios[i].Name, c.Lines)
			}
		}
	}
	// T1 of the plan: 24.567 against < 32.000, 7.433 below.
	if got := tvs[0].Cells[0].Lines[0]; !strings.HasSuffix(got, "(−7.433)") {
		t.Errorf("T1 of eerst-een-thuis: %q", got)
	}
}

// TestKeyNumbersOnTheTargetsBasis: T1 tests the highest monthly count
// of 2025; the key numbers show it beside the count at the end of the
// year, so a reader sees why the two differ.
func TestKeyNumbersOnTheTargetsBasis(t *testing.T) {
	in := load(t, sharedComparison(t), "nl")
	rows := keyRows(in, "nl")
	var labels []string
	for _, r := range rows {
		labels = append(labels, r.Label)
	}
	want := "CBS-telling dakloze mensen, hoogste maandstand 2025 (basis van T1)"
	i := slices.Index(labels, want)
	if i < 1 || labels[i-1] != "CBS-telling dakloze mensen 2025" {
		t.Fatalf("no row %q after the end-of-year count: %q", want, labels)
	}
	t1, _ := find(in.Scenarios[0], "T1-count-below-2021")
	if got := rows[i].Values[0]; got != target.Format(t1.Value, "people", "nl") {
		t.Errorf("basis of T1 %s, want the target's value %v", got, t1.Value)
	}
}

// sweepScenario is a sweep's result built by hand: the summary depends
// on nothing else.
func sweepScenario(name string, probs ...float64) *results.Scenario {
	s := &results.Scenario{Name: name, Kind: results.Sweep, Runs: 200}
	for i, p := range probs {
		id := fmt.Sprintf("T%d-x", i+1)
		s.Targets = append(s.Targets, results.Target{ID: id, Metric: "cbs_count", Comparator: "<", Aggregate: "max", Year: 2025, Threshold: 32000,
			Value: 32000 + 1000*(0.5-p), Runs: 200, Probability: p, Low: p * 0.9, High: math.Min(1, p*1.1), FirstReachedP50: 2026, NeverReached: 1 - p})
	}
	return s
}

// TestSweepSummary: a sweep's summary sorts the targets by how likely
// they are reached, and gives the median value against the threshold
// for those not likely reached.
func TestSweepSummary(t *testing.T) {
	tg := func(id, nl string) target.Target {
		return target.Target{ID: id, Name: map[string]string{"nl": nl, "en": nl}, Description: map[string]string{"nl": nl}}
	}
	in := Input{Scenarios: []*results.Scenario{sweepScenario("plan", 0.95, 0.5, 0.05)},
		Targets: []target.Target{tg("T1-x", "Een"), tg("T2-x", "Twee"), tg("T3-x", "Drie")}}
	tvs := targetViews(in, "nl")
	got := summary(in, tvs, "nl")
	want := []string{
		"Dit rapport toetst plan aan 3 doelen van het actieplan voor 2025, elk scenario in 200 runs",
		"plan, over 200 runs: waarschijnlijk gehaald: T1 Een (95%). onzeker: T2 Twee (50%; mediaan 32.000 personen tegen < 32.000 personen). " +
			"waarschijnlijk gemist: T3 (5%; mediaan 32.450 personen tegen < 32.000 personen, 450 te hoog).",
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], want[0]) || got[1] != want[1] {
		t.Errorf("summary:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := tvs[1].Cells[0].Lines; len(c) != 3 || c[0] != "kans 50% [45%–55%]" || c[1] != "mediaan 32.000 personen (±0)" || c[2] != "blijvend gehaald vanaf: mediaan 2026; in 50% van de runs nooit" {
		t.Errorf("T2 cell %q", c)
	}
	for i, want := range []targetCell{{Reached: true}, {Uncertain: true}, {}} {
		if got := tvs[i].Cells[0]; got.Reached != want.Reached || got.Uncertain != want.Uncertain {
			t.Errorf("%s: reached %v, uncertain %v; want %v, %v", tvs[i].Code, got.Reached, got.Uncertain, want.Reached, want.Uncertain)
		}
	}
}

// TestPolicies: the choices that define the plan, in Dutch.
func TestPolicies(t *testing.T) {
	sc, err := loader.Load("eerst-een-thuis")
	if err != nil {
		t.Fatal(err)
	}
	p := policyOf(sc, "nl")
	got := map[string]string{}
	for _, it := range p.Items {
		got[it.Label] = strings.Join(it.Lines, "; ")
	}
	for key, want := range map[string]string{
		"pol_allocation": "vanaf 2023: komen in aanmerking buitenslapers, nachtopvang en noodopvang, 24-uursopvang",
		"pol_closure":    "stand 2022: een plek sluit pas als hij leeg is",
		"pol_afbouw":     "grootschalige opvang in 22 regio's (Alkmaar, Almelo,",
		"pol_housing":    "sociale nieuwbouw: 2022: 15.199 per jaar; 2023: 31.250 per jaar",
		"pol_prevention": "huisuitzetting (corporaties): 2023: 60,0% → 2030: 90,0%",
	} {
		label := i18n.T("nl", "report."+key)
		if !strings.Contains(got[label], want) {
			t.Errorf("%s: %q lacks %q", label, got[label], want)
		}
	}
	if !strings.Contains(got[i18n.T("nl", "report.pol_afbouw")], "Hoorn): 2023: 100,0% → 2025: 0,0%") {
		t.Errorf("the first 22 regions do not close by 2025: %q", got[i18n.T("nl", "report.pol_afbouw")])
	}
}

// TestLoadCarriesTheScenarioFiles: the report holds every file the
// scenarios were read from, once, with the bytes that give their SHA-256.
func TestLoadCarriesTheScenarioFiles(t *testing.T) {
	in := load(t, sharedComparison(t), "en")
	var names []string
	for _, f := range in.Files {
		names = append(names, f.Name)
		want, err := scenarios.FS.ReadFile(strings.TrimPrefix(f.Name, "scenarios/"))
		if err != nil || !bytes.Equal(f.Data, want) || !f.Shipped {
			t.Errorf("%s: not the shipped bytes (%v)", f.Name, err)
		}
	}
	want := []string{"scenarios/eerst-een-thuis.yaml", "scenarios/baseline.yaml", "scenarios/history-calibrated.yaml", "scenarios/history.yaml",
		"scenarios/regions/centrumgemeenten-43.yaml", "scenarios/history-calibrated.posterior.csv", "scenarios/afbouw-zonder-woningen.yaml"}
	if !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
}

func TestLoadRefusesAChangedScenario(t *testing.T) {
	dir := comparison(t)
	path := filepath.Join(dir, "eerst-een-thuis", "run.json")
	data, _ := os.ReadFile(path)
	os.WriteFile(path, bytes.Replace(data, []byte(`"scenario_sha256": "`), []byte(`"scenario_sha256": "00`), 1), 0o644)
	if _, err := Load(dir, shippedTargets(t), loader, nil, "en"); err == nil || !strings.Contains(err.Error(), "has changed since the run") {
		t.Errorf("err = %v", err)
	}
}

// TestScenarioDescriptionsInTheReportsLanguage: each scenario's
// description appears before the appendix in the report's language, and
// the other language's text does not (the appendix quotes the files, with
// both).
func TestScenarioDescriptionsInTheReportsLanguage(t *testing.T) {
	dir := sharedComparison(t)
	for _, c := range []struct{ lang, other, appendix string }{
		{"nl", "en", "Bijlage A."}, {"en", "nl", "Appendix A."},
	} {
		for _, format := range []string{"md", "html"} {
			in := load(t, dir, c.lang)
			render := Markdown
			if format == "html" {
				render = HTML
			}
			page, err := render(in, c.lang)
			if err != nil {
				t.Fatal(err)
			}
			main := mainPart(t, page, c.appendix)
			has := func(s string) bool {
				return strings.Contains(main, s) || strings.Contains(main, strings.ReplaceAll(s, "'", "&#39;"))
			}
			for _, def := range in.Definitions {
				if def.Descriptions == nil {
					t.Fatalf("%s has one description; the shipped scenarios give one per language", def.Name)
				}
				if want := def.DescriptionIn(c.lang); !has(want) {
					t.Errorf("%s.%s: the main part lacks %s's description %q", c.lang, format, def.Name, want)
				}
				if other := def.Descriptions[c.other]; has(other) {
					t.Errorf("%s.%s: the main part has %s's description in %s: %q", c.lang, format, def.Name, c.other, other)
				}
			}
		}
	}
}

// TestEveryShippedUnitTranslated: the assumption tables name each
// parameter's unit in the report's language; a unit without a word would
// show as the scenario file writes it, in English, in the Dutch report.
func TestEveryShippedUnitTranslated(t *testing.T) {
	for _, name := range loader.ShippedNames() {
		sc, err := loader.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range sc.Params() {
			if p == nil {
				continue
			}
			if unit := p.Info().Unit; unit != "" {
				if _, ok := i18n.Lookup("nl", "report.punit."+unit); !ok {
					t.Errorf("%s %s: unit %q has no Dutch word (report.punit.%s)", name, p.Info().Path, unit, unit)
				}
			}
		}
	}
}
