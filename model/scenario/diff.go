package scenario

// This file implements what a variant changes against its parent (thuis
// diff), and the plain names of the levers a policymaker looks for.

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Lever is a parameter a policymaker looks for under another name.
type Lever struct {
	Path  string // parameter path, e.g. "housing.programme.clustered"
	Name  string // what a policymaker calls it: "Wonen Eerst homes per year"
	Means string // what the parameter is, in a sentence
}

// Levers are the policy levers of the shipped scenarios, by the names a
// policymaker uses. The paths are the scenario format's; they are not
// renamed, because results, sweeps and calibrated posteriors name them.
var Levers = []Lever{
	{"housing.programme.clustered", "Wonen Eerst homes per year", "clustered homes with support added each year, on top of the lettings"},
	{"housing.programme.dwelling", "extra dwellings per year for homeless people", "independent dwellings for homeless people added each year, on top of the lettings"},
	{"housing.programme.room", "extra rooms per year for homeless people", "rooms for homeless people added each year, on top of the lettings"},
	{"housing.homeless_share", "share of lettings to homeless people", "share of social re-lets and new lettings that goes to homeless people (urgency)"},
	{"housing.social_new_build", "social homes built per year", "social rental homes the corporations build each year"},
	{"housing.dedicated", "dedicated homes", "homes reserved for homeless people, per housing type, at once"},
	{"inflow.eviction.prevented", "prevention per eviction", "share of corporations' evictions that does not end in homelessness"},
	{"inflow.eviction_private.prevented", "prevention per private eviction", "share of private landlords' evictions that does not end in homelessness"},
	{"inflow.institution.prevented", "prevention on leaving an institution", "share of people leaving an institution who do not become homeless"},
	{"inflow.life_events.prevented", "prevention of other life events", "share of other life events (debts, divorce, crises) that does not end in homelessness"},
	{"inflow.migration.prevented", "prevention for labour migrants", "share of labour migrants losing employer housing who do not become homeless"},
	{"shelter.schedules", "afbouw schedule and end year", "shelter places of a kind in some regions over time, as a factor on the places at start; the end year is the date the factor reaches 0"},
	{"shelter.closure", "afbouw closure mode", "when-empty: a place closes when its resident leaves; move-out: residents of closing places are moved out"},
	{"shelter.emergency", "night shelter places", "emergency and night shelter places (nachtopvang) at start"},
	{"allocation", "Wonen Eerst or staircase", "who is offered a home first: everyone homeless, longest waiting first (Wonen Eerst), or by state via shelter (staircase)"},
}

// LeverOf returns the lever at path (a parameter path, or one below
// shelter.schedules), and false if path is not a lever.
func LeverOf(path string) (Lever, bool) {
	for _, l := range Levers {
		if path == l.Path || strings.HasPrefix(path, l.Path+".") || strings.HasPrefix(path, l.Path+"[") {
			return l, true
		}
	}
	return Lever{}, false
}

// Change is one thing a variant changes against its parent.
type Change struct {
	// Path names what changed, with list items by name:
	// "shelter.schedules[large-rest-by-2030].factor".
	Path string
	Unit string
	// Was and Now are the parent's and the variant's value, as text; ""
	// when the variant adds or removes it.
	Was, Now string
	// WasAt and NowAt say where each value is set, with its status:
	// "choice, scenarios/eerst-een-thuis.yaml:52".
	WasAt, NowAt string
	// Years are the yearly values of a schedule that changed, from the
	// first year either schedule changes in to the variant's last year.
	Years []YearValue
	// PerYear is true when Years are averages over each calendar year
	// (of a rate per year, so a constant rate gives itself), false when
	// they are values on 1 January.
	PerYear bool
}

// YearValue is a schedule's value in one year, in its parent and in the
// variant. Was is NaN when the parent has no such schedule.
type YearValue struct {
	Year     int
	Was, Now float64
}

