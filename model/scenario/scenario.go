package scenario

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/thuis-nl/thuis/model/ethos"
)

// Scenario is a fully resolved, validated scenario: every section present,
// every parameter with its unit and provenance.
type Scenario struct {
	Name string
	// Description says what the scenario represents: in English when the
	// file gives it per language, {nl: ..., en: ...}, else the one text
	// the file gives, in whatever language it is written.
	Description string
	// Descriptions holds the description per language ("nl", "en") when
	// the file gives it so; nil for a plain text. See [Scenario.DescriptionIn].
	Descriptions map[string]string
	Extends      string // the parent's name, "" for a root scenario
	File         string // display path of the scenario's own file
	Files        []string
	SHA256       string // of every file read, in order (see Loader)

	Start, End time.Time
	// Warmup, if set, is a period simulated before Start under the
	// parameters of Start, so that stocks and stays under way settle
	// before the clock starts (spin-up). Nothing is recorded during it.
	Warmup *Quantity

	// Posterior, if set, is the joint posterior of calibrated parameters
	// (a sample file written by thuis calibrate): a sweep draws whole rows
	// of it, keeping their correlations.
	Posterior *Posterior

	RegionSet  string
	Regions    []Region
	Profiles   Profiles
	Population Population
	Inflow     []Inflow
	Entry      *Split
	Moves      map[ethos.State]*Move
	Shelter    Shelter
	Housing    Housing
	Allocation Allocation
	Support    Support
	CBS        CBS
}

// Region is one centre municipality's region (centrumgemeente).
type Region struct {
	Name   string
	Weight *Quantity // relative share of people, inflow, places and units
}

// Profiles are the housing-and-support need profiles (A–E in the 2020
// letter).
type Profiles struct {
	Shares  *Split
	Support []string // profiles housed with support (Wonen Eerst)
}

// Names returns the profile names in order.
func (p Profiles) Names() []string { return p.Shares.Keys }

// Population is the state of the system on the start date.
type Population struct {
	Stock            map[ethos.State]*Quantity // national, for non-shelter states
	ShelterOccupancy *Quantity                 // share of places occupied at start
	LackOfShelter    *Quantity                 // rough sleepers queued for shelter at start (nil: none); in ethos1, on top of population.ethos1
	Elapsed          *Duration                 // time already spent in the state at start
}

// Inflow is a source of people at risk of homelessness.
type Inflow struct {
	Name string
	// Into is the state people enter: ethos.Institution or
	// ethos.FacingEviction (at risk first), or 0: directly homeless.
	Into      ethos.State
	Rate      *Schedule // people per year, national
	Prevented *Schedule // share prevented when they would become homeless
}

// Destinations a move may lead to, besides state keys.
const (
	ToExit     = "exit"     // leaves the model
	ToHomeless = "homeless" // becomes (again) homeless: follows the entry split
	ToShelter  = "shelter"  // asks for shelter: emergency, else residential, else rough sleeping
	ToWait     = "wait"     // stays put, waiting for housing (in shelter: keeps the place)
)

// Move is what happens to a person in a state when nothing else (a shelter
// place, a home) comes first: after Stay, they go to a destination drawn
// from To.
type Move struct {
	State ethos.State
	Stay  *Duration
	To    *Split
}

// allowedMoves lists the destinations from each state.
var allowedMoves = map[ethos.State][]string{
	ethos.PublicSpace:        {ToExit, ToShelter, ToWait, "ethos5", "ethos6"},
	ethos.EmergencyShelter:   {ToExit, ToWait, "ethos1", "ethos5", "ethos6"},
	ethos.ResidentialShelter: {ToExit, ToWait, "ethos1", "ethos5", "ethos6"},
	ethos.Institution:        {ToExit, ToHomeless, ToWait},
	ethos.NonConventional:    {ToExit, ToShelter, ToWait, "ethos1", "ethos6"},
	ethos.FamilyFriends:      {ToExit, ToShelter, ToWait, "ethos1", "ethos5"},
	ethos.FacingEviction:     {ToExit, ToHomeless},
	ethos.HousedSupported:    {ToExit, ToHomeless, "housed_unsupported"},
	ethos.HousedUnsupported:  {ToExit, ToHomeless},
}

