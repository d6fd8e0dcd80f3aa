package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"path"
	"strings"

	"github.com/thuis-nl/thuis/model/i18n"
)

// page is what the HTML template needs: the view, and the parts only
// HTML has (figures and files as data: URIs).
type page struct {
	view
	Figures []htmlFigure
	Files   []htmlFile
	Words   map[string]string
}

// maxTableRows is the most rows a table of the HTML report has. LibreOffice
// (and so a DOCX made from the report) gives a table of more than about 60
// rows a fixed width wider than the page, ignoring width="100%"; the 92
// parameters of the reference report's appendix ran off its right edge.
const maxTableRows = 50

// breakable lets a scenario's name, in a table's header, break after its
// hyphens (a zero-width space): a browser breaks there anyway, but
// LibreOffice and Word size a column by its longest unbroken word, and
// "afbouw-zonder-woningen" pushed the targets table of the English report
// past the page's edge.
func breakable(name string) string { return strings.ReplaceAll(name, "-", "-\u200b") }

// paramTables splits parameter rows (path first) into one table per
// top-level section of the path, and those longer than maxTableRows into
// parts.
func paramTables(rows [][]string) [][][]string {
	var out [][][]string
	section := func(r []string) string { s, _, _ := strings.Cut(r[0], "."); return s }
	for i, r := range rows {
		if i == 0 || section(r) != section(rows[i-1]) || len(out[len(out)-1]) == maxTableRows {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], r)
	}
	return out
}

type htmlFigure struct {
	Caption string
	Src     template.URL // a data: URI: the file holds its figures
}

type htmlFile struct {
	fileView
	Href     template.URL // the file as a data: URI, to save it
	Download string       // its base name
}

