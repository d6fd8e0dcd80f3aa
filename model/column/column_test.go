package column

import "testing"

func TestSafe(t *testing.T) {
	for _, c := range []struct {
		in, slug string
		safe     bool
	}{
		{"regions.'s-Hertogenbosch", "regions.s_Hertogenbosch", true},
		{"T1-count-below-2021", "T1_count_below_2021", true},
		{"inflow.life_events.rate@2025-01-01", "inflow.life_events.rate.at_2025_01_01", true},
		{"regions.Súdwest-Fryslân", "regions.Sudwest_Fryslan", true},
		{"2025", "2025", false},
		{"if", "if", false},
	} {
		if got := Slug(c.in); got != c.slug {
			t.Errorf("Slug(%q) = %q, want %q", c.in, got, c.slug)
		}
		if got := Safe(c.slug); got != c.safe {
			t.Errorf("Safe(%q) = %t, want %t", c.slug, got, c.safe)
		}
	}
	if err := Unique([]string{"a.b", "a.b"}, []string{"a.b", "a@b"}); err == nil || err.Error() != `"a.b" and "a@b" both give the column a.b; rename one` {
		t.Errorf("Unique: %v", err)
	}
}

func TestFor(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{For("inflow.life_events.rate@2009-01-01", Value), "inflow.life_events.rate.at_2009_01_01.value"},
		{For("moves.ethos6.stay", Factor), "moves.ethos6.stay.factor"},
		{ForShare("regions", "'s-Hertogenbosch"), "regions.s_Hertogenbosch.share"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
}