// entryKeys are where a newly homeless person goes.
var entryKeys = []string{ToShelter, "ethos1", "ethos5", "ethos6"}

// Shelter kinds.
const (
	KindEmergency = "emergency" // nachtopvang, noodopvang (ETHOS 2)
	KindLarge     = "large"     // large-scale residential (grootschalige 24-uursopvang)
	KindSmall     = "small"     // small-scale residential (kleinschalige 24-uursopvang)
)

// ShelterKinds lists the kinds in output order.
var ShelterKinds = []string{KindEmergency, KindLarge, KindSmall}

// Closure modes for afbouw.
const (
	WhenEmpty = "when-empty" // a place closes once its occupant leaves
	MoveOut   = "move-out"   // occupants of closing places are moved out at once
)

// Shelter is the capacity of maatschappelijke opvang.
type Shelter struct {
	Emergency   *Quantity     // places, national, at start
	Residential *Quantity     // places, national, at start
	LargeShare  *Quantity     // share of residential places that are large-scale
	Closure     string        // the closure mode on the start date
	Closures    []ClosureRule // dated closure modes; Closures[0] holds from the start
	Schedules   []CapacitySchedule
}

// ClosureRule is a closure mode that holds from a date until the next rule.
type ClosureRule struct {
	From time.Time
	Mode string // WhenEmpty or MoveOut
}

// CapacitySchedule scales a kind of shelter in some regions over time,
// relative to its capacity at start.
type CapacitySchedule struct {
	// Name is how a variant refers to the schedule ("large-half-by-2025");
	// "" if the file gives none.
	Name    string
	Kind    string
	Regions []string // resolved names
	Factor  *Schedule
}

// Housing is the supply of homes for homeless people.
type Housing struct {
	Types          []HousingType
	SocialRelets   *Schedule // social rental homes re-let per year (national)
	SocialNewBuild *Schedule // social rental homes built per year (national)
	HomelessShare  *Schedule // share of relets and new lettings going to homeless people
	Mix            *Split    // those lettings by housing type
	Programme      []TypedSchedule
	Dedicated      []TypedSchedule
}

// HousingType is a kind of home; it fits some need profiles.
type HousingType struct {
	Name string
	Fits []string
}

// TypedSchedule is a supply schedule for one housing type.
type TypedSchedule struct {
	Type  string
	Units *Schedule
}

// Allocation orders.
const (
	LongestWaiting = "longest-waiting" // whoever has been homeless longest, among the eligible
	Listed         = "listed"          // by eligible state in the listed order, then longest-waiting
)

// Allocation says who is offered a home that fits. The rule can change
// over time: Rules holds the dated rules, the first from the start date;
// Eligible and Order are the rule on the start date.
type Allocation struct {
	Eligible []ethos.State
	Order    string
	Rules    []AllocationRule
}

// AllocationRule is an allocation rule that holds from a date until the
// next rule: who is eligible, and in which order.
type AllocationRule struct {
	From     time.Time
	Eligible []ethos.State
	Order    string
}

// Support is the capacity of support for Wonen Eerst.
type Support struct {
	Unlimited bool
	Capacity  *Quantity // people supported at once, national
}

// CBS holds what the CBS-comparable count needs.
type CBS struct {
	ShortStay *Quantity // residential stays up to this long count as CBS homeless (a duration unit)
}

// ShortStayDays is the short-stay limit in days.
func (c CBS) ShortStayDays() float64 { return c.ShortStay.Value * durationUnits[c.ShortStay.Unit] }

// ShortStayRangeDays is the plausible range of the short-stay limit in
// days; ok is false if it declares none.
func (c CBS) ShortStayRangeDays() (lo, hi float64, ok bool) {
	if r := c.ShortStay.Range; len(r) == 2 {
		u := durationUnits[c.ShortStay.Unit]
		return r[0] * u, r[1] * u, true
	}
	return 0, 0, false
}