// The report is XHTML-compatible HTML5: well-formed, so it can be checked
// with an XML parser. It prints on A4: the main part first, each appendix
// on a new page, tables and figures kept whole. Scenario files are shown
// in closed <details> (they print as one line each) and attached as
// data: links to save them.
//
// It also survives being pasted into Word, or opened there or in
// LibreOffice (cmd/thuis TestReportInWord checks it): those read no CSS
// widths, so tables say width="100%" and figures width="640" (pixels:
// about the width of an A4 text column), which CSS overrides in a
// browser. Without them the targets table and every figure ran off the
// right edge of the page.
var tmpl = template.Must(template.New("report").Funcs(template.FuncMap{"paramTables": paramTables, "breakable": breakable}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; } th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num { text-align: right; white-space: nowrap; } td.nowrap { white-space: nowrap; }
td.reached { background: #eaf5ea; } td.missed { background: #fbeeee; } td.uncertain { background: #fbf5e0; }
th.scenario { border-top: 4px solid var(--c); }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; background: var(--c); vertical-align: baseline; }
figure { margin: 1.2em 0; } figure img { width: 100%; height: auto; } figcaption { font-style: italic; font-size: 0.9em; }
.subtitle, .made { color: #555; } code, pre { font-size: 0.8em; } pre { background: #f7f7f7; padding: 0.5em; overflow-x: auto; white-space: pre-wrap; }
.summary li { margin: 0.4em 0; } .measured li { margin-bottom: 0.3em; }
.appendix table { font-size: 0.8em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; } h3 { break-after: avoid; } h2 + p { break-after: avoid; } /* a table's heading and intro go with it */
  tr, figure, .policy { break-inside: avoid; }
  figure { width: 68%; margin: 0.4em auto; } /* three figures to a page */
  h2.appendix-start { break-before: page; }
  details pre { display: none; }
}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="subtitle">{{.Subtitle}}</p>
{{if .Made}}<p class="made">{{.Made}}</p>
{{end}}<h2 id="summary">{{.Words.summary}}</h2>
<div class="summary">{{range $i, $s := .Summary}}{{if eq $i 0}}<p>{{$s}}</p>
<ul>{{else}}<li>{{$s}}</li>
{{end}}{{end}}</ul></div>
<h2 id="targets">{{.Words.scorecard}}</h2>
<p>{{.TargetsIntro}}</p>
<table width="100%">
<thead><tr>{{range $i, $h := .TargetHead}}{{if lt $i 3}}<th>{{$h}}</th>{{end}}{{end}}{{range .Scenarios}}<th class="scenario" style="--c: {{.Colour}}">{{breakable .Name}}</th>{{end}}</tr></thead>
<tbody>{{range .Targets}}<tr><td>{{.Code}}{{if .Name}} {{.Name}}{{end}}</td><td>{{.Year}}</td><td class="nowrap">{{.Norm}}</td>{{range .Cells}}<td class="{{if .Missing}}{{else if .Uncertain}}uncertain{{else if .Reached}}reached{{else}}missed{{end}}">{{range $i, $l := .Lines}}{{if $i}}<br/>{{end}}{{$l}}{{end}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<h3>{{.Words.how_measured}}</h3>
<ul class="measured">{{range .Targets}}<li><strong>{{.Code}}{{if .Name}} {{.Name}}{{end}}</strong> ({{.Year}}): {{.Description}}.{{if .Note}} <em>{{$.Words.measured}}</em>: {{.Note}}.{{end}}{{if .Source}} <em>{{$.Words.source}}</em>: {{.Source}}.{{end}}</li>
{{end}}</ul>
<h2 id="key-numbers">{{.Words.key_numbers}}</h2>
<p>{{.KeyIntro}}</p>
<table width="100%">
<thead><tr><th></th>{{range .Scenarios}}<th class="scenario" style="--c: {{.Colour}}">{{breakable .Name}}</th>{{end}}</tr></thead>
<tbody>{{range .Keys}}<tr><td>{{.Label}}</td>{{range .Values}}<td class="num">{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<h2 id="policies">{{.Words.policies}}</h2>
<p>{{.PoliciesIntro}}</p>
{{range $i, $p := .Policies}}<div class="policy">
<h3><span class="swatch" style="--c: {{(index $.Scenarios $i).Colour}}"></span>{{.Name}}</h3>
{{if .Description}}<p>{{.Description}}</p>
{{end}}<ul>{{range .Items}}<li><strong>{{.Label}}</strong>: {{range $j, $l := .Lines}}{{if $j}}; {{end}}{{$l}}{{end}}</li>
{{end}}</ul>
</div>
{{end}}{{if .Figures}}<h2 id="figures">{{.Words.figures}}</h2>
{{range .Figures}}<figure><img width="640" src="{{.Src}}" alt="{{.Caption}}"/><figcaption>{{.Caption}}</figcaption></figure>
{{end}}{{end}}<div class="appendix">
<h2 id="assumes" class="appendix-start">{{.AssumesTitle}}</h2>
{{range .Assumes}}<p>{{.Text}}</p>
{{range paramTables .Rows}}<table width="100%">
<thead><tr>{{range $.ParamHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}{{end}}<h2 id="assumptions">{{.AssumptionsTitle}}</h2>
<p>{{.AssumptionsOf}}</p>
{{range paramTables .Params}}<table width="100%">
<thead><tr>{{range $.ParamHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}
<h2 id="method">{{.MethodTitle}}</h2>
<p>{{.Words.method_text}}</p>
<h2 id="reproduce">{{.ReproduceTitle}}</h2>
{{if .Made}}<p>{{.Made}}</p>
{{end}}<ul>{{range .Reproduce}}<li>{{.}}</li>
{{end}}</ul>
{{if .Command}}<p>{{.Words.command}}: <code>{{.Command}}</code></p>
{{end}}{{if .Files}}<h3 id="files">{{.Words.files}}</h3>
<p>{{.FilesIntro}}</p>
{{range .Files}}<details><summary><code>{{.Name}}</code>{{if .Href}} (<a href="{{.Href}}" download="{{.Download}}">{{$.Words.download}}</a>){{end}}{{if .Note}}: {{.Note}}{{end}}</summary>
{{if .Text}}<pre>{{.Text}}</pre>
{{end}}</details>
{{end}}{{end}}</div>
</body>
</html>
`))

// HTML renders the report as one self-contained HTML file: figures and
// scenario files are inline, nothing is fetched from anywhere.
func HTML(in Input, lang string) ([]byte, error) {
	if !i18n.Supported(lang) {
		return nil, fmt.Errorf("report: language %q not supported; use en or nl", lang)
	}
	pg := page{view: newView(in, lang), Words: map[string]string{}}
	for _, k := range []string{"summary", "scorecard", "how_measured", "measured", "source", "key_numbers", "policies", "figures", "method_text", "command", "files", "download"} {
		pg.Words[k] = t(lang, k)
	}
	pg.Words["measured"], pg.Words["source"] = capital(pg.Words["measured"]), capital(pg.Words["source"])
	for _, f := range in.Figures {
		pg.Figures = append(pg.Figures, htmlFigure{Caption: f.Caption, Src: dataURI("image/png", f.PNG)})
	}
	for _, f := range pg.view.Files {
		// Fixed types, not the system's mime table: the report is the
		// same on every machine.
		typ := "text/plain;charset=utf-8"
		if path.Ext(f.Name) == ".csv" {
			typ = "text/csv;charset=utf-8"
		}
		hf := htmlFile{fileView: f, Download: path.Base(f.Name)}
		if f.Text != "" || !f.Shipped {
			// A large shipped file (the posterior sample) is named by its
			// SHA-256, not carried: thuis of the same version has it.
			hf.Href = dataURI(typ, f.Data)
		}
		pg.Files = append(pg.Files, hf)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, pg); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func dataURI(typ string, data []byte) template.URL {
	return template.URL("data:" + typ + ";base64," + base64.StdEncoding.EncodeToString(data))
}
