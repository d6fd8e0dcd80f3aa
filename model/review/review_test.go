package review

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/costs"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var loader = scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}

// golden compares got with the file, or rewrites it with -update and
// reads it back to check the write.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; rerun with -update if intended. Got:\n%.3000s", path, got)
	}
}

// fixed is the review the golden pages are rendered from: made once by
// Build on the small test scenario (TestBuildSmall -update writes it), so
// the golden test renders without running the model.
func fixed(t *testing.T) *Review {
	t.Helper()
	data, err := os.ReadFile("testdata/review.json")
	if err != nil {
		t.Fatal(err)
	}
	var rv Review
	if err := json.Unmarshal(data, &rv); err != nil {
		t.Fatal(err)
	}
	return &rv
}

func TestGolden(t *testing.T) {
	rv := fixed(t)
	for _, lang := range []string{"en", "nl"} {
		md, err := rv.Markdown(lang)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "review."+lang+".md.golden"), md)
		page, err := rv.HTML(lang)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "review."+lang+".html.golden"), page)
	}
}

// TestPageIsOneLanguage: every text of the page comes from its language,
// no key shows through, and the HTML is self-contained.
func TestPageIsOneLanguage(t *testing.T) {
	rv := fixed(t)
	for _, lang := range []string{"en", "nl"} {
		md, _ := rv.Markdown(lang)
		for key := range texts[lang] {
			if regexp.MustCompile(`(^|[ (])`+regexp.QuoteMeta(key)+`($|[ ).,:])`).Match(md) && !same[key] && len(key) > 3 && strings.Contains(key, "_") {
				t.Errorf("%s page shows the key %s", lang, key)
			}
		}
		page, _ := rv.HTML(lang)
		for _, bad := range []string{"<script", "http://", "https://", "src="} {
			if bytes.Contains(page, []byte(bad)) {
				t.Errorf("%s HTML holds %q: it must be self-contained", lang, bad)
			}
		}
	}
	if _, err := rv.Markdown("de"); err == nil || err.Error() != `review: language "de" not supported; use en or nl` {
		t.Errorf("error %v", err)
	}
}

// TestTexts: both languages have every key with the same fmt verbs, and
// differ unless listed in same.
func TestTexts(t *testing.T) {
	verbs := regexp.MustCompile(`%[+#0-9.]*[a-z%]`)
	for key, en := range texts["en"] {
		nl, ok := texts["nl"][key]
		if !ok {
			t.Errorf("%s has no Dutch text", key)
			continue
		}
		if a, b := verbs.FindAllString(en, -1), verbs.FindAllString(nl, -1); !slices.Equal(a, b) {
			t.Errorf("%s: verbs %v (en) and %v (nl)", key, a, b)
		}
		if en == nl && !same[key] {
			t.Errorf("%s: the same text in both languages: %q", key, en)
		}
	}
	for key := range texts["nl"] {
		if _, ok := texts["en"][key]; !ok {
			t.Errorf("%s has no English text", key)
		}
	}
}

// sweepDir is where TestBuildSmall's sweep goes: $REVIEW_SWEEP to look
// at it, else a temporary directory.
func sweepDir(t *testing.T) string {
	if d := os.Getenv("REVIEW_SWEEP"); d != "" {
		return d
	}
	return t.TempDir()
}

func targets(t *testing.T) []target.Target {
	t.Helper()
	data, err := scenarios.FS.ReadFile("targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := target.Parse("scenarios/targets.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestBuildSmall reviews the small plan against its baseline with few
// runs and checks what the page rests on: every target once, with
// probabilities that are shares and intervals that hold them, on track
// exactly when the probability reaches Prob, a gap only where the median
// misses; drivers that are rank correlations in [−1, 1]; a lever tried
// for each missed target it applies to, its first value the plan as
// written (so no extra cost at factor 1); every assumption judged; and
// costs with a band that holds its median.
func TestBuildSmall(t *testing.T) {
	alt, err := loader.Load("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base, err := loader.Load("testdata/small-baseline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	uc, err := costs.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	var stages []string
	rv, err := Build(context.Background(), Config{Scenario: alt, Baseline: base, Targets: targets(t), UnitCosts: uc,
		Runs: 6, LeverRuns: 3, LeverGrid: 3, Seed: 1, Workers: 2, Out: sweepDir(t),
		Progress: func(stage string, done, total int) {
			if len(stages) == 0 || stages[len(stages)-1] != stage {
				stages = append(stages, stage)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) == 0 || stages[0] != "sweep" {
		t.Errorf("progress stages %v; want the sweep first", stages)
	}
	if len(rv.Targets) != len(targets(t)) {
		t.Fatalf("%d targets reviewed; want %d", len(rv.Targets), len(targets(t)))
	}
	for _, tv := range rv.Targets {
		id := tv.Target.ID
		if !(0 <= tv.Low && tv.Low <= tv.Probability && tv.Probability <= tv.High && tv.High <= 1) {
			t.Errorf("%s: probability %v outside [%v, %v] or [0, 1]", id, tv.Probability, tv.Low, tv.High)
		}
		if tv.OnTrack != (tv.Probability >= rv.Prob) {
			t.Errorf("%s: on track %v at probability %v", id, tv.OnTrack, tv.Probability)
		}
		if (tv.Gap != 0) == tv.Target.Holds(tv.Median) {
			t.Errorf("%s: gap %v with median %v against %s %v", id, tv.Gap, tv.Median, tv.Target.Comparator, tv.Target.Threshold)
		}
		for _, d := range tv.Drivers {
			if d.Index != "rho" || math.Abs(d.Value) > 1 || !(d.Low <= d.Value && d.Value <= d.High) {
				t.Errorf("%s: driver %+v", id, d)
			}
		}
		if tv.OnTrack && (tv.Require != nil || tv.NoLever != "") {
			t.Errorf("%s is on track but has a requirement", id)
		}
		if !tv.OnTrack && tv.Require == nil && tv.NoLever == "" {
			t.Errorf("%s is not on track and says nothing of what it would take", id)
		}
		if r := tv.Require; r != nil && r.Found && (r.ExtraCost == nil || r.Value < 1) {
			t.Errorf("%s: requirement %+v", id, r)
		}
	}
	for _, l := range rv.Levers {
		if l.Values[0] != 1 || !l.Factor {
			t.Errorf("lever %s starts at %v; want factor 1, the plan as written", l.Lever, l.Values[0])
		}
	}
	var keys []string
	for _, a := range rv.Assumptions {
		keys = append(keys, a.Key)
	}
	if !slices.Equal(keys, Assumptions) {
		t.Errorf("assumptions %v; want %v", keys, Assumptions)
	}
	if c := rv.Costs; c == nil || !(c.Diff.Low <= c.Diff.Median && c.Diff.Median <= c.Diff.High) || c.Diff.N != 6 {
		t.Errorf("costs %+v", rv.Costs)
	}
	if *update {
		data, err := json.MarshalIndent(rv, "", "  ")
		if err != nil {
			t.Logf("%+v", rv.Costs)
			for _, tv := range rv.Targets {
				t.Logf("%+v %+v", tv, tv.Require)
			}
			t.Fatal(err)
		}
		if err := os.WriteFile("testdata/review.json", append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
