package main

import (
	"io"
	"strings"
	"testing"
)

// TestEveryCommandHasExamples: each command's help shows how to use it
// (issue 11, "help with examples"), and every example is a command line
// thuis accepts: a known command, known flags, the number of arguments it
// takes. So the examples cannot drift from the flags.
func TestEveryCommandHasExamples(t *testing.T) {
	for _, c := range newRootCmd(io.Discard, io.Discard, nil).Commands() {
		name := c.Name()
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("thuis %s: no examples in its help (cobra.Command.Example)", name)
			continue
		}
		for _, line := range strings.Split(c.Example, "\n") {
			line, _, _ = strings.Cut(line, "#") // a comment
			for _, part := range strings.Split(line, "&&") {
				part, _, _ = strings.Cut(part, ">") // a redirection
				args := strings.Fields(part)
				if len(args) == 0 {
					continue
				}
				if args[0] != "thuis" {
					t.Errorf("thuis %s: example %q does not start with thuis", name, strings.TrimSpace(part))
					continue
				}
				// A fresh tree for each: parsing sets flags.
				root := newRootCmd(io.Discard, io.Discard, nil)
				cmd, rest, err := root.Find(args[1:])
				if err == nil {
					err = cmd.ParseFlags(rest)
				}
				if err == nil {
					err = cmd.ValidateArgs(cmd.Flags().Args())
				}
				if err != nil {
					t.Errorf("thuis %s: example %q: %v", name, strings.TrimSpace(part), err)
				}
			}
		}
	}
}