// Parent loads the scenario s extends, found as Load found it: next to
// s's file, then among the shipped files. s must have been loaded from a
// file.
func (l Loader) Parent(s *Scenario) (*Scenario, error) {
	if s.Extends == "" {
		return nil, fmt.Errorf("scenario: %s extends no scenario, so it has no parent to compare with", s.File)
	}
	src, err := l.read(s.File)
	if err != nil {
		return nil, err
	}
	doc, err := parseYAML(src)
	if err != nil {
		return nil, err
	}
	ext := lookup(doc, "extends")
	if ext == nil {
		return nil, fmt.Errorf("scenario: %s no longer names the scenario it extends", s.File)
	}
	psrc, err := l.relative(src, ext.Value)
	if err != nil {
		return nil, &FieldError{File: src.display, Line: ext.Line, Field: "extends", Msg: err.Error()}
	}
	return l.load(psrc)
}

// keyedParams lists a scenario's parameters by the path a diff shows:
// Meta.Path, except that a named list item is named rather than numbered.
func (s *Scenario) keyedParams() ([]string, map[string]Param) {
	names := map[Param]string{}
	for i, cs := range s.Shelter.Schedules {
		names[cs.Factor] = scheduleKey(cs, i) + ".factor"
	}
	var keys []string
	out := map[string]Param{}
	for _, p := range s.Params() {
		k := p.Info().Path
		if n, ok := names[p]; ok {
			k = n
		}
		keys = append(keys, k)
		out[k] = p
	}
	return keys, out
}

func scheduleKey(cs CapacitySchedule, i int) string {
	if cs.Name != "" {
		return fmt.Sprintf("shelter.schedules[%s]", cs.Name)
	}
	return fmt.Sprintf("shelter.schedules[%d]", i)
}

// Diff lists what variant changes against parent: every parameter whose
// value, unit, status or note differs, and every setting (dates, region
// set, closure mode, allocation rule, an afbouw schedule's kind and
// regions) that differs, in the order of the variant's parameters.
func Diff(parent, variant *Scenario) []Change {
	var out []Change
	setting := func(path, was, now string) {
		if was != now {
			out = append(out, Change{Path: path, Was: was, Now: now})
		}
	}
	date := func(t time.Time) string { return t.Format(dateLayout) }
	setting("start", date(parent.Start), date(variant.Start))
	setting("end", date(parent.End), date(variant.End))
	setting("regions", parent.RegionSet, variant.RegionSet)
	setting("posterior", posteriorFile(parent), posteriorFile(variant))
	setting("profiles.support", strings.Join(parent.Profiles.Support, ", "), strings.Join(variant.Profiles.Support, ", "))
	setting("shelter.closure", closureText(parent.Shelter), closureText(variant.Shelter))
	setting("allocation", allocationText(parent.Allocation), allocationText(variant.Allocation))
	setting("support.capacity", supportText(parent.Support), supportText(variant.Support))

	// An afbouw schedule's kind and regions; the regions are compared in
	// full and shown briefly.
	type item struct{ full, shown string }
	schedules := func(s *Scenario) map[string]item {
		m := map[string]item{}
		for i, cs := range s.Shelter.Schedules {
			m[scheduleKey(cs, i)] = item{cs.Kind + ": " + strings.Join(cs.Regions, ", "), cs.Kind + ", " + regionsText(cs.Regions, len(s.Regions))}
		}
		return m
	}
	ps, vs := schedules(parent), schedules(variant)
	for i, cs := range parent.Shelter.Schedules {
		if k := scheduleKey(cs, i); vs[k].full == "" {
			out = append(out, Change{Path: k, Was: ps[k].shown})
		}
	}
	for i, cs := range variant.Shelter.Schedules {
		if k := scheduleKey(cs, i); ps[k].full != vs[k].full {
			out = append(out, Change{Path: k, Was: ps[k].shown, Now: vs[k].shown})
		}
	}

	pkeys, pp := parent.keyedParams()
	vkeys, vp := variant.keyedParams()
	for _, k := range pkeys {
		if _, ok := vp[k]; !ok {
			p := pp[k]
			out = append(out, Change{Path: k, Unit: p.Info().Unit, Was: p.Describe(), WasAt: at(p)})
		}
	}
	for _, k := range vkeys {
		v := vp[k]
		p, ok := pp[k]
		if ok && sameParam(p, v) {
			continue
		}
		c := Change{Path: k, Unit: v.Info().Unit, Now: v.Describe(), NowAt: at(v)}
		if ok {
			c.Was, c.WasAt = p.Describe(), at(p)
		}
		if vs, ok := v.(*Schedule); ok {
			ws, _ := p.(*Schedule)
			c.Years, c.PerYear = years(ws, vs, variant)
		}
		out = append(out, c)
	}
	return out
}