// Params lists every parameter, in a stable order, for the assumptions table.
func (s *Scenario) Params() []Param {
	var ps []Param
	for _, r := range s.Regions {
		ps = append(ps, r.Weight)
	}
	ps = append(ps, s.Profiles.Shares)
	for _, st := range ethos.All {
		if q, ok := s.Population.Stock[st]; ok {
			ps = append(ps, q)
		}
	}
	if s.Population.LackOfShelter != nil {
		ps = append(ps, s.Population.LackOfShelter)
	}
	ps = append(ps, s.Population.ShelterOccupancy, s.Population.Elapsed)
	for _, in := range s.Inflow {
		ps = append(ps, in.Rate, in.Prevented)
	}
	ps = append(ps, s.Entry)
	for _, st := range ethos.All {
		if m, ok := s.Moves[st]; ok {
			ps = append(ps, m.Stay, m.To)
		}
	}
	sh := s.Shelter
	ps = append(ps, sh.Emergency, sh.Residential, sh.LargeShare)
	for _, c := range sh.Schedules {
		ps = append(ps, c.Factor)
	}
	h := s.Housing
	ps = append(ps, h.SocialRelets, h.SocialNewBuild, h.HomelessShare, h.Mix)
	for _, t := range h.Programme {
		ps = append(ps, t.Units)
	}
	for _, t := range h.Dedicated {
		ps = append(ps, t.Units)
	}
	if !s.Support.Unlimited {
		ps = append(ps, s.Support.Capacity)
	}
	ps = append(ps, s.CBS.ShortStay)
	if s.Warmup != nil {
		ps = append(ps, s.Warmup)
	}
	return ps
}

// DescriptionIn returns the description in lang ("nl" or "en") when the
// file gives one per language, else the one text it gives.
func (s *Scenario) DescriptionIn(lang string) string {
	if text, ok := s.Descriptions[lang]; ok {
		return text
	}
	return s.Description
}

// descriptionLangs are the languages a description may be given in, as
// description: {nl: ..., en: ...}.
var descriptionLangs = []string{"nl", "en"}

// description decodes a scenario's description: one text, or a mapping
// with a text per language, every one of descriptionLangs required (a
// report in either language prints it). It returns the English (or only)
// text and, for a mapping, the text per language.
func (d *decoder) description(n *yaml.Node, path string) (string, map[string]string) {
	if n.Kind == yaml.ScalarNode {
		return strings.TrimSpace(d.str(n, path)), nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "must be text, or a text per language {nl: ..., en: ...}; got %s", kindName(n))
		return "", nil
	}
	texts := map[string]string{}
	fields := map[string]field{}
	for _, lang := range descriptionLangs {
		fields[lang] = req(func(v *yaml.Node, p string) {
			texts[lang] = strings.TrimSpace(d.str(v, p))
			if texts[lang] == "" && v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				d.errorf(v, p, "empty: give the description in this language")
			}
		})
	}
	d.mapping(n, path, fields)
	return texts["en"], texts
}

