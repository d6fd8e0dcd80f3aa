package explorer

// This file implements the page: one HTML file holding the engine, its
// glue, the controls and the targets, that works opened from disk.

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/thuis-nl/thuis/model/output"
)

var (
	//go:embed page/page.html
	pageHTML string
	//go:embed page/page.js
	pageJS string
	//go:embed page/worker.js
	workerJS string
	//go:embed page/nofs.js
	noFSJS string
)

// Page is what the page is made of.
type Page struct {
	Session *Session
	Engine  *Engine
	// Lang is the page's language: "en" or "nl".
	Lang string
	// Version is thuis's version, shown at the foot of the page.
	Version string
	// Runs is how many runs (seeds 1 to Runs) the page makes of each
	// scenario; 0 means 20.
	Runs int
}

// pageData is the page's JSON: what the script needs besides the engine.
type pageData struct {
	Lang        string       `json:"lang"`
	Base        string       `json:"base"`
	Description string       `json:"description"`
	File        string       `json:"file"`
	Runs        int          `json:"runs"`
	Controls    []Control    `json:"controls"`
	Targets     []pageTarget `json:"targets"`
	Version     string       `json:"version"`
	GoVersion   string       `json:"go_version"`
	SeriesFrom  int          `json:"series_from"`
	// CheckpointSeeds is how many seeds the engine keeps a checkpoint of
	// (Session.Run), which the page's order of runs allows for.
	CheckpointSeeds int `json:"checkpoint_seeds"`
}

type pageTarget struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Year       int     `json:"year"`
	Comparator string  `json:"comparator"`
	Threshold  float64 `json:"threshold"`
	Unit       string  `json:"unit"`
}

// Write writes the page to w.
func (p Page) Write(w io.Writer) error {
	if p.Lang != "en" && p.Lang != "nl" {
		return fmt.Errorf("explorer: language %q: use en or nl", p.Lang)
	}
	if p.Session == nil || p.Engine == nil {
		return fmt.Errorf("explorer: a page needs a session and an engine")
	}
	runs := p.Runs
	if runs == 0 {
		runs = 20
	}
	if runs < 1 || runs > 200 {
		return fmt.Errorf("explorer: %d runs per scenario: use 1 to 200", runs)
	}
	s := p.Session
	data := pageData{Lang: p.Lang, Base: s.base.Name, Description: s.base.DescriptionIn(p.Lang), File: s.VariantFile(),
		Runs: runs, Controls: s.controls, Version: p.Version, GoVersion: p.Engine.GoVersion, SeriesFrom: SeriesFrom,
		CheckpointSeeds: CheckpointSeeds}
	for _, t := range s.targets {
		name := t.Name[p.Lang]
		if name == "" {
			name = t.ID
		}
		data.Targets = append(data.Targets, pageTarget{ID: t.ID, Name: name, Year: t.Year, Comparator: t.Comparator,
			Threshold: t.Threshold, Unit: output.MetricUnit(t.Metric)})
	}
	// json.Marshal escapes <, > and &, so no "</script>" can occur.
	dataJSON, err := json.Marshal(data)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(p.Engine.Wasm); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	glue := string(p.Engine.WasmExec) + "\n" + noFSJS
	for name, src := range map[string]string{"wasm_exec.js": glue, "worker.js": workerJS, "page.js": pageJS} {
		if strings.Contains(strings.ToLower(src), "</script") {
			return fmt.Errorf("explorer: %s contains </script, which would end its script element", name)
		}
	}
	r := strings.NewReplacer(
		"{{lang}}", p.Lang,
		"{{data}}", string(dataJSON),
		"{{engine}}", base64.StdEncoding.EncodeToString(gz.Bytes()),
		"{{glue}}", glue,
		"{{worker}}", workerJS,
		"{{script}}", pageJS,
	)
	_, err = r.WriteString(w, pageHTML)
	return err
}
