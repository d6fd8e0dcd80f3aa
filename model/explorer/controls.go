package explorer

// This file implements the explorer's controls: the levers and key
// assumptions a slider moves, their ranges, and their values in the
// unchanged scenario.

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/thuis-nl/thuis/model/scenario"
)

// Panel says where a control is shown. Levers (what policy does) and
// assumptions (how the world works) are kept apart on the page.
type Panel string

// The panels.
const (
	Levers      Panel = "levers"
	Assumptions Panel = "assumptions"
)

// Kind is what a control sets and how its value becomes YAML.
type Kind uint8

const (
	// Level sets the level a schedule reaches: the value of its last
	// point, its dates and interpolation kept. A parameter without a
	// schedule in the base gets one that holds the base's value until
	// PolicyStart and the new value from then, a lever's and an
	// assumption's alike, so the calibrated history stays as it was; but
	// a definition (Control.FromStart) holds from the start of the run.
	Level Kind = iota + 1
	// EndYear sets the year (1 January) an afbouw schedule's factor
	// reaches 0, from its first point.
	EndYear
	// Closure sets the closure mode from PolicyStart: 0 when-empty,
	// 1 move-out.
	Closure
	// WonenEerst switches the base's last allocation rule (Wonen Eerst)
	// on (1) or off (0); off keeps the first rule (the staircase) for good.
	WonenEerst
	// WonenEerstFrom sets the year (1 January) the last allocation rule
	// starts.
	WonenEerstFrom
	// Places sets the night shelter places from PolicyStart. The scenario
	// gives them once, at the start, so the variant adds a shelter
	// schedule that multiplies every region's places by the new total over
	// the old from then: the total is the one set, to within each
	// region's rounding to whole places.
	Places
)