// decodeScenario decodes a merged scenario document. regions is the
// decoded region set (nil if it failed to load).
func (d *decoder) decodeScenario(n *yaml.Node, s *Scenario, loadRegions func(name string, n *yaml.Node) []Region) {
	var profileNames []string
	var movesNode, shelterNode, housingNode *yaml.Node
	var startNode, endNode, posteriorNode *yaml.Node
	d.mapping(n, "", map[string]field{
		"name":        req(func(v *yaml.Node, p string) { s.Name = d.name(v, p) }),
		"description": req(func(v *yaml.Node, p string) { s.Description, s.Descriptions = d.description(v, p) }),
		"start":       req(func(v *yaml.Node, p string) { s.Start = d.monthStart(v, p); startNode = v }),
		"end":         req(func(v *yaml.Node, p string) { s.End = d.monthStart(v, p); endNode = v }),
		"warmup": opt(func(v *yaml.Node, p string) {
			// Its upper bound depends on the unit: checked below, once.
			s.Warmup = d.quantity(v, p, []string{"months", "years"}, nonNegative)
			switch m := s.Warmup.Months(); {
			case s.Warmup.bad || s.Warmup.Unit == "":
			case m != math.Trunc(m):
				d.errorf(v, join(p, "value"), "%g %s is not a whole number of months (the warm-up is simulated month by month)", s.Warmup.Value, s.Warmup.Unit)
			case m > maxWarmupYears*12:
				d.errorf(v, join(p, "value"), "%g %s is too long: at most %d years", s.Warmup.Value, s.Warmup.Unit, maxWarmupYears)
			}
			if s.Warmup.Sample != nil || s.Warmup.Range != nil {
				d.errorf(v, p, "a warm-up is a fixed setting; give no range or sample")
			}
		}),
		"posterior": opt(func(v *yaml.Node, p string) { posteriorNode = v }),
		"regions": req(func(v *yaml.Node, p string) {
			s.RegionSet = d.str(v, p)
			if s.RegionSet != "" {
				s.Regions = loadRegions(s.RegionSet, v)
			}
		}),
		"profiles": req(func(v *yaml.Node, p string) {
			var supportNode *yaml.Node
			s.Profiles.Shares = d.split(v, p, nil, map[string]field{
				"support": req(func(v *yaml.Node, p string) { supportNode = v; s.Profiles.Support = d.strList(v, p) }),
			})
			profileNames = s.Profiles.Shares.Keys
			for i, x := range s.Profiles.Support {
				if !contains(profileNames, x) {
					d.errorf(supportNode.Content[i], join(p, "support"), "unknown profile %q; profiles: %s", x, nameList(profileNames))
				}
			}
		}),
		"population": req(func(v *yaml.Node, p string) { d.population(v, p, &s.Population) }),
		"inflow":     req(func(v *yaml.Node, p string) { s.Inflow = d.inflow(v, p) }),
		"entry":      req(func(v *yaml.Node, p string) { s.Entry = d.split(v, p, entryKeys) }),
		"moves":      req(func(v *yaml.Node, p string) { movesNode = v }),
		"shelter":    req(func(v *yaml.Node, p string) { shelterNode = v }),
		"housing":    req(func(v *yaml.Node, p string) { housingNode = v }),
		"allocation": req(func(v *yaml.Node, p string) { d.allocation(v, p, &s.Allocation) }),
		"support": req(func(v *yaml.Node, p string) {
			d.mapping(v, p, map[string]field{
				"capacity": req(func(v *yaml.Node, p string) {
					if v.Kind == yaml.ScalarNode && v.Value == "unlimited" {
						s.Support.Unlimited = true
						return
					}
					if v.Kind != yaml.MappingNode {
						d.errorf(v, p, `must be "unlimited" or a parameter {value, unit: people, ...}, got %s`, kindName(v))
						return
					}
					s.Support.Capacity = d.quantity(v, p, []string{"people"}, placeBounds)
				}),
			})
		}),
		"cbs": req(func(v *yaml.Node, p string) {
			d.mapping(v, p, map[string]field{
				"short_stay": req(func(v *yaml.Node, p string) {
					s.CBS.ShortStay = d.quantity(v, p, durationUnitNames, nonNegative)
				}),
			})
		}),
		"extends": opt(func(v *yaml.Node, p string) {}), // resolved by the loader
	})
	regionNames := make([]string, len(s.Regions))
	for i, r := range s.Regions {
		regionNames[i] = r.Name
	}
	if movesNode != nil {
		s.Moves = d.moves(movesNode, "moves")
	}
	if shelterNode != nil {
		d.shelter(shelterNode, "shelter", &s.Shelter, regionNames)
	}
	if housingNode != nil {
		d.housing(housingNode, "housing", &s.Housing, profileNames)
	}
	if endNode != nil && !s.Start.IsZero() && !s.End.IsZero() && !s.End.After(s.Start) {
		switch sf, ef := d.origin[startNode], d.origin[endNode]; {
		case startNode != nil && sf != ef && sf == s.File:
			// The end comes from a parent: point at the start the variant
			// gives, and say where the end is.
			d.errorf(startNode, "start", "start %s must be before the end %s (%s:%d)", s.Start.Format(dateLayout), s.End.Format(dateLayout), ef, endNode.Line)
		case startNode != nil && sf != ef:
			d.errorf(endNode, "end", "end %s must be after the start %s (%s:%d)", s.End.Format(dateLayout), s.Start.Format(dateLayout), sf, startNode.Line)
		default:
			d.errorf(endNode, "end", "end %s must be after start %s", s.End.Format(dateLayout), s.Start.Format(dateLayout))
		}
	}
	if endNode != nil && !s.Start.IsZero() && s.End.After(s.Start.AddDate(maxRunYears, 0, 0)) {
		d.errorf(endNode, "end", "a run from %s to %s is longer than %d years", s.Start.Format(dateLayout), s.End.Format(dateLayout), maxRunYears)
	}
	if !s.Start.IsZero() {
		d.checkRulesFrom(s)
	}
	// A posterior's columns are matched to the parameters, so they must
	// all have decoded (a missing one is nil).
	if posteriorNode != nil && len(d.errs) == 0 {
		s.Posterior = d.posterior(posteriorNode, "posterior", s)
	}
	d.checkLimits(s)
}

