// This file implements the costs of one run: unit costs times the
// quantities the run recorded, per year, region, payer and category.

package costs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/thuis-nl/thuis/model/ethos"
	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

// ShippedFile is the unit-costs file among the shipped files
// (scenarios.FS).
const ShippedFile = "costs/costs.yaml"

// Shipped returns the shipped unit costs.
func Shipped() (*UnitCosts, error) {
	data, err := scenarios.FS.ReadFile(ShippedFile)
	if err != nil {
		return nil, err
	}
	return Parse("scenarios/"+ShippedFile, data)
}

// Category is what a cost is for.
type Category uint8

// The categories. Societal is the cost to society of homelessness, not a
// budget: [Spend.Public] leaves it out.
const (
	ShelterEmergency Category = iota
	ShelterLarge
	ShelterSmall
	Support
	Homes
	Prevention
	Societal
	NumCategories
)

var categoryNames = [NumCategories]string{"shelter_emergency", "shelter_large", "shelter_small", "support", "homes", "prevention", "societal"}

func (c Category) String() string { return categoryNames[c] }

// DaysPerYear converts person-days to person-years (model/README.md 2.4).
const DaysPerYear = 365.25

// Spend is the cost of one run per whole year of the run, region, payer
// and category, in euros at each unit cost's own price year, with the
// quantities they were computed from.
type Spend struct {
	Scenario string
	Years    []int    // the whole years of the run
	Regions  []string // as in the run
	euro     []float64

	// SocietalCost is the cost of a person-year homeless the run was
	// priced with (drawn per run, or the file's value).
	SocietalCost float64

	// National quantities per year (index of Years).
	Housed         []float64 // people housed (flows housed_in)
	RoughNights    []float64 // person-nights in ETHOS 1
	HomelessYears  []float64 // person-years in ETHOS 1-6
	ShelterNights  []float64 // occupied place-nights, all kinds
	SupportedYears []float64 // person-years housed with support
	Prevented      []float64 // cases prevented
}

func (s *Spend) cell(y, r, payer int, c Category) int {
	return ((y*len(s.Regions)+r)*len(Payers)+payer)*int(NumCategories) + int(c)
}

// At is the cost in year index y and region r paid by payer (an index of
// Payers) for category c.
func (s *Spend) At(y, r, payer int, c Category) float64 { return s.euro[s.cell(y, r, payer, c)] }

// Year is the cost of year index y in category c, over regions and payers.
func (s *Spend) Year(y int, c Category) float64 {
	var sum float64
	for r := range s.Regions {
		for p := range Payers {
			sum += s.At(y, r, p, c)
		}
	}
	return sum
}

// Public is the spend of year index y: every category but Societal.
func (s *Spend) Public(y int) float64 {
	var sum float64
	for c := Category(0); c < Societal; c++ {
		sum += s.Year(y, c)
	}
	return sum
}

// Total is the cost over every cell of category c.
func (s *Spend) Total(c Category) float64 {
	var sum float64
	for y := range s.Years {
		sum += s.Year(y, c)
	}
	return sum
}

