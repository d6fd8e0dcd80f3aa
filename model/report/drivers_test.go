package report

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/thuis-nl/thuis/model/analysis"
)

// withSensitivity is the shared comparison's input with the fixed
// sensitivity result of testdata/sensitivity (Morris, three parameters,
// one of them the posterior; T3a, T3b, T6 and T8 left out as outputs that
// do not vary).
func withSensitivity(t *testing.T, lang string) Input {
	t.Helper()
	in := load(t, sharedComparison(t), lang)
	res, err := analysis.ReadDir("testdata/sensitivity")
	if err != nil {
		t.Fatal(err)
	}
	in.Sensitivity, in.SensitivityDir = res, "results/sensitivity-eerst-een-thuis"
	return in
}

// TestDriversGolden: a report given a sensitivity result says what drives
// each target, in a section of its own and in the summary, in both
// languages; a report without one is unchanged (TestMarkdownGolden).
func TestDriversGolden(t *testing.T) {
	for _, lang := range []string{"en", "nl"} {
		in := withSensitivity(t, lang)
		md, err := Markdown(in, lang)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "testdata/report-drivers."+lang+".md.golden", md)
		page, err := HTML(in, lang)
		if err != nil {
			t.Fatal(err)
		}
		title := map[string]string{"en": "What drives each target", "nl": "Wat elk doel bepaalt"}[lang]
		row := map[string]string{"en": "<td>moves.ethos6.stay</td><td>2,600</td>", "nl": "<td>moves.ethos6.stay</td><td>2.600</td>"}[lang]
		for _, want := range []string{`<h2 id="drivers">` + title + `</h2>`, row} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("%s HTML lacks %s", lang, want)
			}
		}
		sentence := map[string]string{"en": "What drives that (Morris μ*, results/sensitivity-eerst-een-thuis): T2 mostly shelter.emergency, then posterior",
			"nl": "Wat dat bepaalt (Morris μ*, results/sensitivity-eerst-een-thuis): T2 vooral shelter.emergency, dan posterior"}[lang]
		if !bytes.Contains(md, []byte(sentence)) || !bytes.Contains(page, []byte(sentence)) {
			t.Errorf("%s summary lacks %q", lang, sentence)
		}
	}
}

// TestDriverRows: each target's drivers in order of μ*, with their
// intervals in the target's unit; a target the result lacks says so.
func TestDriverRows(t *testing.T) {
	in := withSensitivity(t, "en")
	v := newView(in, "en")
	d := drivers(in, v.Targets, "en")
	var t2 [][]string
	for i, r := range d.Rows {
		if strings.HasPrefix(r[0], "T2") {
			t2 = d.Rows[i : i+3]
		}
		if strings.HasPrefix(r[0], "T3a") && r[1] != "no indices: it did not vary over the design, or was not analysed" {
			t.Errorf("T3a row %v", r)
		}
	}
	want := [][]string{{"shelter.emergency", "1,400", "1,100 – 1,700", "300"}, {"posterior", "900", "610 – 1,180", "400"}, {"moves.ethos6.stay", "520", "300 – 760", "260"}}
	for i := range want {
		if !slices.Equal(t2[i][1:], want[i]) {
			t.Errorf("T2 row %d: %v; want %v", i, t2[i][1:], want[i])
		}
	}
	if d.Posterior == "" {
		t.Error("no note on the posterior as one parameter")
	}
}

func TestDriverTexts(t *testing.T) {
	verbs := regexp.MustCompile(`%[+#0-9.]*[a-z%]`)
	for key, en := range driverTexts["en"] {
		nl, ok := driverTexts["nl"][key]
		if !ok {
			t.Errorf("%s has no Dutch text", key)
			continue
		}
		if a, b := verbs.FindAllString(en, -1), verbs.FindAllString(nl, -1); !slices.Equal(a, b) {
			t.Errorf("%s: verbs %v (en) and %v (nl)", key, a, b)
		}
		if en == nl && key != "head_param" {
			t.Errorf("%s: the same text in both languages", key)
		}
	}
	if len(driverTexts["en"]) != len(driverTexts["nl"]) {
		t.Error("the languages have different keys")
	}
}