// Bounds that keep a run's time and memory finite.
const (
	maxRunYears    = 100 // from start to end
	maxWarmupYears = 50
)

// Months is a duration quantity (months or years) in months.
func (q *Quantity) Months() float64 {
	if q.Unit == "years" {
		return q.Value * 12
	}
	return q.Value
}

// monthStart decodes a date that must be the first day of a month: the
// start and end of a run, because snapshots are monthly.
func (d *decoder) monthStart(n *yaml.Node, path string) time.Time {
	t := d.date(n, path)
	if !t.IsZero() && t.Day() != 1 {
		d.errorf(n, path, "%s must be the first day of a month (snapshots are taken on the 1st), e.g. %s", t.Format(dateLayout), time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Format(dateLayout))
		return time.Time{}
	}
	return t
}

func (d *decoder) name(n *yaml.Node, path string) string {
	s := d.str(n, path)
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			d.errorf(n, path, "%q: a name may hold only lower-case letters, digits, - and _ (it names the output directory)", s)
			return s
		}
	}
	return s
}

// itemName decodes the name of a list item: a variant refers to the item
// by it, in paths like shelter.schedules[large-half-by-2025].
func (d *decoder) itemName(n *yaml.Node, path string) string {
	s := d.str(n, path)
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			d.errorf(n, path, "%q: an item name may hold only letters, digits, - and _ (a variant refers to the item by it)", s)
			return s
		}
	}
	if s == "" && n.Kind == yaml.ScalarNode {
		d.errorf(n, path, "must not be empty: a variant refers to the item by its name")
	}
	return s
}

func (d *decoder) population(n *yaml.Node, path string, pop *Population) {
	pop.Stock = map[ethos.State]*Quantity{}
	fields := map[string]field{
		"shelter_occupancy": req(func(v *yaml.Node, p string) {
			pop.ShelterOccupancy = d.quantity(v, p, []string{"share"}, shareBounds)
		}),
		"elapsed": req(func(v *yaml.Node, p string) { pop.Elapsed = d.duration(v, p) }),
		"lack_of_shelter": opt(func(v *yaml.Node, p string) {
			q := d.quantity(v, p, []string{"people"}, peopleBounds)
			if !q.bad && q.Value != math.Trunc(q.Value) {
				d.errorf(v, p, "value %g must be a whole number of people", q.Value)
			}
			pop.LackOfShelter = q
		}),
	}
	for _, st := range []ethos.State{ethos.PublicSpace, ethos.Institution, ethos.NonConventional, ethos.FamilyFriends, ethos.FacingEviction, ethos.HousedSupported, ethos.HousedUnsupported} {
		fields[st.String()] = req(func(v *yaml.Node, p string) {
			q := d.quantity(v, p, []string{"people"}, peopleBounds)
			if !q.bad && q.Value != math.Trunc(q.Value) {
				d.errorf(v, p, "value %g must be a whole number of people", q.Value)
			}
			pop.Stock[st] = q
		})
	}
	d.mapping(n, path, fields)
}

func (d *decoder) inflow(n *yaml.Node, path string) []Inflow {
	var out []Inflow
	d.entries(n, path, func(name string, k, v *yaml.Node, p string) {
		in := Inflow{Name: name}
		d.mapping(v, p, map[string]field{
			"into": req(func(v *yaml.Node, p string) {
				switch d.oneOf(v, p, "ethos4", "ethos7", ToHomeless) {
				case "ethos4":
					in.Into = ethos.Institution
				case "ethos7":
					in.Into = ethos.FacingEviction
				}
			}),
			"rate":      req(func(v *yaml.Node, p string) { in.Rate = d.schedule(v, p, []string{"people/year"}, rateBounds) }),
			"prevented": req(func(v *yaml.Node, p string) { in.Prevented = d.schedule(v, p, []string{"share"}, shareBounds) }),
		})
		out = append(out, in)
	})
	if n.Kind == yaml.MappingNode && len(out) == 0 {
		d.errorf(n, path, "needs at least one source")
	}
	return out
}

