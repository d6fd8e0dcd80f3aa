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
