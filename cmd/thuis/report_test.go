package main

import (
	"runtime/debug"
	"testing"
	"time"

	"github.com/thuis-nl/thuis/model/output"
)

// TestReportDate: a report is dated today, or by SOURCE_DATE_EPOCH so
// that the reference reports are the same file every day.
func TestReportDate(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 22, 13, 5, 0, 0, time.FixedZone("CET", 3600)) }
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "SOURCE_DATE_EPOCH" {
				return v
			}
			return ""
		}
	}
	for _, c := range []struct {
		epoch, want, err string
	}{
		{"", "2026-11-22T12:05:00Z", ""},
		{"1795305600", "2026-11-22T00:00:00Z", ""},
		{"yesterday", "", `SOURCE_DATE_EPOCH "yesterday": want seconds since 1970-01-01`},
	} {
		got, err := reportDate(env(c.epoch), now)
		switch {
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("SOURCE_DATE_EPOCH=%q: error %v, want %s", c.epoch, err, c.err)
		case c.err == "" && (err != nil || got.Format(time.RFC3339) != c.want):
			t.Errorf("SOURCE_DATE_EPOCH=%q: %v, %v; want %s", c.epoch, got, err, c.want)
		}
	}
}

// TestToolVersion: the commit, when the toolchain recorded one.
func TestToolVersion(t *testing.T) {
	build := func(settings ...debug.BuildSetting) *debug.BuildInfo { return &debug.BuildInfo{Settings: settings} }
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "a34108d3be685af1cd7d3f7da3e385703e357364"}
	for _, c := range []struct {
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{nil, false, output.Version},
		{build(), true, output.Version},
		{build(rev), true, output.Version + " (commit a34108d3be68)"},
		{build(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), true, output.Version + " (commit a34108d3be68, with local changes)"},
	} {
		if got := toolVersion(c.info, c.ok); got != c.want {
			t.Errorf("%v: %q, want %q", c.info, got, c.want)
		}
	}
}