// Compute costs one run. The unit costs must cover the run's scenario
// (UnitCosts.Check). Shelter is costed per occupied place-night and
// support per person-year from the run's exact integrals
// (sim.Result.OccupiedDays and PersonDays), homes per person housed and
// prevention per case from its monthly flows, and the societal cost per
// person-year in ETHOS 1-6. Months are counted in the year they begin.
func Compute(res *sim.Result, uc *UnitCosts) (*Spend, error) {
	sc := res.Scenario
	if err := uc.Check(sc); err != nil {
		return nil, err
	}
	first, last := target.WholeYears(sc.Start, sc.End)
	if first > last {
		return nil, fmt.Errorf("costs: scenario %s has no whole year (%s to %s)", sc.Name, sc.Start.Format("2006-01-02"), sc.End.Format("2006-01-02"))
	}
	s := &Spend{Scenario: sc.Name, Regions: res.Regions}
	for y := first; y <= last; y++ {
		s.Years = append(s.Years, y)
	}
	Y := len(s.Years)
	s.euro = make([]float64, Y*len(s.Regions)*len(Payers)*int(NumCategories))
	s.Housed, s.RoughNights, s.HomelessYears = make([]float64, Y), make([]float64, Y), make([]float64, Y)
	s.ShelterNights, s.SupportedYears, s.Prevented = make([]float64, Y), make([]float64, Y), make([]float64, Y)

	payer := func(u *UnitCost) int { return slices.Index(Payers, u.Payer) }
	kinds := [3]Category{ShelterEmergency, ShelterLarge, ShelterSmall}
	var shelter [3]*UnitCost
	for k, name := range res.Kinds {
		shelter[k] = uc.Get(SectionShelter, name)
	}
	support := make([]*UnitCost, len(res.Profiles))
	for p, name := range res.Profiles {
		if slices.Contains(sc.Profiles.Support, name) {
			support[p] = uc.Get(SectionSupport, name)
		}
	}
	societal := uc.Get(SectionSocietal, "homeless")
	s.SocietalCost = societal.Value
	type flowCost struct {
		index int
		u     *UnitCost
		cat   Category
	}
	var flows []flowCost
	for i, name := range res.FlowNames {
		if t, ok := strings.CutPrefix(name, "housed_in."); ok {
			flows = append(flows, flowCost{i, uc.Get(SectionHomes, t), Homes})
		}
		if src, ok := strings.CutPrefix(name, "prevented."); ok {
			flows = append(flows, flowCost{i, uc.Get(SectionPrevention, src), Prevention})
		}
	}
	F := len(res.FlowNames)
	for i := 0; i < res.Months(); i++ {
		y := res.Snapshots[i].Date.Year() - first
		if y < 0 || y >= Y {
			continue
		}
		for r := range s.Regions {
			for k, u := range shelter {
				nights := res.OccupiedDays(i, r, k)
				s.euro[s.cell(y, r, payer(u), kinds[k])] += nights * u.Value
				s.ShelterNights[y] += nights
			}
			for p, u := range support {
				if u == nil {
					continue
				}
				years := res.PersonDays(i, r, ethos.HousedSupported, p) / DaysPerYear
				s.euro[s.cell(y, r, payer(u), Support)] += years * u.Value
				s.SupportedYears[y] += years
			}
			var homeless float64
			for p := range res.Profiles {
				for _, st := range ethos.All {
					if st.Homeless() {
						homeless += res.PersonDays(i, r, st, p)
					}
				}
				s.RoughNights[y] += res.PersonDays(i, r, ethos.PublicSpace, p)
			}
			s.HomelessYears[y] += homeless / DaysPerYear
			s.euro[s.cell(y, r, payer(societal), Societal)] += homeless / DaysPerYear * societal.Value
			for _, f := range flows {
				n := float64(res.Flows[(i*len(s.Regions)+r)*F+f.index])
				s.euro[s.cell(y, r, payer(f.u), f.cat)] += n * f.u.Value
				if f.cat == Homes {
					s.Housed[y] += n
				} else {
					s.Prevented[y] += n
				}
			}
		}
	}
	return s, nil
}

// Rows calls row for every cell of the spend that is not zero, in the
// order year, region, payer, category: the rows of costs.csv.
func (s *Spend) Rows(row func(year int, region, payer string, c Category, euro float64) error) error {
	for y, year := range s.Years {
		for r, region := range s.Regions {
			for p, payer := range Payers {
				for c := Category(0); c < NumCategories; c++ {
					if v := s.At(y, r, p, c); v != 0 {
						if err := row(year, region, payer, c, v); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	return nil
}

// From drops the years before first, to keep many runs in memory; the
// years left keep every cell and quantity.
func (s *Spend) From(first int) {
	k := 0
	for k < len(s.Years) && s.Years[k] < first {
		k++
	}
	if k == 0 {
		return
	}
	cells := len(s.Regions) * len(Payers) * int(NumCategories)
	s.euro = slices.Clone(s.euro[k*cells:])
	s.Years = slices.Clone(s.Years[k:])
	for _, q := range []*[]float64{&s.Housed, &s.RoughNights, &s.HomelessYears, &s.ShelterNights, &s.SupportedYears, &s.Prevented} {
		*q = slices.Clone((*q)[k:])
	}
}
