package costs

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"testing"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/scenarios"
)

func shipped(t testing.TB, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// small is the sweep tests' scenario: the plan at 1/20 scale in three
// regions, 2021-2030.
func small(t testing.TB) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Loader{Shipped: scenarios.FS}.Load("../sweep/testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// variant is small with a change, given as YAML after the name.
func variant(t testing.TB, name, yaml string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Loader{Shipped: scenarios.FS}.Parse("../sweep/testdata/"+name+".yaml", []byte("name: "+name+"\nextends: small\n"+yaml))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestConservation: costs neither appear nor vanish. Spend summed over
// regions, payers and years equals the total of every category; the rows
// of costs.csv add up to it (to the cent each row is rounded to); and
// every quantity priced equals the run's own integral or count: shelter
// person-nights are the integral of occupancy (Little's area of ETHOS 2
// and 3, integrated separately by the engine), support person-years the
// area of housed_supported, homeless person-years the areas of ETHOS 1-6,
// people housed the housed_in flows.
func TestConservation(t *testing.T) {
	uc, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), small(t), 7)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Compute(res, uc)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Years) != 10 || s.Years[0] != 2021 {
		t.Fatalf("years %v, want 2021-2030", s.Years)
	}
	// Spend over regions, payers and years against the total.
	var cells, totals float64
	for y := range s.Years {
		for r := range s.Regions {
			for p := range Payers {
				for c := Category(0); c < NumCategories; c++ {
					cells += s.At(y, r, p, c)
				}
			}
		}
	}
	for c := Category(0); c < NumCategories; c++ {
		totals += s.Total(c)
		if s.Total(c) <= 0 {
			t.Errorf("%v: total %g; the test run should cost something in every category", c, s.Total(c))
		}
	}
	var public float64
	for y := range s.Years {
		public += s.Public(y)
	}
	if !near(cells, totals) || !near(public+s.Total(Societal), totals) {
		t.Errorf("cells %.2f, categories %.2f, public + societal %.2f", cells, totals, public+s.Total(Societal))
	}
	// The rows of costs.csv.
	var buf bytes.Buffer
	if err := WriteCSV(&buf, Runs{Scenario: "small", Spend: []*Spend{s}}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var csvSum float64
	for _, row := range rows[1:] {
		v, err := strconv.ParseFloat(row[6], 64)
		if err != nil {
			t.Fatal(err)
		}
		csvSum += v
	}
	if math.Abs(csvSum-totals) > 0.005*float64(len(rows)) {
		t.Errorf("costs.csv sums to %.2f, spend to %.2f", csvSum, totals)
	}
	// Quantities against the engine's own integrals and counts.
	sum := func(xs []float64) (v float64) {
		for _, x := range xs {
			v += x
		}
		return v
	}
	area := func(states ...ethos.State) (v float64) {
		for _, st := range states {
			v += res.Little[st].Area
		}
		return v
	}
	if got, want := sum(s.ShelterNights), area(ethos.EmergencyShelter, ethos.ResidentialShelter); !near(got, want) {
		t.Errorf("shelter person-nights %.3f, integral of occupancy %.3f", got, want)
	}
	if got, want := sum(s.SupportedYears)*DaysPerYear, area(ethos.HousedSupported); !near(got, want) {
		t.Errorf("supported person-days %.3f, Little area %.3f", got, want)
	}
	var homeless []ethos.State
	for _, st := range ethos.All {
		if st.Homeless() {
			homeless = append(homeless, st)
		}
	}
	if got, want := sum(s.HomelessYears)*DaysPerYear, area(homeless...); !near(got, want) {
		t.Errorf("homeless person-days %.3f, Little area %.3f", got, want)
	}
	if got, want := sum(s.RoughNights), area(ethos.PublicSpace); !near(got, want) {
		t.Errorf("rough-sleeper nights %.3f, Little area %.3f", got, want)
	}
	// Each shelter kind priced at its own unit cost: euros / cost = nights.
	var nights float64
	for i, c := range []Category{ShelterEmergency, ShelterLarge, ShelterSmall} {
		nights += s.Total(c) / uc.Get(SectionShelter, res.Kinds[i]).Value
	}
	if !near(nights, sum(s.ShelterNights)) {
		t.Errorf("shelter euros over unit costs: %.3f nights, want %.3f", nights, sum(s.ShelterNights))
	}
	var housed float64
	for i := 0; i < res.Months(); i++ {
		for r := range res.Regions {
			for f, name := range res.FlowNames {
				if len(name) > 10 && name[:10] == "housed_in." {
					housed += float64(res.Flows[(i*len(res.Regions)+r)*len(res.FlowNames)+f])
				}
			}
		}
	}
	if housed == 0 || sum(s.Housed) != housed {
		t.Errorf("people housed %.0f, flows %.0f", sum(s.Housed), housed)
	}
	// Shelter is the centre municipalities' in the shipped file: all of it
	// under that payer, none under another.
	cg := 0
	for p, name := range Payers {
		if name == "centrumgemeente" {
			cg = p
		}
	}
	for y := range s.Years {
		for r := range s.Regions {
			for p := range Payers {
				if v := s.At(y, r, p, ShelterLarge); p != cg && v != 0 {
					t.Errorf("large shelter paid by %s: %g", Payers[p], v)
				}
			}
		}
	}
	// From keeps the later years whole.
	total2025 := s.Public(4)
	s.From(2025)
	if s.Years[0] != 2025 || len(s.Years) != 6 || s.Public(0) != total2025 {
		t.Errorf("From(2025): years %v, spend %g, want %g", s.Years, s.Public(0), total2025)
	}
}

// TestCheck: a unit-costs file must cover what the scenario needs.
func TestCheck(t *testing.T) {
	c, err := Parse("c.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Check(small(t))
	want := "c.yaml:5: support.D: missing: scenario small needs a unit cost for D\n" +
		"c.yaml:5: support.E: missing: scenario small needs a unit cost for E\n" +
		"c.yaml:7: homes.dwelling: missing: scenario small needs a unit cost for dwelling\n" +
		"c.yaml:7: homes.clustered: missing: scenario small needs a unit cost for clustered\n" +
		"c.yaml:9: prevention.eviction_private: missing: scenario small needs a unit cost for eviction_private\n" +
		"c.yaml:9: prevention.institution: missing: scenario small needs a unit cost for institution\n" +
		"c.yaml:9: prevention.life_events: missing: scenario small needs a unit cost for life_events\n" +
		"c.yaml:9: prevention.migration: missing: scenario small needs a unit cost for migration"
	if err == nil || err.Error() != want {
		t.Errorf("Check:\n%v\nwant:\n%s", err, want)
	}
}
