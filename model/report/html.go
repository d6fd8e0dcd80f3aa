package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"github.com/thuis-nl/thuis/model/i18n"
	"html/template"
	"strings"
)

// page is what the HTML template needs.
type page struct {
	Lang, Title, Subtitle           string
	ScorecardTitle, ScorecardNote   string
	Head                            []string
	Scorecard                       [][]string
	Descriptions                    [][2]string
	KeyTitle                        string
	KeyHead                         []string
	Keys                            [][]string
	FiguresTitle                    string
	Figures                         []figure
	AssumesTitle                    string
	Assumes                         []assumes
	AssumptionsTitle, AssumptionsOf string
	ParamHead                       []string
	Params                          [][]string
	MethodTitle, Method             string
	ReproduceTitle                  string
	Reproduce                       []string
	Command                         string
	CommandLabel                    string
}

type figure struct {
	Caption string
	Src     template.URL // a data: URI: the file holds its figures
}

type assumes struct {
	Text string
	Rows [][]string
}

// The report is XHTML-compatible HTML5: well-formed, so it can be checked
// with an XML parser; print rules keep tables and figures on one page.
var tmpl = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; } th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num { text-align: right; white-space: nowrap; }
figure { margin: 1.2em 0; } figure img { max-width: 100%; } figcaption { font-style: italic; font-size: 0.9em; }
.subtitle { color: #555; } code { font-size: 0.85em; }
@media print { body { max-width: none; margin: 0; } h2 { break-after: avoid; } table, figure { break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="subtitle">{{.Subtitle}}</p>
<h2 id="targets">{{.ScorecardTitle}}</h2>
<p>{{.ScorecardNote}}</p>
<table>
<thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Scorecard}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<ul>{{range .Descriptions}}<li><strong>{{index . 0}}</strong>: {{index . 1}}</li>
{{end}}</ul>
<h2 id="key-numbers">{{.KeyTitle}}</h2>
<table>
<thead><tr>{{range .KeyHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Keys}}<tr>{{range $i, $c := .}}{{if $i}}<td class="num">{{$c}}</td>{{else}}<td>{{$c}}</td>{{end}}{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Figures}}<h2 id="figures">{{.FiguresTitle}}</h2>
{{range .Figures}}<figure><img src="{{.Src}}" alt="{{.Caption}}"/><figcaption>{{.Caption}}</figcaption></figure>
{{end}}{{end}}<h2 id="assumes">{{.AssumesTitle}}</h2>
{{range .Assumes}}<p>{{.Text}}</p>
{{if .Rows}}<table>
<thead><tr>{{range $.ParamHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}{{end}}<h2 id="assumptions">{{.AssumptionsTitle}}</h2>
<p>{{.AssumptionsOf}}</p>
<table>
<thead><tr>{{range .ParamHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Params}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
<h2 id="method">{{.MethodTitle}}</h2>
<p>{{.Method}}</p>
<h2 id="reproduce">{{.ReproduceTitle}}</h2>
<ul>{{range .Reproduce}}<li>{{.}}</li>
{{end}}</ul>
{{if .Command}}<p>{{.CommandLabel}}: <code>{{.Command}}</code></p>
{{end}}</body>
</html>
`))

// HTML renders the report as one self-contained HTML file: figures are
// inline, nothing is fetched from anywhere.
func HTML(in Input, lang string) ([]byte, error) {
	if !i18n.Supported(lang) {
		return nil, fmt.Errorf("language %q not supported; use en or nl", lang)
	}
	pg := page{Lang: lang, Title: t(lang, "title"), Subtitle: t(lang, "subtitle"), ScorecardTitle: t(lang, "scorecard"),
		KeyTitle: t(lang, "key_numbers"), FiguresTitle: t(lang, "figures"), AssumesTitle: t(lang, "assumes"),
		AssumptionsTitle: t(lang, "assumptions"), AssumptionsOf: fmt.Sprintf(t(lang, "assumptions_of"), in.Definitions[0].Name),
		ParamHead: paramHead(lang), Params: paramRows(in.Definitions[0].Params()), MethodTitle: t(lang, "method"),
		Method: t(lang, "method_text"), ReproduceTitle: t(lang, "reproduce"), CommandLabel: t(lang, "command")}
	pg.ScorecardNote = t(lang, "scorecard_run")
	if in.Scenarios[0].Runs > 1 {
		pg.ScorecardNote = t(lang, "scorecard_sweep")
	}
	pg.Head = []string{t(lang, "target"), t(lang, "year")}
	pg.KeyHead = []string{""}
	for _, s := range in.Scenarios {
		pg.Head = append(pg.Head, s.Name)
		pg.KeyHead = append(pg.KeyHead, s.Name)
		pg.Reproduce = append(pg.Reproduce, fmt.Sprintf("%s: %s %s, %s %d, %s %d, %s %s", s.Name, t(lang, "version"), s.Version,
			t(lang, "seed"), s.Seed, t(lang, "runs"), s.Runs, t(lang, "sha"), s.SHA256))
	}
	pg.Scorecard = scorecardRows(in, lang)
	for _, tg := range in.Targets {
		pg.Descriptions = append(pg.Descriptions, [2]string{tg.ID, tg.Description[lang]})
	}
	pg.Keys = keyRows(in, lang)
	for _, f := range in.Figures {
		pg.Figures = append(pg.Figures, figure{Caption: f.Caption, Src: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(f.PNG))})
	}
	for i, def := range in.Definitions {
		switch {
		case in.Parents[i] == nil:
			pg.Assumes = append(pg.Assumes, assumes{Text: fmt.Sprintf(t(lang, "assumes_root"), def.Name)})
		case len(Differences(def, in.Parents[i])) == 0:
			pg.Assumes = append(pg.Assumes, assumes{Text: fmt.Sprintf(t(lang, "assumes_same"), def.Name, in.Parents[i].Name)})
		default:
			pg.Assumes = append(pg.Assumes, assumes{Text: fmt.Sprintf(t(lang, "assumes_diff"), def.Name, in.Parents[i].Name),
				Rows: paramRows(Differences(def, in.Parents[i]))})
		}
	}
	if cmd := in.Scenarios[0].Command; len(cmd) > 0 {
		pg.Command = strings.Join(cmd, " ")
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, pg); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
