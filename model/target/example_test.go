package target_test

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/target"
)

func ExampleFormat() {
	fmt.Println(target.Format(32000, "people", "en"), target.Format(32000, "people", "nl"))
	fmt.Println(target.Format(0.5, "share", "en"), target.Format(0.125, "share", "nl"))
	// Output:
	// 32,000 32.000
	// 50.0% 12,5%
}
