package ethos

import "testing"

func TestParseRoundTrip(t *testing.T) {
	for _, s := range All {
		got, ok := Parse(s.String())
		if !ok || got != s {
			t.Errorf("Parse(%q) = %v, %v; want %v", s.String(), got, ok, s)
		}
		if s.Label("nl") == s.Label("en") {
			t.Errorf("%v: Dutch and English labels are the same: %q", s, s.Label("nl"))
		}
	}
	if _, ok := Parse("ethos8"); ok {
		t.Error(`Parse("ethos8") succeeded`)
	}
}

func TestCategories(t *testing.T) {
	var homeless, shelter, housed int
	for _, s := range All {
		if s.Homeless() {
			homeless++
		}
		if s.Shelter() {
			shelter++
			if !s.Homeless() {
				t.Errorf("%v is shelter but not homeless", s)
			}
		}
		if s.Housed() {
			housed++
		}
	}
	if homeless != 6 || shelter != 2 || housed != 2 {
		t.Errorf("homeless, shelter, housed = %d, %d, %d; want 6, 2, 2", homeless, shelter, housed)
	}
	if ResidentialShelter.CBSCounted() {
		t.Error("ETHOS 3 is counted by CBS only for short stays; CBSCounted must leave that to the caller")
	}
}
