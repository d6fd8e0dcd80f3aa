package output

import "fmt"

// Seed formats a 64-bit seed for a CSV column: "0x", 8 hex digits, "_",
// 8 hex digits. A seed above 2^53 written in decimal is read by R, and
// by pandas when a column mixes types, as a double, which rounds it; this
// form is read as text by R's read.csv (the '_' stops its hexadecimal
// conversion), readr and pandas, so it stays exact, and it parses as it
// is in Go (strconv.ParseUint(s, 0, 64)), Python (int(s, 16)) and thuis
// run --seed.
func Seed(seed uint64) string { return fmt.Sprintf("0x%08x_%08x", seed>>32, seed&0xffffffff) }

// SeedPattern is the regular expression of [Seed]'s form, which a whole
// value matches (as in a Frictionless pattern constraint).
const SeedPattern = `0x[0-9a-f]{8}_[0-9a-f]{8}`
