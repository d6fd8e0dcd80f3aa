package report

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// fakeFigures stands in for the real ones: the report's layout is tested
// here, the figures in model/figure.
func fakeFigures(scs []*results.Scenario, lang string) ([]Image, error) {
	return []Image{{Name: "cbs_count", Caption: "CBS count (" + lang + ")", PNG: []byte("\x89PNG fake"), Path: "figures/cbs_count.png"}}, nil
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		os.WriteFile(path, got, 0o644)
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

func TestMarkdownGolden(t *testing.T) {
	dir := comparison(t)
	for _, lang := range []string{"en", "nl"} {
		in, err := Load(dir, shippedTargets(t), loader, fakeFigures, lang)
		if err != nil {
			t.Fatal(err)
		}
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
	dir := comparison(t)
	in, err := Load(dir, shippedTargets(t), loader, fakeFigures, "nl")
	if err != nil {
		t.Fatal(err)
	}
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
			if (a.Name.Local == "src" && !strings.HasPrefix(a.Value, "data:")) || (a.Name.Local == "href" && !strings.HasPrefix(a.Value, "#")) {
				t.Errorf("<%s %s=%q> refers outside the file", se.Name.Local, a.Name.Local, a.Value)
			}
		}
	}
	if counts["script"] != 0 || counts["link"] != 0 {
		t.Errorf("scripts or links: %v", counts)
	}
	if counts["table"] < 4 || counts["img"] != 1 || counts["h2"] != 7 {
		t.Errorf("structure: %d tables, %d images, %d sections; want >= 4, 1, 7", counts["table"], counts["img"], counts["h2"])
	}
	for _, want := range []string{"Doelen", "doel bereikt", "niet bereikt", "buitenslapers", "afbouw-zonder-woningen verschilt van eerst-een-thuis in:", "housing.social_new_build"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the Dutch report lacks %q", want)
		}
	}
	golden(t, "testdata/report.nl.html.golden", page)
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
