package main

import (
	"path/filepath"

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
			img := report.Image{Name: f.Name, Caption: f.Title, PNG: png, Path: "figures/" + lang + "/" + f.Name + ".png"}
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
