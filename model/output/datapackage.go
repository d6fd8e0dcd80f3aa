// This file implements the data dictionary of an output directory:
// datapackage.json, a Frictionless tabular data package
// (https://specs.frictionlessdata.io/tabular-data-package/) that names
// every CSV of the directory and describes every column.

package output

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/thuis-nl/thuis/model/column"
)

// DataPackageFile is the data dictionary of an output directory.
const DataPackageFile = "datapackage.json"

// Package is a Frictionless tabular data package. Frictionless readers
// (frictionless-py, the R package frictionless) load its resources with
// the types it gives; anyone else reads it as the data dictionary.
type Package struct {
	Profile     string     `json:"profile"` // "tabular-data-package"
	Name        string     `json:"name"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
	Version     string     `json:"version,omitempty"`
	Resources   []Resource `json:"resources"`
}

// Resource is one CSV file of a package.
type Resource struct {
	Profile     string `json:"profile"` // "tabular-data-resource"
	Name        string `json:"name"`
	Path        string `json:"path"`
	Format      string `json:"format"`
	Mediatype   string `json:"mediatype"`
	Encoding    string `json:"encoding"`
	Compression string `json:"compression,omitempty"` // "gz" for a .csv.gz
	Description string `json:"description"`
	Schema      Schema `json:"schema"`
}

// Schema is a resource's table schema.
type Schema struct {
	Fields        []Field  `json:"fields"`
	MissingValues []string `json:"missingValues"`
	PrimaryKey    []string `json:"primaryKey,omitempty"`
}

// Field is one column. Type is a Frictionless type: string, integer,
// number, boolean or date. Unit and Group are properties of thuis's own,
// which Frictionless allows: Unit is the unit of a number ("people",
// "people/year", "factor", "share", "year"; "see unit column" where it
// differs by row), and Group names the split whose shares the column is
// one of: the columns of a group sum to 1 in every row, so a regression
// on all of them is collinear.
type Field struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"`
	Unit        string       `json:"unit,omitempty"`
	Group       string       `json:"group,omitempty"`
	Description string       `json:"description"`
	Constraints *Constraints `json:"constraints,omitempty"`
}

