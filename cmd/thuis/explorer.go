package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/thuis-nl/thuis/model/explorer"
	"github.com/thuis-nl/thuis/model/output"
)

type explorerOptions struct {
	Out    string
	Lang   string
	Source string // root of the thuis source to build the engine from; "" searches from the working directory
	Runs   int
}

// explorerEnv is what thuis explorer takes from the world.
type explorerEnv struct {
	Getwd   func() (string, error)
	Environ func() []string
	// Build builds the engine; tests replace it.
	Build func(ctx context.Context, t explorer.Toolchain) (*explorer.Engine, error)
}

func newExplorerCmd(stdout io.Writer, env explorerEnv) *cobra.Command {
	opts := explorerOptions{}
	cmd := &cobra.Command{
		Use:   "explorer",
		Short: "Write the scenario explorer: one HTML file that runs the model in the browser, offline",
		Long: `Write the scenario explorer: one self-contained HTML file with sliders for
the levers and key assumptions of ` + explorer.DefaultBase + `, which runs the model
itself in the browser (WebAssembly) beside the unchanged scenario, and
offers the changed scenario as a file for thuis validate and thuis run.
It opens from disk, offline, with nothing to install.

The page's engine is built with the Go toolchain from the thuis source,
so run it in a clone (go run ./cmd/thuis explorer) or give --source.`,
		Example: `  # in a clone of thuis (go run ./cmd/thuis explorer ... does the same)
  thuis explorer --lang nl --out verkenner.html
  # elsewhere: say where a clone is
  thuis explorer --source ~/src/thuis --out explorer.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplorer(cmd.Context(), stdout, opts, env)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "explorer.html", "the HTML file to write")
	cmd.Flags().StringVar(&opts.Lang, "lang", langDefault(os.Getenv), "language of the page: en or nl (default: $THUIS_LANG, else en)")
	cmd.Flags().StringVar(&opts.Source, "source", "", "the thuis source to build the engine from (default: the clone around the working directory)")
	cmd.Flags().IntVar(&opts.Runs, "runs", 20, "runs (seeds 1 to N) the page makes of each scenario")
	return cmd
}

func runExplorer(ctx context.Context, stdout io.Writer, opts explorerOptions, env explorerEnv) error {
	if err := checkLang(opts.Lang); err != nil {
		return err
	}
	if opts.Runs < 1 || opts.Runs > 200 {
		return fmt.Errorf("--runs %d: use 1 to 200", opts.Runs)
	}
	dir := opts.Source
	if dir == "" {
		wd, err := env.Getwd()
		if err != nil {
			return err
		}
		dir = wd
	}
	root, err := explorer.FindModule(dir)
	if err != nil {
		return err // hint says what to do
	}
	targets, err := loadTargets("")
	if err != nil {
		return err
	}
	session, err := explorer.NewSession(loader(), "", targets)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "building the engine (GOOS=js GOARCH=wasm) from %s\n", root)
	engine, err := env.Build(ctx, explorer.Toolchain{Env: env.Environ(), Dir: root})
	if err != nil {
		return err
	}
	page := explorer.Page{Session: session, Engine: engine, Lang: opts.Lang, Version: output.Version, Runs: opts.Runs}
	if err := output.WriteFile(opts.Out, page.Write); err != nil {
		return err
	}
	info, err := os.Stat(opts.Out)
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(opts.Out)
	fmt.Fprintf(stdout, "wrote %s (%.1f MB; engine %.1f MB before compression); open it in a browser: file://%s\n",
		opts.Out, float64(info.Size())/1e6, float64(len(engine.Wasm))/1e6, filepath.ToSlash(abs))
	return nil
}

// buildEngine is explorerEnv.Build outside tests.
func buildEngine(ctx context.Context, t explorer.Toolchain) (*explorer.Engine, error) {
	return t.Build(ctx)
}
