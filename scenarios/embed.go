// Package scenarios embeds the shipped scenarios, region sets and targets,
// so that "thuis run" works from any directory without the repository.
package scenarios

import "embed"

// FS holds *.yaml (scenarios and targets.yaml), the posterior samples
// (*.csv) of calibrated scenarios, regions/*.yaml, observed/*.yaml and
// costs/costs.yaml (unit costs, model/costs).
//
//go:embed *.yaml *.csv regions/*.yaml observed/*.yaml costs/*.yaml
var FS embed.FS
