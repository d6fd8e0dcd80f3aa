package main

import "testing"

func TestSuggest(t *testing.T) {
	shipped := []string{"afbouw-zonder-woningen", "baseline", "eerst-een-thuis", "history", "history-calibrated", "preventie-eerst"}
	for _, tc := range []struct{ in, want string }{
		{"baselin", "baseline"},
		{"Baseline", "baseline"},
		{"basleine", "baseline"},
		{"histroy", "history"},
		{"history-calibrate", "history-calibrated"},
		{"eerst", "eerst-een-thuis"},
		{"afbouw", "afbouw-zonder-woningen"},
		{"hist", ""}, // a prefix of two names: no guess
		{"zzzzzzzz", ""},
		{"", ""},
	} {
		if got := suggest(tc.in, shipped); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"kitten", "sitting", 3},
		{"seed", "seeed", 1}, {"runs", "runz", 1}, {"flaw", "lawn", 2},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
