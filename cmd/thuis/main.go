// Command thuis runs the simulation model of the Dutch transition from
// shelter to housing. It is a thin layer over the packages in model/; see
// README.md for the quick start.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/i18n"
	"github.com/thuis-nl/thuis/model/output"
	"github.com/thuis-nl/thuis/model/scenario"
	"github.com/thuis-nl/thuis/model/target"
	"github.com/thuis-nl/thuis/scenarios"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run executes the CLI with args and returns the exit code; tests call it
// with their own writers.
func run(args []string, stdout, stderr io.Writer) int {
	// Ctrl-C, and SIGTERM from Slurm pre-emption or a Kubernetes pod
	// shutdown: stop cleanly, keeping a sweep's finished runs.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runContext(ctx, args, stdout, stderr)
}

// runContext is run with the context given: tests bound a command with a
// deadline.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr, append([]string{"thuis"}, args...))
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		err = tidyCommandError(err)
		fmt.Fprintf(stderr, "thuis: %v\n", err)
		var list scenario.ErrorList
		if errors.As(err, &list) && len(list) > 1 {
			fmt.Fprintf(stderr, "thuis: %d problems\n", len(list))
		}
		hint(stderr, err)
		return 1
	}
	return 0
}

// newRootCmd builds the command tree; command is the command line as the
// user gave it, recorded with results.
func newRootCmd(stdout, stderr io.Writer, command []string) *cobra.Command {
	root := &cobra.Command{
		Use:   "thuis",
		Short: "Simulate the Dutch transition from shelter to housing (Eerst een Thuis)",
		Long: `thuis is a discrete-event simulation of homelessness in the Netherlands:
people move between the ETHOS Light categories, shelter and housing under a
scenario's housing supply, prevention and afbouw of shelter, and a scorecard
says which targets of the Nationaal Actieplan Dakloosheid are reached.`,
		Version:       output.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(unknownFlag)
	root.AddCommand(newRunCmd(stdout, command), newSweepCmd(stdout, stderr, command), newMergeCmd(stdout, command),
		newCompareCmd(stdout, stderr, command), newCostsCmd(stdout, stderr, command), newReportCmd(stdout, os.Getenv), newCalibrateCmd(stdout, stderr, command),
		newValidateCmd(stdout), newDiffCmd(stdout), newSensitivityCmd(stdout, stderr, nil), newDiscoverCmd(stdout, nil), newRequireCmd(stdout, stderr, nil), newReviewCmd(stdout, stderr, command, nil), newScenariosCmd(stdout), newAssumptionsCmd(stdout), newTargetsCmd(stdout),
		newExplorerCmd(stdout, explorerEnv{Getwd: os.Getwd, Environ: os.Environ, Build: buildEngine}))
	checkArgs(root)
	for _, c := range root.Commands() {
		if c.ValidArgsFunction == nil && takesScenario(c) {
			c.ValidArgsFunction = completeScenarios
		}
	}
	return root
}

// loader finds scenarios on disk and among the shipped ones.
func loader() scenario.Loader {
	return scenario.Loader{Shipped: scenarios.FS, ShippedPrefix: "scenarios/"}
}

// loadTargets reads a targets file, or the shipped one if path is "".
func loadTargets(path string) ([]target.Target, error) {
	if path != "" {
		return target.Load(path)
	}
	data, err := scenarios.FS.ReadFile("targets.yaml")
	if err != nil {
		return nil, err
	}
	return target.Parse("scenarios/targets.yaml", data)
}

// langDefault is every command's --lang default: $THUIS_LANG if set, so a
// Dutch user sets it once, else English.
func langDefault(getenv func(string) string) string {
	if l := getenv("THUIS_LANG"); l != "" {
		return l
	}
	return "en"
}

// checkLang refuses a language the catalog does not have.
func checkLang(lang string) error {
	if !i18n.Supported(lang) {
		return fmt.Errorf("--lang %q (or THUIS_LANG): use en or nl", lang)
	}
	return nil
}
