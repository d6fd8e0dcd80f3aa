// Package scenarios embeds the shipped scenarios, region sets and targets,
// so that "thuis run" works from any directory without the repository.
package scenarios

import "embed"

// FS holds *.yaml (scenarios and targets.yaml) and regions/*.yaml.
//
//go:embed *.yaml regions/*.yaml observed/*.yaml
var FS embed.FS