func (d *decoder) moves(n *yaml.Node, path string) map[ethos.State]*Move {
	out := map[ethos.State]*Move{}
	var allowed []string
	for st := range allowedMoves {
		allowed = append(allowed, st.String())
	}
	sort.Strings(allowed)
	d.entries(n, path, func(key string, k, v *yaml.Node, p string) {
		st, ok := ethos.Parse(key)
		if _, has := allowedMoves[st]; !ok || !has {
			d.errorf(k, p, "unknown state; allowed: %s", strings.Join(allowed, ", "))
			return
		}
		m := &Move{State: st}
		d.mapping(v, p, map[string]field{
			"stay": req(func(v *yaml.Node, p string) { m.Stay = d.duration(v, p) }),
			"to":   req(func(v *yaml.Node, p string) { m.To = d.split(v, p, allowedMoves[st]) }),
		})
		out[st] = m
	})
	if n.Kind == yaml.MappingNode {
		for _, st := range ethos.All {
			if _, need := allowedMoves[st]; need && out[st] == nil {
				d.errorf(n, join(path, st.String()), "missing required field: every state needs its moves")
			}
		}
	}
	return out
}

func (d *decoder) shelter(n *yaml.Node, path string, sh *Shelter, regions []string) {
	d.mapping(n, path, map[string]field{
		"emergency":         req(func(v *yaml.Node, p string) { sh.Emergency = d.quantity(v, p, []string{"places"}, placeBounds) }),
		"residential":       req(func(v *yaml.Node, p string) { sh.Residential = d.quantity(v, p, []string{"places"}, placeBounds) }),
		"large_scale_share": req(func(v *yaml.Node, p string) { sh.LargeShare = d.quantity(v, p, []string{"share"}, shareBounds) }),
		"closure": req(func(v *yaml.Node, p string) {
			if v.Kind == yaml.ScalarNode {
				sh.Closure = d.oneOf(v, p, WhenEmpty, MoveOut)
				sh.Closures = []ClosureRule{{Mode: sh.Closure}}
				return
			}
			d.dated(v, p, `a closure mode (when-empty or move-out), or {schedule: {DATE: MODE, ...}}`, func(from time.Time, v *yaml.Node, p string) {
				sh.Closures = append(sh.Closures, ClosureRule{From: from, Mode: d.oneOf(v, p, WhenEmpty, MoveOut)})
			})
			if len(sh.Closures) > 0 {
				sh.Closure = sh.Closures[0].Mode
			}
		}),
		"schedules": req(func(v *yaml.Node, p string) {
			if v.Kind != yaml.SequenceNode {
				d.errorf(v, p, "must be a list (may be empty: [])")
				return
			}
			claimed := map[string]map[string]int{} // kind -> region -> line
			var rest []struct {
				i    int
				node *yaml.Node
			}
			for i, c := range v.Content {
				pi := fmt.Sprintf("%s[%d]", p, i)
				cs := CapacitySchedule{}
				var regionsNode *yaml.Node
				d.mapping(c, pi, map[string]field{
					"name": opt(func(v *yaml.Node, p string) { cs.Name = d.itemName(v, p) }),
					"remove": opt(func(v *yaml.Node, p string) {
						d.errorf(v, p, "only a variant removes an item, one its parent has (this list has no parent's list to remove it from)")
					}),
					"kind":    req(func(v *yaml.Node, p string) { cs.Kind = d.oneOf(v, p, ShelterKinds...) }),
					"regions": req(func(v *yaml.Node, p string) { regionsNode = v }),
					"factor":  req(func(v *yaml.Node, p string) { cs.Factor = d.schedule(v, p, []string{"factor"}, factorBounds) }),
				})
				if claimed[cs.Kind] == nil {
					claimed[cs.Kind] = map[string]int{}
				}
				if regionsNode != nil {
					switch {
					case regionsNode.Kind == yaml.ScalarNode && regionsNode.Value == "all":
						cs.Regions = append([]string{}, regions...)
					case regionsNode.Kind == yaml.ScalarNode && regionsNode.Value == "rest":
						rest = append(rest, struct {
							i    int
							node *yaml.Node
						}{len(sh.Schedules), regionsNode})
					case regionsNode.Kind == yaml.SequenceNode:
						for j, rn := range regionsNode.Content {
							r := d.str(rn, fmt.Sprintf("%s.regions[%d]", pi, j))
							if !contains(regions, r) {
								if len(regions) > 0 { // else the region set's own problem is reported
									d.errorf(rn, fmt.Sprintf("%s.regions[%d]", pi, j), "unknown region %q; the region set has: %s", r, nameList(regions))
								}
								continue
							}
							cs.Regions = append(cs.Regions, r)
						}
					default:
						d.errorf(regionsNode, pi+".regions", `must be "all", "rest" or a list of region names, got %s`, kindName(regionsNode))
					}
				}
				var dups []string
				firstLine := 0
				for _, r := range cs.Regions {
					if line, dup := claimed[cs.Kind][r]; dup {
						if firstLine == 0 {
							firstLine = line
						}
						dups = append(dups, r)
					}
					claimed[cs.Kind][r] = regionsNode.Line
				}
				switch {
				case len(dups) == 1:
					d.errorf(regionsNode, pi+".regions", "region %q already has a %s schedule (line %d); each region and kind may have one", dups[0], cs.Kind, firstLine)
				case len(dups) > 1:
					shown := dups
					if len(shown) > 3 {
						shown = append(append([]string{}, dups[:3]...), "...")
					}
					d.errorf(regionsNode, pi+".regions", "%d regions (%s) already have a %s schedule (line %d); each region and kind may have one", len(dups), strings.Join(shown, ", "), cs.Kind, firstLine)
				}
				sh.Schedules = append(sh.Schedules, cs)
			}
			// "rest" takes the regions of its kind that no other entry names.
			for _, rs := range rest {
				cs := &sh.Schedules[rs.i]
				for _, r := range regions {
					if _, ok := claimed[cs.Kind][r]; !ok {
						cs.Regions = append(cs.Regions, r)
						claimed[cs.Kind][r] = rs.node.Line
					}
				}
			}
		}),
	})
}