// PolicyStart is the date from which the levers act: the plan's first day.
// The history before it is the calibrated one, the same in every variant.
var PolicyStart = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// Control is one slider, switch or choice on the page.
type Control struct {
	ID    string `json:"id"` // key in the page address and in Settings
	Panel Panel  `json:"panel"`
	Group string `json:"group"` // heading it is shown under: housing, prevention, afbouw, wonen-eerst, assumptions
	Kind  Kind   `json:"kind"`
	// Path is the parameter it sets; for EndYear the afbouw schedule's
	// name; for WonenEerst and WonenEerstFrom "allocation".
	Path  string  `json:"path"`
	Unit  string  `json:"unit"`
	Label Text    `json:"label"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Step  float64 `json:"step"`
	// Default is the value in the unchanged scenario; When says from or
	// by when the value holds there ("2030-01-01").
	Default float64 `json:"default"`
	When    string  `json:"when,omitempty"`
	// Stepped is true when the value holds from When (a step schedule),
	// false when the schedule reaches it by When.
	Stepped bool   `json:"stepped,omitempty"`
	Options []Text `json:"options,omitempty"` // Closure and WonenEerst: the meaning of 0 and 1
	// FromStart is true for a definition, which holds from the start of
	// the run (the CBS short-stay limit: a count whose definition changed
	// in 2023 would jump); every other control acts from PolicyStart.
	FromStart bool `json:"from_start,omitempty"`
}

// Text is a text in both languages of the page.
type Text struct {
	EN string `json:"en"`
	NL string `json:"nl"`
}

// spec is a control before its default is read from the base.
type spec struct {
	id    string
	panel Panel
	group string
	kind  Kind
	path  string
	unit  string
	label Text
	min   float64
	max   float64
	step  float64
}

// specs are the explorer's controls, in page order. The paths are those
// of scenario.Levers (README "Writing a variant").
var specs = []spec{
	{"new-build", Levers, "housing", Level, "housing.social_new_build", "units/year", Text{"social homes built per year", "sociale huurwoningen gebouwd per jaar"}, 0, 60000, 250},
	{"clustered", Levers, "housing", Level, "housing.programme.clustered", "units/year", Text{"Wonen Eerst homes per year (clustered, with support)", "Wonen Eerst-woningen per jaar (geclusterd, met begeleiding)"}, 0, 10000, 100},
	{"dwellings", Levers, "housing", Level, "housing.programme.dwelling", "units/year", Text{"extra dwellings per year for homeless people", "extra zelfstandige woningen per jaar voor dakloze mensen"}, 0, 10000, 100},
	{"rooms", Levers, "housing", Level, "housing.programme.room", "units/year", Text{"extra rooms per year for homeless people", "extra kamers per jaar voor dakloze mensen"}, 0, 10000, 100},
	{"homeless-share", Levers, "housing", Level, "housing.homeless_share", "share", Text{"share of lettings to homeless people", "aandeel van de toewijzingen aan dakloze mensen"}, 0, 0.3, 0.01},
	{"prevent-eviction", Levers, "prevention", Level, "inflow.eviction.prevented", "share", Text{"prevented: evictions by corporations", "voorkomen: huisuitzettingen door corporaties"}, 0, 1, 0.01},
	{"prevent-private", Levers, "prevention", Level, "inflow.eviction_private.prevented", "share", Text{"prevented: evictions by private landlords", "voorkomen: huisuitzettingen door particuliere verhuurders"}, 0, 1, 0.01},
	{"prevent-institution", Levers, "prevention", Level, "inflow.institution.prevented", "share", Text{"prevented: leaving an institution", "voorkomen: uitstroom uit een instelling"}, 0, 1, 0.01},
	{"prevent-life-events", Levers, "prevention", Level, "inflow.life_events.prevented", "share", Text{"prevented: other life events (debts, divorce, crises)", "voorkomen: andere levensgebeurtenissen (schulden, scheiding, crises)"}, 0, 1, 0.01},
	{"prevent-migration", Levers, "prevention", Level, "inflow.migration.prevented", "share", Text{"prevented: labour migrants losing employer housing", "voorkomen: arbeidsmigranten die hun huisvesting verliezen"}, 0, 1, 0.01},
	{"afbouw-first", Levers, "afbouw", EndYear, "large-first-22-by-2025", "year", Text{"large-scale shelter closed in the first 22 regions by", "grootschalige opvang dicht in de eerste 22 regio's per"}, 2024, 2035, 1},
	{"afbouw-rest", Levers, "afbouw", EndYear, "large-rest-by-2030", "year", Text{"large-scale shelter closed in the other 21 regions by", "grootschalige opvang dicht in de andere 21 regio's per"}, 2024, 2035, 1},
	{"small-rebuild", Levers, "afbouw", Level, "shelter.schedules[small-rebuild].factor", "factor", Text{"small-scale places, as a factor on today's", "kleinschalige plaatsen, als factor op die van nu"}, 0, 3, 0.1},
	{"closure", Levers, "afbouw", Closure, "shelter.closure", "", Text{"how closing places close", "hoe plaatsen sluiten"}, 0, 1, 1},
	{"wonen-eerst", Levers, "wonen-eerst", WonenEerst, "allocation", "", Text{"Wonen Eerst: everyone homeless may be housed, longest waiting first", "Wonen Eerst: iedereen die dakloos is kan een woning krijgen, langst wachtende eerst"}, 0, 1, 1},
	{"wonen-eerst-from", Levers, "wonen-eerst", WonenEerstFrom, "allocation", "year", Text{"Wonen Eerst from", "Wonen Eerst vanaf"}, 2023, 2030, 1},
	{"relets", Assumptions, "assumptions", Level, "housing.social_relets", "units/year", Text{"social homes re-let per year", "sociale huurwoningen per jaar opnieuw verhuurd"}, 80000, 240000, 5000},
	{"institution-rate", Assumptions, "assumptions", Level, "inflow.institution.rate", "people/year", Text{"people leaving an institution at risk, per year", "mensen per jaar die een instelling verlaten met risico"}, 0, 15000, 100},
	{"migration-rate", Assumptions, "assumptions", Level, "inflow.migration.rate", "people/year", Text{"labour migrants losing employer housing, per year", "arbeidsmigranten per jaar die hun huisvesting verliezen"}, 0, 8000, 100},
	{"night-shelter", Assumptions, "assumptions", Places, "shelter.emergency", "places", Text{"night shelter places", "plaatsen in de nachtopvang"}, 0, 10000, 50},
	{"short-stay", Assumptions, "assumptions", Level, "cbs.short_stay", "days", Text{"shelter stays the CBS counts as homeless: up to (days)", "verblijf in de opvang dat het CBS als dakloos telt: tot (dagen)"}, 30, 180, 1},
}

// definitions are the paths of controls that hold from the start of the
// run (Control.FromStart).
var definitions = map[string]bool{"cbs.short_stay": true}

// closureModes are Closure's values 0 and 1.
var closureModes = []string{scenario.WhenEmpty, scenario.MoveOut}

// Controls returns the explorer's controls with their values in base, the
// unchanged scenario. It fails if base lacks what a control changes (an
// afbouw schedule of that name, a Wonen Eerst rule after a first rule),
// or if base's value lies outside the control's range.
func Controls(base *scenario.Scenario) ([]Control, error) {
	var cs []Control
	for _, s := range specs {
		c := Control{ID: s.id, Panel: s.panel, Group: s.group, Kind: s.kind, Path: s.path, Unit: s.unit, Label: s.label, Min: s.min, Max: s.max, Step: s.step, FromStart: definitions[s.path]}
		var err error
		c.Default, c.When, err = defaultOf(base, s)
		if err != nil {
			return nil, fmt.Errorf("explorer: control %s: %w", s.id, err)
		}
		if s.kind == Level {
			if sch, _, err := paramAt(base, s.path); err == nil && sch != nil {
				c.Stepped = sch.Step
			}
		}
		switch s.kind {
		case Closure:
			c.Options = []Text{{"when empty: a place closes when its resident leaves", "bij leegloop: een plaats sluit als de bewoner vertrekt"}, {"move out: residents of closing places move out at once", "verhuizen: bewoners van sluitende plaatsen verhuizen meteen"}}
		case WonenEerst:
			c.Options = []Text{{"off: the staircase via shelter", "uit: de trap via de opvang"}, {"on", "aan"}}
		}
		if c.Default < c.Min || c.Default > c.Max {
			return nil, fmt.Errorf("explorer: control %s: the unchanged scenario's value %v lies outside the range [%v, %v]", s.id, c.Default, c.Min, c.Max)
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// defaultOf reads a control's value in base, and the date it refers to.
func defaultOf(base *scenario.Scenario, s spec) (float64, string, error) {
	switch s.kind {
	case Level, Places:
		sch, q, err := paramAt(base, s.path)
		if err != nil {
			return 0, "", err
		}
		if q != nil {
			return q.Value, "", nil
		}
		if sch == nil {
			return 0, "", nil // a housing programme the base lacks: none
		}
		last := sch.Points[len(sch.Points)-1]
		when := ""
		if len(sch.Points) > 1 {
			when = last.Date.Format(time.DateOnly)
		}
		return last.Value, when, nil
	case EndYear:
		cs, err := afbouw(base, s.path)
		if err != nil {
			return 0, "", err
		}
		for _, p := range cs.Factor.Points {
			if p.Value == 0 {
				if p.Date.Month() != time.January || p.Date.Day() != 1 {
					return 0, "", fmt.Errorf("afbouw schedule %s reaches 0 on %s, not on 1 January", s.path, p.Date.Format(time.DateOnly))
				}
				return float64(p.Date.Year()), "", nil
			}
		}
		return 0, "", fmt.Errorf("afbouw schedule %s never reaches 0", s.path)
	case Closure:
		mode := closureAt(base, PolicyStart)
		for i, m := range closureModes {
			if m == mode {
				return float64(i), PolicyStart.Format(time.DateOnly), nil
			}
		}
		return 0, "", fmt.Errorf("unknown closure mode %q", mode)
	case WonenEerst, WonenEerstFrom:
		rules := base.Allocation.Rules
		if len(rules) < 2 {
			return 0, "", fmt.Errorf("the unchanged scenario has one allocation rule; Wonen Eerst needs a later rule to switch")
		}
		if s.kind == WonenEerst {
			return 1, "", nil
		}
		from := rules[len(rules)-1].From
		if from.Month() != time.January || from.Day() != 1 {
			return 0, "", fmt.Errorf("the Wonen Eerst rule starts on %s, not on 1 January", from.Format(time.DateOnly))
		}
		return float64(from.Year()), "", nil
	}
	return 0, "", fmt.Errorf("unknown kind %d", s.kind)
}

// paramAt finds the schedule or the scalar at a parameter path in sc:
// neither (and no error) for a housing programme sc lacks.
func paramAt(sc *scenario.Scenario, path string) (*scenario.Schedule, *scenario.Quantity, error) {
	if name, ok := scheduleItem(path); ok {
		cs, err := afbouw(sc, name)
		if err != nil {
			return nil, nil, err
		}
		return cs.Factor, nil, nil
	}
	for _, p := range sc.Params() {
		if p.Info().Path != path {
			continue
		}
		switch p := p.(type) {
		case *scenario.Schedule:
			return p, nil, nil
		case *scenario.Quantity:
			return nil, p, nil
		}
		return nil, nil, fmt.Errorf("%s is a %T, not a value or schedule", path, p)
	}
	if strings.HasPrefix(path, "housing.programme.") {
		return nil, nil, nil
	}
	return nil, nil, fmt.Errorf("no parameter %s in scenario %s", path, sc.Name)
}

// scheduleItem splits "shelter.schedules[NAME].factor" into NAME.
func scheduleItem(path string) (string, bool) {
	const pre, post = "shelter.schedules[", "].factor"
	if len(path) > len(pre)+len(post) && path[:len(pre)] == pre && path[len(path)-len(post):] == post {
		return path[len(pre) : len(path)-len(post)], true
	}
	return "", false
}

// afbouw finds the afbouw schedule named name in sc.
func afbouw(sc *scenario.Scenario, name string) (*scenario.CapacitySchedule, error) {
	for i := range sc.Shelter.Schedules {
		if sc.Shelter.Schedules[i].Name == name {
			return &sc.Shelter.Schedules[i], nil
		}
	}
	return nil, fmt.Errorf("scenario %s has no afbouw schedule named %s", sc.Name, name)
}

// closureAt is the closure mode in force on t.
func closureAt(sc *scenario.Scenario, t time.Time) string {
	mode := sc.Shelter.Closure
	for _, r := range sc.Shelter.Closures {
		if !r.From.After(t) {
			mode = r.Mode
		}
	}
	return mode
}

// snap rounds v to the control's step, so a slider's float noise
// (0.35000000000000003) never reaches a scenario file.
func (c *Control) snap(v float64) float64 {
	n := math.Round((v - c.Min) / c.Step)
	return roundDigits(c.Min+n*c.Step, 6)
}

func roundDigits(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}