// Constraints restrict a field's values.
type Constraints struct {
	Required bool     `json:"required,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

// NewPackage starts a package.
func NewPackage(name, title, description string) *Package {
	return &Package{Profile: "tabular-data-package", Name: Name(name), Title: title, Description: description, Version: Version}
}

// Name makes a Frictionless package or resource name of s: lower case
// ASCII letters, digits and '-' ("thuis-sweep-small-more-homes").
func Name(s string) string {
	return strings.ReplaceAll(strings.ToLower(column.Slug(strings.ReplaceAll(s, ".", "-"))), "_", "-")
}

// namePattern is what Frictionless allows in a package or resource name.
var namePattern = regexp.MustCompile(`^[-a-z0-9._/]+$`)

// Add adds a CSV file (a .csv.gz is compressed) with its columns.
func (p *Package) Add(path, description string, fields []Field, key ...string) {
	r := Resource{Profile: "tabular-data-resource", Name: strings.TrimSuffix(strings.TrimSuffix(path, ".gz"), ".csv"), Path: path,
		Format: "csv", Mediatype: "text/csv", Encoding: "utf-8", Description: description,
		Schema: Schema{Fields: fields, MissingValues: []string{""}, PrimaryKey: key}}
	if strings.HasSuffix(path, ".gz") {
		r.Compression = "gz"
	}
	p.Resources = append(p.Resources, r)
}

// Include adds the resources of q, a package in the subdirectory sub, to
// p: their paths under sub and their names prefixed with it, so that one
// package loads a directory of result directories.
func (p *Package) Include(sub string, q *Package) {
	for _, r := range q.Resources {
		r.Name = Name(sub) + "-" + r.Name
		r.Path = sub + "/" + r.Path
		p.Resources = append(p.Resources, r)
	}
}

// ReadPackage reads dir's datapackage.json.
func ReadPackage(dir string) (*Package, error) {
	data, err := os.ReadFile(filepath.Join(dir, DataPackageFile))
	if err != nil {
		return nil, err
	}
	var p Package
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, DataPackageFile), err)
	}
	return &p, nil
}

// Write writes the package into dir, atomically.
func (p *Package) Write(dir string) error {
	return WriteFile(filepath.Join(dir, DataPackageFile), func(w io.Writer) error { return JSON(w, p) })
}

// Fields shared by several files.
var (
	ScenarioField = Field{Name: "scenario", Type: "string", Description: "the scenario's name", Constraints: &Constraints{Required: true}}
	RegionField   = Field{Name: "region", Type: "string", Description: "the region (a centre municipality), or NL for the national total", Constraints: &Constraints{Required: true}}
)

// TargetFields are the columns of targets.csv that describe a target, in
// a run's and a sweep's.
var TargetFields = []Field{
	ScenarioField,
	{Name: "id", Type: "string", Description: "the target's id in the targets file", Constraints: &Constraints{Required: true}},
	{Name: "year", Type: "integer", Unit: "year", Description: "the year the target is tested in"},
	{Name: "metric", Type: "string", Description: "what the target measures (thuis targets --metrics)"},
	{Name: "aggregate", Type: "string", Description: "how the metric is taken over the year: jan1, end, mean, max, min, total, year or run"},
	{Name: "from", Type: "string", Description: "the inflow source, for metrics that need one; empty otherwise"},
	{Name: "since", Type: "integer", Unit: "year", Description: "the first year counted, for cumulative metrics; empty otherwise"},
	{Name: "comparator", Type: "string", Description: "value comparator threshold must hold", Constraints: &Constraints{Enum: []string{"<", "<=", ">", ">="}}},
	{Name: "threshold", Type: "number", Unit: "see unit column", Description: "the threshold, in the metric's unit"},
	{Name: "unit", Type: "string", Description: "the unit of threshold and of the metric's values (people, share, days, ratio, units)"},
}

// runFields are the columns of a run's files.
var runFields = map[string][]Field{
	"timeseries.csv": {
		{Name: "date", Type: "date", Description: "the snapshot's date, the first of a month (00:00)"},
		RegionField,
		{Name: "metric", Type: "string", Description: "an ETHOS state or housed state (people), capacity_KIND, occupied_KIND or open_KIND (shelter places of a kind: emergency, large, small), waiting_list, rough_sleeping_lack_of_shelter, cbs_count, supported (people), dedicated_vacant (homes)"},
		{Name: "profile", Type: "string", Description: "the need profile (A-E) of a state's people, or all"},
		{Name: "value", Type: "integer", Unit: "people, places or homes, by metric", Description: "the count on that date: people for states, waiting_list, rough_sleeping_lack_of_shelter, cbs_count and supported; places for capacity, occupied and open; homes for dedicated_vacant"},
	},
	"flows.csv": {
		{Name: "month", Type: "date", Description: "the first day of the month the events happened in"},
		RegionField,
		{Name: "flow", Type: "string", Description: "the kind of event: inflow, prevented and became_homeless per source, admissions, refusals, transfers, move-outs, housed from each state in each type, homes offered and unused, relapse, exits"},
		{Name: "value", Type: "integer", Unit: "events/month", Description: "events in the month: people moving, or homes for offered and unused"},
	},
	"stays.csv": {
		{Name: "person", Type: "integer", Unit: "id", Description: "the person's number in the run"},
		RegionField,
		{Name: "profile", Type: "string", Description: "the person's need profile (A-E)"},
		{Name: "first_kind", Type: "string", Description: "the shelter kind the stay began in: emergency, large or small"},
		{Name: "last_kind", Type: "string", Description: "the shelter kind the stay ended in"},
		{Name: "transfers", Type: "integer", Unit: "transfers", Description: "moves between kinds of shelter during the stay"},
		{Name: "start", Type: "date", Description: "the day the stay began"},
		{Name: "end", Type: "date", Description: "the day the stay ended, or the end of the run if ongoing"},
		{Name: "days", Type: "number", Unit: "days", Description: "the exact length of the stay, to 0.001 day (an ongoing stay to the end of the run)"},
		{Name: "ongoing", Type: "boolean", Description: "the stay had not ended at the end of the run"},
		{Name: "initial", Type: "boolean", Description: "the person was in shelter when the run started"},
		{Name: "next_state", Type: "string", Description: "where the person went; empty if ongoing"},
	},
	"targets.csv": append(append([]Field(nil), TargetFields...),
		Field{Name: "value", Type: "number", Unit: "see unit column", Description: "the metric's value in the target year"},
		Field{Name: "reached", Type: "boolean", Description: "value comparator threshold holds"},
		Field{Name: "margin", Type: "number", Unit: "see unit column", Description: "value minus threshold"},
		Field{Name: "first_reached", Type: "integer", Unit: "year", Description: "the year from which the test holds for good; empty if never"},
	),
}

// RunPackage is the data dictionary of a run's directory.
func RunPackage(scenario string) *Package {
	p := NewPackage("thuis-run-"+scenario, "thuis run of scenario "+scenario,
		"One simulation run: monthly stocks, monthly flows, every shelter stay and the target scorecard. run.json says which scenario, seed and version.")
	p.Add("timeseries.csv", "monthly snapshots: one row per date, region (and NL), metric and profile", runFields["timeseries.csv"], "date", "region", "metric", "profile")
	p.Add("flows.csv", "events per month: one row per month, region (and NL) and flow", runFields["flows.csv"], "month", "region", "flow")
	p.Add("stays.csv", "one row per shelter stay", runFields["stays.csv"])
	p.Add("targets.csv", "the scorecard: one row per target", runFields["targets.csv"], "id")
	return p
}

// CheckDataPackage checks an output directory against its
// datapackage.json, as a strict reader would: every CSV file of the
// directory (.csv and .csv.gz) is a resource and every resource a file;
// each file's header is its schema's fields, in order, with no name twice
// and every name safe ([column.Safe]); every field has a description and
// every number a unit; every row has as many fields as the header
// (RFC 4180 quoting, no lazy quotes) and every value parses as its
// field's type and meets its constraints. It returns every problem found,
// each naming its file, line and column.
func CheckDataPackage(dir string) error {
	p, err := ReadPackage(dir)
	if err != nil {
		return err
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if p.Profile != "tabular-data-package" || !namePattern.MatchString(p.Name) {
		bad("%s: profile %q and name %q; want tabular-data-package and a name of a-z, 0-9, '-._/'", filepath.Join(dir, DataPackageFile), p.Profile, p.Name)
	}
	described := map[string]bool{}
	for _, r := range p.Resources {
		described[r.Path] = true
		errs = append(errs, checkResource(dir, r)...)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".csv") || strings.HasSuffix(n, ".csv.gz")) && !described[n] {
			bad("%s: not described in %s", filepath.Join(dir, n), DataPackageFile)
		}
	}
	return errors.Join(errs...)
}

var types = map[string]bool{"string": true, "integer": true, "number": true, "boolean": true, "date": true}

func checkResource(dir string, r Resource) []error {
	path := filepath.Join(dir, r.Path)
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(path+": "+format, args...)) }
	if r.Profile != "tabular-data-resource" || r.Format != "csv" || r.Encoding != "utf-8" || r.Description == "" || !namePattern.MatchString(r.Name) {
		bad("resource %q: want a name of a-z, 0-9, '-._/', profile tabular-data-resource, format csv, encoding utf-8 and a description", r.Name)
	}
	patterns := make([]*regexp.Regexp, len(r.Schema.Fields))
	names := map[string]bool{}
	for i, f := range r.Schema.Fields {
		switch {
		case !column.Safe(f.Name):
			bad("column %q is not a safe name (a letter, then letters, digits, '.' and '_')", f.Name)
		case names[f.Name]:
			bad("column %s is there twice", f.Name)
		case !types[f.Type]:
			bad("column %s: type %q; want string, integer, number, boolean or date", f.Name, f.Type)
		case f.Description == "":
			bad("column %s has no description", f.Name)
		case (f.Type == "number" || f.Type == "integer") && f.Unit == "":
			bad("column %s is a number without a unit", f.Name)
		}
		names[f.Name] = true
		if f.Constraints != nil && f.Constraints.Pattern != "" {
			var err error
			if patterns[i], err = regexp.Compile("^(?:" + f.Constraints.Pattern + ")$"); err != nil {
				bad("column %s: pattern: %v", f.Name, err)
			}
		}
	}
	file, err := os.Open(path)
	if err != nil {
		return append(errs, err)
	}
	defer file.Close()
	var in io.Reader = file
	if r.Compression == "gz" {
		zr, err := gzip.NewReader(file)
		if err != nil {
			return append(errs, fmt.Errorf("%s: %w", path, err))
		}
		in = zr
	} else if strings.HasSuffix(r.Path, ".gz") {
		bad("compressed, but its resource says no compression")
	}
	cr := csv.NewReader(in)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return append(errs, fmt.Errorf("%s: %w", path, err))
	}
	if len(header) != len(r.Schema.Fields) {
		bad("%d columns, the schema has %d", len(header), len(r.Schema.Fields))
		return errs
	}
	for i, h := range header {
		if h != r.Schema.Fields[i].Name {
			bad("column %d is %s, the schema says %s", i+1, h, r.Schema.Fields[i].Name)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return append(errs, fmt.Errorf("%s: %w", path, err))
		}
		line, _ := cr.FieldPos(0)
		for i, v := range rec {
			f := r.Schema.Fields[i]
			if msg := checkValue(f, v, patterns[i]); msg != "" {
				bad("line %d: column %s: %q %s", line, f.Name, v, msg)
				if len(errs) > 20 {
					return append(errs, errors.New(path+": more problems not shown"))
				}
			}
		}
	}
	return errs
}

func checkValue(f Field, v string, pattern *regexp.Regexp) string {
	c := f.Constraints
	if v == "" {
		if c != nil && c.Required {
			return "is empty; the column is required"
		}
		return ""
	}
	switch f.Type {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return "is not an integer"
		}
	case "number":
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return "is not a finite number"
		}
	case "boolean":
		if v != "true" && v != "false" {
			return "is not true or false"
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "is not a date (YYYY-MM-DD)"
		}
	}
	if pattern != nil && !pattern.MatchString(v) {
		return "does not match " + c.Pattern
	}
	if c != nil && c.Enum != nil {
		for _, e := range c.Enum {
			if v == e {
				return ""
			}
		}
		return "is not one of " + strings.Join(c.Enum, " ")
	}
	return ""
}
