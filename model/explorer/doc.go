// Package explorer makes the scenario explorer: one HTML file in which a
// policymaker moves the levers of the plan (eerst-een-thuis) and sees the
// scorecard and the main series change beside the unchanged plan, with the
// model itself running in the browser, offline.
//
// # What is in the page
//
// [Page] writes one self-contained file: the engine (model/sim, the
// scenario loader and the targets, with the shipped scenarios embedded;
// the package model/explorer/wasm) compiled to WebAssembly, gzipped and
// inlined in base64; Go's wasm_exec.js; the [Control]s and the targets as
// JSON; and the page's own script, which draws the charts itself. Nothing
// is fetched: the page opens from disk (file://) with no server.
// [Toolchain.Build] builds the engine with the local Go toolchain from the
// module's source (see build.go for why it is not committed).
//
// # Controls, variants and runs
//
// [Controls] reads the levers and key assumptions from the unchanged
// scenario, with their values there. The settings a user makes become a
// [Variant]: a scenario file that extends the unchanged scenario and sets
// only what was moved, which the page runs, offers as "Download as
// scenario", and thuis validate and thuis run accept. [Session.Run] runs a
// variant once with a seed; the page runs seeds 1, 2, ... of the variant
// and of the unchanged scenario and shows the first run's scorecard (what
// thuis run FILE --seed 1 prints) and the range of all runs so far.
//
// # Speed: a change continues the unchanged run
//
// The plan rests on a calibrated history (from 2006, with the warm-up)
// and its levers act from 2023 ([PolicyStart]), so a changed scenario's
// run would simulate two thirds of its months as the unchanged one did.
// Instead [Session.Run] keeps, of the unchanged scenario's run with seed 1
// ([CheckpointSeeds]), the engine's whole state on [CheckpointDate]
// (1 November 2022), and a changed scenario's run with that seed goes on
// from a copy of it ([sim.Checkpoint]). The engine decides from the two
// compiled scenarios whether the continuation is exact, and otherwise the
// run starts from the beginning. Every control continues: the levers and
// the key assumptions act from 2023 (the plan's empty programmes of
// dwellings and rooms draw nothing before they start), and the CBS short
// stay, a definition that holds from the start, is consulted only by the
// count, which the engine recounts for the months before the checkpoint.
// The result is the same either way; [Run.Continued] says which way it
// came, and a test (TestSessionContinues) compares the two for every
// control and for random combinations.
//
// The engine lives in one Web Worker for the page's life, with the
// checkpoint. A run nobody wants any more, after a change, is canceled:
// the run gives the thread to the worker's event loop every 100 ms, where
// a cancel message arrives. The page shows the first result as soon as it
// comes, and computes the digest of the output after.
//
// In headless Chromium on the project's 2-core machine (TestBrowser, five
// times, load 1.0 to 1.7), the first result came 0.84 to 0.87 s after a
// lever was moved, 0.96 to 1.00 s after a key assumption, 0.65 to 0.78 s
// after the CBS short stay, by the page's clock: in the engine, reading
// the variant 25 to 61 ms, continuing the run 0.56 to 0.87 s, scoring 12
// to 35 ms; the rest is messages and drawing. A whole run, which every
// change took before checkpoints, gave 2.8 to 3.0 s. Opening the page to
// the first result took 6.9 to 7.4 s. The page's engine held 227 to
// 232 MB at the first result and 390 MB after eight runs of each
// scenario; since it reuses the records of people who have left, 136 MB
// at the first result. README.md, "Speed" of the explorer, has the
// figures under load.
//
// # The same results as the native engine
//
// The engine in the page is the same Go code as thuis's, compiled for
// another machine, and gives byte-identical results: [Run.Digest] hashes a
// run's full output (timeseries.csv, flows.csv and stays.csv as thuis run
// writes them), and the browser test (TestBrowser) compares the page's
// scorecard and digest with the native engine's for the same variant and
// seed. On amd64 Go's math package uses assembly for Exp (and Log, Floor
// and a few others), where wasm uses the pure-Go code: Log agreed on 2
// million random inputs, Exp differed by an ulp on about 16% of them (and
// amd64's own Exp takes another path on CPUs with FMA). The engine reaches
// Exp only in math/rand/v2's ziggurat tests for normal and exponential
// draws, which compare in float32, and in distributions the shipped
// scenarios do not use (lognormal, gamma with shape below 1), so no
// difference has reached a result; model/sim is unchanged. A scenario that
// uses those distributions may differ in the last digits, which the digest
// would show.
package explorer