func (d *decoder) housing(n *yaml.Node, path string, h *Housing, profiles []string) {
	var types []string
	typed := func(v *yaml.Node, p, unit string, b bounds) []TypedSchedule {
		var out []TypedSchedule
		d.entries(v, p, func(key string, k, v *yaml.Node, p string) {
			if !contains(types, key) {
				d.errorf(k, p, "unknown housing type; types: %s", strings.Join(types, ", "))
			}
			out = append(out, TypedSchedule{Type: key, Units: d.schedule(v, p, []string{unit}, b)})
		})
		return out
	}
	// types first: the other fields refer to them.
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "types" {
				d.entries(n.Content[i+1], join(path, "types"), func(key string, k, v *yaml.Node, p string) {
					t := HousingType{Name: key}
					d.mapping(v, p, map[string]field{
						"fits": req(func(v *yaml.Node, p string) {
							t.Fits = d.strList(v, p)
							for _, f := range t.Fits {
								if profiles != nil && !contains(profiles, f) {
									d.errorf(v, p, "unknown profile %q; profiles: %s", f, nameList(profiles))
								}
							}
						}),
					})
					h.Types = append(h.Types, t)
					types = append(types, key)
				})
			}
		}
	}
	d.mapping(n, path, map[string]field{
		"types":            req(func(v *yaml.Node, p string) {}),
		"social_relets":    req(func(v *yaml.Node, p string) { h.SocialRelets = d.schedule(v, p, []string{"units/year"}, rateBounds) }),
		"social_new_build": req(func(v *yaml.Node, p string) { h.SocialNewBuild = d.schedule(v, p, []string{"units/year"}, rateBounds) }),
		"homeless_share":   req(func(v *yaml.Node, p string) { h.HomelessShare = d.schedule(v, p, []string{"share"}, shareBounds) }),
		"mix": req(func(v *yaml.Node, p string) {
			h.Mix = d.split(v, p, types)
		}),
		"programme": req(func(v *yaml.Node, p string) { h.Programme = typed(v, p, "units/year", rateBounds) }),
		"dedicated": req(func(v *yaml.Node, p string) { h.Dedicated = typed(v, p, "units", placeBounds) }),
	})
}

