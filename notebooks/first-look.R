# First look at thuis's output in R, with readr and ggplot2: what
# 01-read-a-run-and-a-sweep.ipynb does in Python.
#
#   Rscript notebooks/first-look.R [FIGURE_DIR]
#
# It runs the small test scenario (model/sweep/testdata/small.yaml: the plan
# at 1/20 scale in three regions, from 2021) once and as a 40-run sweep, in a
# temporary directory, reads the outputs with the types the data dictionary
# gives, and draws a fan chart into FIGURE_DIR (default: the temporary
# directory). Set THUIS_BIN to a thuis binary; otherwise it builds one with
# `go build`. Debian: r-base-core r-cran-readr r-cran-ggplot2 (and
# r-cran-jsonlite to read datapackage.json). Seeded: same numbers every time.

suppressPackageStartupMessages({
  library(readr)
  library(ggplot2)
})

# The checkout: the first directory above this script (or the working
# directory) whose go.mod is thuis's.
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
start <- if (length(script)) dirname(normalizePath(script)) else getwd()
root <- start
while (!file.exists(file.path(root, "go.mod")) ||
       !any(grepl("module github.com/thuis-nl/thuis", readLines(file.path(root, "go.mod"))))) {
  if (dirname(root) == root) stop("no thuis checkout above ", start)
  root <- dirname(root)
}

work <- tempfile("thuis-r-")
dir.create(work)
args <- commandArgs(TRUE)
figures <- if (length(args)) args[[1]] else work
dir.create(figures, showWarnings = FALSE, recursive = TRUE)

thuis_bin <- Sys.getenv("THUIS_BIN")
if (thuis_bin == "") {
  thuis_bin <- file.path(work, "thuis")
  old <- setwd(root)
  status <- system2("go", c("build", "-o", thuis_bin, "./cmd/thuis"))
  setwd(old)
  if (status != 0) stop("go build failed")
}
thuis <- function(...) {
  out <- suppressWarnings(system2(thuis_bin, c(...), stdout = TRUE, stderr = FALSE))
  status <- attr(out, "status")
  if (!is.null(status) && status != 0) stop("thuis ", paste(c(...), collapse = " "), " failed")
  invisible(out)
}

invisible(file.copy(file.path(root, "model/sweep/testdata/small.yaml"), work))
dir.create(file.path(work, "regions"))
invisible(file.copy(file.path(root, "model/sweep/testdata/regions/three.yaml"), file.path(work, "regions")))
small <- file.path(work, "small.yaml")

# One run and a sweep.
thuis("run", small, "--seed", "1", "--out", file.path(work, "run"))
thuis("sweep", small, "--runs", "40", "--seed", "1", "--out", file.path(work, "sweep"))

# The data dictionary: each column's type, unit and meaning. With jsonlite
# it also gives readr the column types (seeds as text, so they stay exact).
col_types_for <- function(dir, path) {
  if (!requireNamespace("jsonlite", quietly = TRUE)) {
    return(if (path == "runs.csv") cols(seed = col_character()) else cols())
  }
  dp <- jsonlite::fromJSON(file.path(dir, "datapackage.json"), simplifyVector = FALSE)
  res <- Filter(function(r) r$path == path, dp$resources)[[1]]
  spec <- lapply(res$schema$fields, function(f) switch(f$type,
    string = col_character(), integer = col_double(), number = col_double(),
    boolean = col_logical(), date = col_date(), col_guess()))
  names(spec) <- vapply(res$schema$fields, function(f) f$name, "")
  do.call(cols, spec)
}
if (requireNamespace("jsonlite", quietly = TRUE)) {
  dp <- jsonlite::fromJSON(file.path(work, "sweep", "datapackage.json"))
  cat("sweep files:", paste(dp$resources$path, collapse = ", "), "\n")
  fan_fields <- dp$resources$schema$fields[[which(dp$resources$path == "fan.csv")]]
  print(as.data.frame(fan_fields[, c("name", "type", "unit")]))
}

# A run's series: tidy, one row per month, region, metric and profile.
ts <- read_csv(file.path(work, "run", "timeseries.csv"),
               col_types = col_types_for(file.path(work, "run"), "timeseries.csv"))
one <- aggregate(value ~ date, data = subset(ts, metric == "cbs_count" & region == "NL"), FUN = sum)
cat("\nrun, seed 1: CBS-comparable count on", format(max(one$date)), "=", one$value[nrow(one)], "\n")

# The sweep: probabilities per target, one row per run, quantiles per month.
targets <- read_csv(file.path(work, "sweep", "targets.csv"),
                    col_types = col_types_for(file.path(work, "sweep"), "targets.csv"))
print(format(as.data.frame(targets[, c("id", "year", "probability", "ci95_low", "ci95_high", "value_p50", "unit")]), digits = 3))

runs <- read_csv(file.path(work, "sweep", "runs.csv"),
                 col_types = col_types_for(file.path(work, "sweep"), "runs.csv"))
cat("\nruns.csv:", nrow(runs), "runs,", ncol(runs), "columns; seeds kept as text:",
    paste(head(runs$seed, 2), collapse = ", "), "\n")
cat("names R keeps as they are:", all(make.names(names(runs)) == names(runs)), "\n")

fan <- read_csv(file.path(work, "sweep", "fan.csv"),
                col_types = col_types_for(file.path(work, "sweep"), "fan.csv"))
f <- subset(fan, metric == "cbs_count" & region == "NL")

p <- ggplot(f, aes(x = date)) +
  geom_ribbon(aes(ymin = p5, ymax = p95, fill = "90% of runs")) +
  geom_ribbon(aes(ymin = p25, ymax = p75, fill = "50% of runs")) +
  geom_line(aes(y = p50, colour = "median")) +
  geom_line(data = one, aes(y = value, colour = "run with seed 1"), linetype = "dashed") +
  geom_vline(xintercept = as.Date(c("2025-01-01", "2030-01-01")), colour = "grey50") +
  scale_fill_manual(NULL, values = c("90% of runs" = "#c6dbef", "50% of runs" = "#6baed6")) +
  scale_colour_manual(NULL, values = c("median" = "#08519c", "run with seed 1" = "black")) +
  labs(title = "small: CBS-comparable count, 40 runs", x = NULL, y = unique(f$unit)) +
  theme_minimal(base_size = 11)
out <- file.path(figures, "first-look-fan.png")
ggsave(out, p, width = 7, height = 3.5, dpi = 80)
cat("fan chart:", if (length(args)) out else "first-look-fan.png in a temporary directory", "\n")
