// This file lists the policy choices that define a scenario, in the
// report's language: who is offered a home and in which order, how
// shelter places close, which regions' large-scale shelter closes when,
// the housing supply and programmes, prevention and Wonen Eerst. They are
// what a reader must know to read the targets; every other parameter is
// in the appendix.

package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
)

// policyFrom is where the policy section starts telling a scenario's
// story: the values in force on this date, then every change after it.
// The shipped scenarios restate the history before it (2009–2021), which
// is the calibration's business, not a policy choice.
var policyFrom = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)

// policy is a scenario's policy choices.
type policy struct {
	Name, Description string
	Items             []policyItem
}

type policyItem struct {
	Label string
	Lines []string
}

func policies(in Input, lang string) []policy {
	var out []policy
	for _, def := range in.Definitions {
		out = append(out, policyOf(def, lang))
	}
	return out
}

func policyOf(sc *scenario.Scenario, lang string) policy {
	p := policy{Name: sc.Name, Description: sc.DescriptionIn(lang)}
	add := func(key string, lines ...string) {
		if len(lines) == 0 {
			lines = []string{t(lang, "pol_none")}
		}
		p.Items = append(p.Items, policyItem{Label: t(lang, key), Lines: lines})
	}

	// Allocation: the rule in force at policyFrom, then later ones.
	var alloc []string
	for i, r := range sc.Allocation.Rules {
		if i+1 < len(sc.Allocation.Rules) && !sc.Allocation.Rules[i+1].From.After(policyFrom) {
			continue
		}
		var who []string
		for _, st := range r.Eligible {
			who = append(who, i18n.T(lang, "state."+st.String()))
		}
		order := t(lang, "pol_order_"+r.Order)
		alloc = append(alloc, fmt.Sprintf(t(lang, "pol_allocation_rule"), since(r.From, lang), strings.Join(who, ", "), order))
	}
	add("pol_allocation", alloc...)

	var closure []string
	for i, c := range sc.Shelter.Closures {
		if i+1 < len(sc.Shelter.Closures) && !sc.Shelter.Closures[i+1].From.After(policyFrom) {
			continue
		}
		closure = append(closure, since(c.From, lang)+": "+t(lang, "pol_closure_"+c.Mode))
	}
	if len(closure) == 0 && sc.Shelter.Closure != "" {
		closure = append(closure, t(lang, "pol_closure_"+sc.Shelter.Closure))
	}
	add("pol_closure", closure...)

	var afbouw []string
	for _, cs := range sc.Shelter.Schedules {
		regions := fmt.Sprintf(t(lang, "pol_regions_all"), len(cs.Regions))
		if len(cs.Regions) < len(sc.Regions) {
			regions = fmt.Sprintf(t(lang, "pol_regions_some"), len(cs.Regions), strings.Join(cs.Regions, ", "))
		}
		afbouw = append(afbouw, fmt.Sprintf(t(lang, "pol_afbouw_rule"), t(lang, "pol_kind_"+cs.Kind), regions, schedule(cs.Factor, lang)))
	}
	add("pol_afbouw", afbouw...)

	h := sc.Housing
	var housing []string
	if h.SocialNewBuild != nil {
		housing = append(housing, t(lang, "pol_new_build")+": "+schedule(h.SocialNewBuild, lang))
	}
	if h.HomelessShare != nil {
		housing = append(housing, t(lang, "pol_homeless_share")+": "+schedule(h.HomelessShare, lang))
	}
	for _, ts := range h.Programme {
		housing = append(housing, fmt.Sprintf(t(lang, "pol_programme"), housingType(ts.Type, lang))+": "+schedule(ts.Units, lang))
	}
	for _, ts := range h.Dedicated {
		housing = append(housing, fmt.Sprintf(t(lang, "pol_dedicated"), housingType(ts.Type, lang))+": "+schedule(ts.Units, lang))
	}
	add("pol_housing", housing...)

	var prevention []string
	for _, in := range sc.Inflow {
		if in.Prevented == nil {
			continue
		}
		name, ok := i18n.Lookup(lang, "report.inflow."+in.Name)
		if !ok {
			name = in.Name
		}
		prevention = append(prevention, name+": "+schedule(in.Prevented, lang))
	}
	add("pol_prevention", prevention...)

	support := fmt.Sprintf(t(lang, "pol_support_unlimited"), strings.Join(sc.Profiles.Support, ", "))
	if !sc.Support.Unlimited && sc.Support.Capacity != nil {
		support = fmt.Sprintf(t(lang, "pol_support_capacity"), strings.Join(sc.Profiles.Support, ", "), i18n.Number(lang, sc.Support.Capacity.Value, 0))
	}
	add("pol_support", support)
	return p
}

// housingType names a housing type in lang, or as the scenario does.
func housingType(name, lang string) string {
	if s, ok := i18n.Lookup(lang, "report.housing."+name); ok {
		return s
	}
	return name
}

// since is "vanaf 2023" for a rule that starts after policyFrom, "in
// 2022" for one in force from before it.
func since(d time.Time, lang string) string {
	if d.Before(policyFrom) {
		return fmt.Sprintf(t(lang, "pol_in"), policyFrom.Year())
	}
	return fmt.Sprintf(t(lang, "pol_from"), when(d, lang))
}

// when is a year for 1 January, else the date.
func when(d time.Time, lang string) string {
	if d.Month() == 1 && d.Day() == 1 {
		return fmt.Sprint(d.Year())
	}
	return date(d, lang)
}

// schedule writes a schedule from policyFrom on: its value then, and
// every later knot: "2022: 100% → 2025: 0%". Factors and shares read as
// percentages.
func schedule(s *scenario.Schedule, lang string) string {
	if s == nil || len(s.Points) == 0 {
		return "–"
	}
	val := func(v float64) string {
		switch s.Unit {
		case "factor", "share":
			return target.Format(v, "share", lang)
		case "units/year":
			return i18n.Number(lang, v, 0) + " " + t(lang, "per_year")
		}
		return i18n.Number(lang, v, 0)
	}
	if len(s.Points) == 1 {
		return val(s.Points[0].Value)
	}
	var parts []string
	if s.Points[0].Date.Before(policyFrom) {
		parts = append(parts, fmt.Sprintf("%d: %s", policyFrom.Year(), val(s.At(policyFrom))))
	}
	for _, p := range s.Points {
		if p.Date.After(policyFrom) || p.Date.Equal(policyFrom) && len(parts) == 0 {
			// (a knot on policyFrom itself is the value then)
			parts = append(parts, when(p.Date, lang)+": "+val(p.Value))
		}
	}
	if len(parts) > 1 && !s.Step {
		return strings.Join(parts, " → ")
	}
	return strings.Join(parts, "; ")
}