func sameParam(p, v Param) bool {
	a, b := p.Info(), v.Info()
	return p.Describe() == v.Describe() && a.Unit == b.Unit && a.Status == b.Status && a.Note == b.Note &&
		fmt.Sprint(a.Range, a.Scale, a.Concentration, a.Sample, a.Levels, a.Lever, a.Calibrate) ==
			fmt.Sprint(b.Range, b.Scale, b.Concentration, b.Sample, b.Levels, b.Lever, b.Calibrate)
}

// at says where a parameter is set, with its status.
func at(p Param) string {
	m := p.Info()
	return fmt.Sprintf("%s, %s:%d", m.Status, m.File, m.Line)
}

// years gives a changed schedule's yearly values, from the first year in
// which either schedule has a point (at the earliest the variant's start)
// to the variant's last year. A rate per year gives its average over each
// calendar year (the homes of that year; a leap year's extra day aside);
// anything else its value on 1 January.
func years(was, now *Schedule, s *Scenario) ([]YearValue, bool) {
	first := s.End.Year()
	for _, sc := range []*Schedule{was, now} {
		if sc == nil {
			continue
		}
		for _, p := range sc.Points {
			if !p.Date.IsZero() {
				first = min(first, p.Date.Year())
			}
		}
	}
	first = max(first, s.Start.Year())
	last := s.End.AddDate(0, 0, -1).Year()
	if first > last || (len(now.Points) == 1 && (was == nil || len(was.Points) == 1)) {
		return nil, false // constants: the values say it all
	}
	perYear := strings.HasSuffix(now.Unit, "/year")
	value := func(sc *Schedule, y int) float64 {
		if sc == nil {
			return math.NaN()
		}
		jan := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		if perYear {
			next := jan.AddDate(1, 0, 0)
			return sc.Integral(jan, next) / (next.Sub(jan).Hours() / 24 / DaysPerYear)
		}
		return sc.At(jan)
	}
	var out []YearValue
	for y := first; y <= last; y++ {
		out = append(out, YearValue{Year: y, Was: value(was, y), Now: value(now, y)})
	}
	return out, perYear
}

func posteriorFile(s *Scenario) string {
	if s.Posterior == nil {
		return ""
	}
	return s.Posterior.File
}

func closureText(sh Shelter) string {
	if len(sh.Closures) == 1 {
		return sh.Closures[0].Mode
	}
	parts := make([]string, len(sh.Closures))
	for i, r := range sh.Closures {
		parts[i] = fmt.Sprintf("%s: %s", r.From.Format(dateLayout), r.Mode)
	}
	return strings.Join(parts, " | ")
}

func allocationText(a Allocation) string {
	rule := func(eligible []string, order string) string {
		return fmt.Sprintf("eligible %s, %s", strings.Join(eligible, " "), order)
	}
	parts := make([]string, len(a.Rules))
	for i, r := range a.Rules {
		var el []string
		for _, st := range r.Eligible {
			el = append(el, st.String())
		}
		parts[i] = rule(el, r.Order)
		if !r.From.IsZero() {
			parts[i] = r.From.Format(dateLayout) + ": " + parts[i]
		}
	}
	return strings.Join(parts, " | ")
}

func supportText(s Support) string {
	if s.Unlimited {
		return "unlimited"
	}
	return "" // a parameter: compared as one
}

// regionsText names a schedule's regions, briefly when there are many.
func regionsText(rs []string, all int) string {
	switch {
	case len(rs) == all:
		return fmt.Sprintf("all %d regions", all)
	case len(rs) <= 6:
		return fmt.Sprintf("%d regions: %s", len(rs), strings.Join(rs, ", "))
	}
	return fmt.Sprintf("%d regions: %s, ..., %s", len(rs), strings.Join(rs[:3], ", "), rs[len(rs)-1])
}
