package main

import (
	"path/filepath"
	"strings"

	"github.com/thuis-nl/thuis/model/figure"
	"github.com/thuis-nl/thuis/model/observed"
	"github.com/thuis-nl/thuis/model/report"
	"github.com/thuis-nl/thuis/model/results"
	"github.com/thuis-nl/thuis/scenarios"
)

// figureImages makes the report's figures, with the CBS observations
// marked; with save, it also writes each as PNG and SVG under dir/figures
// (Markdown refers to them there).
func figureImages(dir string, save bool) report.Figures {
	return func(scs []*results.Scenario, lang string) ([]report.Image, error) {
		cbs, err := observed.LoadFS(scenarios.FS, "cbs")
		if err != nil {
			return nil, err
		}
		figs, err := figure.All(scs, cbs.Observations, lang)
		if err != nil {
			return nil, err
		}
		var out []report.Image
		for _, f := range figs {
			png, err := f.PNG()
			if err != nil {
				return nil, err
			}
			// One stacked chart per scenario: the caption says whose, as
			// its subtitle does, so that a figure pasted alone is named.
			caption := f.Title
			if sc, ok := strings.CutPrefix(f.Name, "ethos_stacked_"); ok {
				caption += ": " + sc
			}
			img := report.Image{Name: f.Name, Caption: caption, PNG: png, Path: "figures/" + lang + "/" + f.Name + ".png"}
			if save {
				if err := f.Save(filepath.Join(dir, "figures", lang)); err != nil {
					return nil, err
				}
			}
			out = append(out, img)
		}
		return out, nil
	}
}