func (d *decoder) allocation(n *yaml.Node, path string, a *Allocation) {
	if lookup(n, "schedule") != nil {
		d.dated(n, path, "{eligible, order}, or {schedule: {DATE: {eligible, order}, ...}}", func(from time.Time, v *yaml.Node, p string) {
			var r Allocation
			d.allocationRule(v, p, &r)
			a.Rules = append(a.Rules, AllocationRule{From: from, Eligible: r.Eligible, Order: r.Order})
		})
		if len(a.Rules) > 0 {
			a.Eligible, a.Order = a.Rules[0].Eligible, a.Rules[0].Order
		}
		return
	}
	d.allocationRule(n, path, a)
	a.Rules = []AllocationRule{{Eligible: a.Eligible, Order: a.Order}}
}

func (d *decoder) allocationRule(n *yaml.Node, path string, a *Allocation) {
	d.mapping(n, path, map[string]field{
		"eligible": req(func(v *yaml.Node, p string) {
			allowed := []string{"ethos1", "ethos2", "ethos3", "ethos4", "ethos5", "ethos6"}
			seen := map[ethos.State]bool{}
			for i, k := range d.strList(v, p) {
				st, _ := ethos.Parse(k)
				pi := fmt.Sprintf("%s[%d]", p, i)
				switch {
				case !contains(allowed, k):
					d.errorf(v.Content[i], pi, "%q cannot be eligible for housing; allowed: %s", k, strings.Join(allowed, ", "))
				case seen[st]:
					d.errorf(v.Content[i], pi, "%q is listed twice", k)
				default:
					seen[st] = true
					a.Eligible = append(a.Eligible, st)
				}
			}
		}),
		"order": req(func(v *yaml.Node, p string) { a.Order = d.oneOf(v, p, LongestWaiting, Listed) }),
	})
}

// dated decodes {schedule: {DATE: RULE, ...}}: rules that change on dates,
// each holding until the next. The first must hold from the start date (a
// rule cannot be undefined for part of a run); checkRulesFrom checks that
// once the start is known.
func (d *decoder) dated(n *yaml.Node, path, allowed string, each func(from time.Time, v *yaml.Node, path string)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "must be %s, got %s", allowed, kindName(n))
		return
	}
	d.mapping(n, path, map[string]field{
		"schedule": req(func(v *yaml.Node, p string) {
			if !d.isMap(v, p) {
				return
			}
			if len(v.Content) == 0 {
				d.errorf(v, p, "needs at least one date: rule")
				return
			}
			var last time.Time
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, r := v.Content[i], v.Content[i+1]
				pk := join(p, k.Value)
				t := d.date(k, pk)
				if t.IsZero() {
					continue
				}
				if !last.IsZero() && !t.After(last) {
					d.errorf(k, pk, "dates must be strictly increasing; %s follows %s", t.Format(dateLayout), last.Format(dateLayout))
					continue
				}
				if i == 0 {
					first := k
					d.startChecks = append(d.startChecks, func(start time.Time) {
						if t.After(start) {
							d.errorf(first, pk, "the first rule takes effect on %s, after the start %s; give the rule that holds from the start first", t.Format(dateLayout), start.Format(dateLayout))
						}
					})
				}
				last = t
				each(t, r, pk)
			}
		}),
	})
}

// checkRulesFrom runs the checks that need the start date, and sets the
// rules in force on it.
func (d *decoder) checkRulesFrom(s *Scenario) {
	for _, c := range d.startChecks {
		c(s.Start)
	}
	for _, r := range s.Allocation.Rules {
		if !r.From.After(s.Start) {
			s.Allocation.Eligible, s.Allocation.Order = r.Eligible, r.Order
		}
	}
	for _, r := range s.Shelter.Closures {
		if !r.From.After(s.Start) {
			s.Shelter.Closure = r.Mode
		}
	}
}

// At returns the allocation rule in force on t.
func (a Allocation) At(t time.Time) AllocationRule {
	cur := AllocationRule{Eligible: a.Eligible, Order: a.Order}
	for _, r := range a.Rules {
		if !r.From.After(t) {
			cur = r
		}
	}
	return cur
}
