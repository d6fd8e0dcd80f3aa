// Package ethos names the states a person can be in: the seven ETHOS Light
// categories the Dutch action plan uses, the two housed states and exit.
//
// The categories follow the plan (Nationaal Actieplan Dakloosheid, section
// 2.1): ETHOS Light as adopted by FEANTSA, plus "facing eviction" as the plan
// lists it.
package ethos

import "fmt"

// State is where a person is. The zero value is not a valid state.
type State uint8

const (
	_ State = iota
	// PublicSpace is ETHOS 1: sleeping rough (buitenslapers).
	PublicSpace
	// EmergencyShelter is ETHOS 2: night and emergency shelter (nachtopvang, noodopvang).
	EmergencyShelter
	// ResidentialShelter is ETHOS 3: temporary residential shelter (24-uursopvang).
	ResidentialShelter
	// Institution is ETHOS 4: in an institution longer than needed for lack
	// of housing (GGZ, beschermd wonen, jeugdzorg, detentie).
	Institution
	// NonConventional is ETHOS 5: car, camping, boat (niet-reguliere woonvorm).
	NonConventional
	// FamilyFriends is ETHOS 6: staying with family or friends (bankslapers).
	FamilyFriends
	// FacingEviction is ETHOS 7 in the plan's list: facing eviction
	// (dreigende huisuitzetting).
	FacingEviction
	// HousedSupported is housed with support (Wonen Eerst, begeleid wonen).
	HousedSupported
	// HousedUnsupported is housed without (or with ended) support.
	HousedUnsupported
	// Exit means the person has left the model: resolved, moved away, died,
	// or an eviction or institution exit that did not lead to homelessness.
	Exit

	// NumStates is one more than the largest State, for sizing arrays.
	NumStates
)

var keys = [NumStates]string{"", "ethos1", "ethos2", "ethos3", "ethos4", "ethos5", "ethos6", "ethos7", "housed_supported", "housed_unsupported", "exit"}

var labelsEN = [NumStates]string{"", "public space (rough sleeping)", "emergency shelter", "residential shelter (24-hour)", "institution, longer than needed", "non-conventional dwelling", "with family or friends", "facing eviction", "housed with support (Housing First)", "housed without support", "exit"}

var labelsNL = [NumStates]string{"", "openbare ruimte (buitenslapers)", "nachtopvang en noodopvang", "24-uursopvang", "instelling, langer dan nodig", "niet-reguliere woonvorm", "bij familie of vrienden (bankslapers)", "dreigende huisuitzetting", "wonen met begeleiding (Wonen Eerst)", "wonen zonder begeleiding", "uitstroom"}

// All lists every valid state in order.
var All = []State{PublicSpace, EmergencyShelter, ResidentialShelter, Institution, NonConventional, FamilyFriends, FacingEviction, HousedSupported, HousedUnsupported, Exit}

// String returns the key used in scenario files and CSV output, e.g. "ethos3".
func (s State) String() string {
	if s >= NumStates || s == 0 {
		return fmt.Sprintf("State(%d)", uint8(s))
	}
	return keys[s]
}

// Label returns a human label in "en" or "nl".
func (s State) Label(lang string) string {
	if s >= NumStates || s == 0 {
		return s.String()
	}
	if lang == "nl" {
		return labelsNL[s]
	}
	return labelsEN[s]
}

// Parse returns the state with the given key.
func Parse(key string) (State, bool) {
	for i, k := range keys {
		if k != "" && k == key {
			return State(i), true
		}
	}
	return 0, false
}

// Homeless reports whether s is one of ETHOS Light 1–6: without a home of
// one's own. Facing eviction (7) still has a home; housed and exit do not
// count.
func (s State) Homeless() bool { return s >= PublicSpace && s <= FamilyFriends }

// Shelter reports whether s is a shelter state (ETHOS 2 or 3).
func (s State) Shelter() bool { return s == EmergencyShelter || s == ResidentialShelter }

// Housed reports whether s is one of the two housed states.
func (s State) Housed() bool { return s == HousedSupported || s == HousedUnsupported }

// CBSCounted reports whether CBS counts people in s as homeless (feitelijk
// daklozen). ETHOS 3 is counted only for short stays, which the caller
// decides; see FACTS.md, "CBS estimate".
func (s State) CBSCounted() bool {
	return s == PublicSpace || s == EmergencyShelter || s == NonConventional || s == FamilyFriends
}
