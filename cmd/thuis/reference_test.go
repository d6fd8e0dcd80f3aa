package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateReference = flag.Bool("update-reference", false, "regenerate results/reference")

// referenceSteps are the commands that make results/reference. They run
// from the repository's top (or a copy of it), so paths are relative and
// the results record the same command lines wherever they are made.
var referenceSteps = [][]string{
	{"compare", "baseline", "eerst-een-thuis", "afbouw-zonder-woningen", "preventie-eerst", "--out", "results/reference"},
	{"report", "results/reference", "--lang", "nl", "--format", "html"},
	{"report", "results/reference", "--lang", "en", "--format", "html"},
	{"report", "results/reference", "--lang", "nl", "--format", "md"},
	{"report", "results/reference", "--lang", "en", "--format", "md"},
}

// bulky files are regenerated but not committed (about 30 MB a scenario).
func bulky(path string) bool {
	for _, b := range []string{"timeseries.csv", "flows.csv", "stays.csv"} {
		if filepath.Base(path) == b {
			return true
		}
	}
	return false
}

// TestReferenceResults fails when the committed reference results no
// longer match what the code produces. Regenerate them with
//
//	go test ./cmd/thuis -run TestReferenceResults -update-reference
func TestReferenceResults(t *testing.T) {
	if testing.Short() {
		t.Skip("reference results: four national runs")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// The reports carry a date; a fixed one keeps them the same file
	// whenever they are made.
	t.Setenv("SOURCE_DATE_EPOCH", "1795305600") // 22 November 2026
	work := t.TempDir()
	if *updateReference {
		work = repo
		os.RemoveAll(filepath.Join(repo, "results", "reference"))
	}
	t.Chdir(work)
	for _, step := range referenceSteps {
		var out, errs bytes.Buffer
		if code := run(step, &out, &errs); code != 0 {
			t.Fatalf("thuis %s: exit %d\n%s", strings.Join(step, " "), code, errs.String())
		}
	}
	if *updateReference {
		return
	}
	ref := filepath.Join(repo, "results", "reference")
	compared := 0
	err = filepath.WalkDir(ref, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || bulky(path) {
			return err
		}
		rel, _ := filepath.Rel(ref, path)
		want, _ := os.ReadFile(path)
		got, err := os.ReadFile(filepath.Join(work, "results", "reference", rel))
		if err != nil {
			t.Errorf("%s: the code no longer produces it", rel)
			return nil
		}
		if filepath.Base(path) == "run.json" {
			want, got = withoutTiming(t, want), withoutTiming(t, got)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("results/reference/%s no longer matches what the code produces; if the change is intended, regenerate with: go test ./cmd/thuis -run TestReferenceResults -update-reference", rel)
		}
		compared++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if compared < 10 {
		t.Errorf("only %d reference files compared; regenerate results/reference", compared)
	}
}

func withoutTiming(t *testing.T, data []byte) []byte {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "wall_seconds")
	delete(m, "cpu_seconds")
	delete(m, "cpu_clock") // the machine's, not the result's
	out, _ := json.Marshal(m)
	return out
}
