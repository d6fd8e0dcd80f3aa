package explorer

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

var shipped = scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}

func testSession(t *testing.T) *Session {
	t.Helper()
	data, err := scenarios.FS.ReadFile("targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	targets, err := target.Parse("scenarios/targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(shipped, "", targets)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestControls checks the controls' values in the plan against the plan's
// file (scenarios/eerst-een-thuis.yaml), so a control that reads the wrong
// parameter, point or rule is caught.
func TestControls(t *testing.T) {
	s := testSession(t)
	want := map[string]struct {
		value float64
		when  string
	}{
		"new-build":           {31250, "2023-01-01"},
		"clustered":           {2000, "2025-01-01"},
		"dwellings":           {0, ""},
		"homeless-share":      {0.08, "2030-01-01"},
		"prevent-eviction":    {0.9, "2030-01-01"},
		"prevent-institution": {0.8, "2030-01-01"},
		"prevent-life-events": {0.25, "2030-01-01"},
		"afbouw-first":        {2025, ""},
		"afbouw-rest":         {2030, ""},
		"small-rebuild":       {1.5, "2030-01-01"},
		"closure":             {0, "2023-01-01"}, // when-empty
		"wonen-eerst":         {1, ""},
		"wonen-eerst-from":    {2023, ""},
		"relets":              {160000, ""},
	}
	seen := map[string]bool{}
	for _, c := range s.Controls() {
		if seen[c.ID] {
			t.Errorf("control %s twice", c.ID)
		}
		seen[c.ID] = true
		if c.Panel != Levers && c.Panel != Assumptions {
			t.Errorf("%s: panel %q", c.ID, c.Panel)
		}
		if c.Label.EN == "" || c.Label.NL == "" {
			t.Errorf("%s: a label in each language, got %+v", c.ID, c.Label)
		}
		w, ok := want[c.ID]
		if !ok {
			continue
		}
		if c.ID == "new-build" && !c.Stepped || c.ID == "clustered" && c.Stepped {
			t.Errorf("%s: stepped %v", c.ID, c.Stepped)
		}
		if c.Default != w.value || c.When != w.when {
			t.Errorf("%s: value %v (%q), want %v (%q)", c.ID, c.Default, c.When, w.value, w.when)
		}
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("no control %s", id)
		}
	}
	// Every lever path is one that thuis diff names as a lever.
	for _, c := range s.Controls() {
		if c.Panel != Levers || c.Kind == EndYear {
			continue
		}
		if _, ok := scenario.LeverOf(c.Path); !ok {
			t.Errorf("%s: %s is not among scenario.Levers", c.ID, c.Path)
		}
	}
}

// TestVariant checks what each kind of control writes, through the loader
// and thuis diff's scenario.Diff: a variant changes what was moved and
// nothing else.
func TestVariant(t *testing.T) {
	s := testSession(t)
	cases := []struct {
		name string
		set  Settings
		// want maps each changed path to its new value as thuis diff prints it.
		want map[string]string
	}{
		{"unchanged", Settings{}, map[string]string{}},
		{"defaults given", Settings{"clustered": 2000, "afbouw-first": 2025, "wonen-eerst": 1}, map[string]string{}},
		{"level of a schedule", Settings{"clustered": 4000}, map[string]string{
			"housing.programme.clustered": "2023-01-01: 500 → 2025-01-01: 4000"}},
		{"level of a stepped schedule", Settings{"new-build": 40000}, map[string]string{
			"housing.social_new_build": "2016-01-01: 15237 | 2017-01-01: 14387 | 2018-01-01: 12763 | 2020-01-01: 15199 | 2023-01-01: 40000"}},
		{"a programme the plan leaves empty", Settings{"dwellings": 1000}, map[string]string{
			"housing.programme.dwelling": "2009-01-01: 0 | 2023-01-01: 1000"}},
		{"a lever the plan leaves at its history", Settings{"prevent-private": 0.7}, map[string]string{
			"inflow.eviction_private.prevented": "2009-01-01: 0.694164 | 2023-01-01: 0.7"}},
		{"afbouw end year", Settings{"afbouw-first": 2028}, map[string]string{
			"shelter.schedules[large-first-22-by-2025].factor": "2023-01-01: 1 → 2028-01-01: 0"}},
		{"afbouw rebuild", Settings{"small-rebuild": 2}, map[string]string{
			"shelter.schedules[small-rebuild].factor": "2023-01-01: 1 → 2030-01-01: 2"}},
		{"closure mode", Settings{"closure": 1}, map[string]string{
			"shelter.closure": "2009-01-01: when-empty | 2023-01-01: move-out"}},
		{"Wonen Eerst later", Settings{"wonen-eerst-from": 2026}, map[string]string{
			"allocation": "2009-01-01: eligible ethos3 ethos4 ethos2, listed | 2026-01-01: eligible ethos1 ethos2 ethos3 ethos4 ethos5 ethos6, longest-waiting"}},
		{"Wonen Eerst off", Settings{"wonen-eerst": 0}, map[string]string{
			"allocation": "2009-01-01: eligible ethos3 ethos4 ethos2, listed"}},
		{"an assumption from 2023, and a definition from the start", Settings{"relets": 150000, "short-stay": 60}, map[string]string{
			"housing.social_relets": "2009-01-01: 160000 | 2023-01-01: 150000", "cbs.short_stay": "60"}},
		{"night shelter places from 2023", Settings{"night-shelter": 5000}, map[string]string{
			"shelter.schedules[explorer-night-shelter]":        "emergency, all 43 regions",
			"shelter.schedules[explorer-night-shelter].factor": "2009-01-01: 1 | 2023-01-01: 1.650709805216243"}}, // 5000 / 3029
		{"two afbouw schedules", Settings{"afbouw-first": 2027, "afbouw-rest": 2032}, map[string]string{
			"shelter.schedules[large-first-22-by-2025].factor": "2023-01-01: 1 → 2027-01-01: 0",
			"shelter.schedules[large-rest-by-2030].factor":     "2023-01-01: 1 → 2032-01-01: 0"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			y, err := s.Variant(c.set)
			if err != nil {
				t.Fatal(err)
			}
			v, err := shipped.Parse(s.VariantFile(), y)
			if err != nil {
				t.Fatalf("the variant is refused: %v\n%s", err, y)
			}
			got := map[string]string{}
			for _, ch := range scenario.Diff(s.Base(), v) {
				got[ch.Path] = ch.Now
			}
			if len(got) != len(c.want) {
				t.Errorf("changes %v, want %v\n%s", got, c.want, y)
			}
			for p, now := range c.want {
				if got[p] != now {
					t.Errorf("%s: now %q, want %q\n%s", p, got[p], now, y)
				}
			}
			if !bytes.HasPrefix(y, []byte("# A variant of eerst-een-thuis")) || !bytes.Contains(y, []byte("\nextends: eerst-een-thuis\n")) {
				t.Errorf("the variant does not say what it is and extends:\n%s", y)
			}
		})
	}
}

func TestVariantErrors(t *testing.T) {
	s := testSession(t)
	cases := []struct {
		set  Settings
		want string
	}{
		{Settings{"homes": 1}, "explorer: homes: no such control (controls: new-build, clustered, "},
		{Settings{"clustered": 20000}, "explorer: clustered: 20000 lies outside [0, 10000]"},
		{Settings{"clustered": -100}, "explorer: clustered: -100 lies outside [0, 10000]"},
		{Settings{"clustered": math.NaN()}, "explorer: clustered: NaN lies outside [0, 10000]"},
		{Settings{"clustered": 4050}, "explorer: clustered: 4050 is not a multiple of the step 100 from 0"},
		{Settings{"homeless-share": 0.125}, "explorer: homeless-share: 0.125 is not a multiple of the step 0.01 from 0"},
		{Settings{"wonen-eerst": 0, "wonen-eerst-from": 2026}, "explorer: wonen-eerst-from: Wonen Eerst is off, so it has no start year"},
		{Settings{"closure": 2}, "explorer: closure: 2 lies outside [0, 1]"},
		{Settings{"afbouw-first": 2024.5}, "explorer: afbouw-first: 2024.5 is not a multiple of the step 1 from 2024"},
	}
	for _, c := range cases {
		_, err := s.Variant(c.set)
		var se *SettingsError
		if err == nil || !errors.As(err, &se) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one starting %q", c.set, err, c.want)
		}
	}
	// Slider noise within the step is not an error; the file has the step's value.
	y, err := s.Variant(Settings{"homeless-share": 0.35000000000000003 - 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(y, []byte("2030-01-01: 0.15}")) {
		t.Errorf("the variant does not write 0.15:\n%s", y)
	}
}

// TestVariantFileReproduces checks the promise of "Download as scenario":
// the file, read by thuis run's loader from disk, gives the page's run
// (the same scorecard and the same bytes of output for the same seed),
// and the page's digest is that of the files thuis run writes.
func TestVariantFileReproduces(t *testing.T) {
	if testing.Short() {
		t.Skip("two national runs")
	}
	s := testSession(t)
	y, err := s.Variant(Settings{"clustered": 4000, "afbouw-first": 2027, "closure": 1, "prevent-life-events": 0.4})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	page, err := s.Run(ctx, y, 7)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, s.VariantFile())
	if err := os.WriteFile(file, y, 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := shipped.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	run, err := Simulate(ctx, sc, 7, s.Targets())
	if err != nil {
		t.Fatal(err)
	}
	if page.Scorecard != run.Scorecard {
		t.Errorf("scorecard of the file differs from the page's:\n%s\n%s", run.Scorecard, page.Scorecard)
	}
	outcomes, err := target.Evaluate(run.res, s.Targets())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := output.WriteDir(out, run.res, outcomes, nil); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, name := range []string{"timeseries.csv", "flows.csv", "stays.csv"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	files := hex.EncodeToString(h.Sum(nil))
	d, err := page.Digest()
	if err != nil {
		t.Fatal(err)
	}
	if d != files {
		t.Errorf("the page's digest %s is not that of thuis run's files, %s", d, files)
	}
	if n := len(page.Series.Dates); n != len(page.Series.CBS) || n != len(page.Series.Large) || page.Series.Dates[0] != "2018-01-01" {
		t.Errorf("series: %d dates from %v, %d CBS values", n, page.Series.Dates[:1], len(page.Series.CBS))
	}
}

// fakeEngine stands in for a built engine where only the page is tested.
var fakeEngine = &Engine{Wasm: []byte("\x00asm fake engine"), WasmExec: []byte("globalThis.Go = class {};"), GoVersion: "go1.99"}

func TestPage(t *testing.T) {
	s := testSession(t)
	var b bytes.Buffer
	if err := (Page{Session: s, Engine: fakeEngine, Lang: "nl", Version: "v9"}).Write(&b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	// The engine is inlined gzipped in base64 and comes back whole.
	m := regexp.MustCompile(`<script type="text/plain" id="engine">([A-Za-z0-9+/=]+)</script>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("no engine in the page")
	}
	gz, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(wasm, fakeEngine.Wasm) {
		t.Errorf("engine %q (%v), want %q", wasm, err, fakeEngine.Wasm)
	}
	// The data: language, controls and the targets' Dutch names.
	m = regexp.MustCompile(`<script type="application/json" id="data">(.*)</script>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("no data in the page")
	}
	var data pageData
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatal(err)
	}
	if data.Lang != "nl" || data.Base != "eerst-een-thuis" || data.Runs != 20 || len(data.Controls) != len(s.Controls()) || data.GoVersion != "go1.99" {
		t.Errorf("data: lang %s, base %s, %d runs, %d controls, %s", data.Lang, data.Base, data.Runs, len(data.Controls), data.GoVersion)
	}
	if len(data.Targets) != len(s.Targets()) || data.Targets[0].Name != "Minder dakloze mensen dan in 2021" {
		t.Errorf("targets: %+v", data.Targets)
	}
	if want := s.Base().DescriptionIn("nl"); data.Description != want || !strings.HasPrefix(want, "Het plan zoals het is geschreven") {
		t.Errorf("description %q, want the Dutch one %q", data.Description, want)
	}
	// Self-contained: nothing is fetched from anywhere.
	for _, ref := range []string{`src="`, `href="`, "http://", "https://", "@import"} {
		if strings.Contains(html, ref) {
			t.Errorf("the page refers to something outside it: %q", ref)
		}
	}
	for _, placeholder := range []string{"{{lang}}", "{{data}}", "{{engine}}", "{{glue}}", "{{worker}}", "{{script}}"} {
		if strings.Contains(html, placeholder) {
			t.Errorf("%s left in the page", placeholder)
		}
	}
}

func TestPageErrors(t *testing.T) {
	s := testSession(t)
	cases := []struct {
		page Page
		want string
	}{
		{Page{Session: s, Engine: fakeEngine, Lang: "fr"}, `explorer: language "fr": use en or nl`},
		{Page{Session: s, Engine: fakeEngine, Lang: "en", Runs: 500}, "explorer: 500 runs per scenario: use 1 to 200"},
		{Page{Session: s, Lang: "en"}, "explorer: a page needs a session and an engine"},
		{Page{Session: s, Engine: &Engine{WasmExec: []byte("x = '</script>'")}, Lang: "en"}, "explorer: wasm_exec.js contains </script, which would end its script element"},
	}
	for _, c := range cases {
		err := c.page.Write(io.Discard)
		if err == nil || err.Error() != c.want {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

func TestFindModule(t *testing.T) {
	root, err := FindModule(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "model", "explorer", "wasm", "main.go")); err != nil {
		t.Errorf("FindModule(.) = %s, which lacks the engine: %v", root, err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = FindModule(dir)
	var none *NoModuleError
	if !errors.As(err, &none) || !strings.Contains(err.Error(), "no source of github.com/thuis-nl/thuis in ") {
		t.Errorf("FindModule(%s): %v, want a NoModuleError", dir, err)
	}
}

func TestNewSessionErrors(t *testing.T) {
	_, err := NewSession(shipped, "no-such-scenario", nil)
	var nf *scenario.NotFoundError
	if !errors.As(err, &nf) {
		t.Errorf("unknown base: %v", err)
	}
	// The baseline has no afbouw schedules: the explorer varies the plan.
	_, err = NewSession(shipped, "baseline", nil)
	if err == nil || !strings.Contains(err.Error(), "has no afbouw schedule named large-first-22-by-2025") {
		t.Errorf("baseline: %v", err)
	}
	if !slices.Contains(shipped.ShippedNames(), DefaultBase) {
		t.Errorf("DefaultBase %s is not shipped", DefaultBase)
	}
}
