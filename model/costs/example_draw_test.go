package costs_test

import (
	"fmt"

	"github.com/thuis-nl/thuis/model/costs"
)

// Run 3 of every scenario draws the same unit costs from their ranges.
func ExampleUnitCosts_Draw() {
	uc, err := costs.Shipped()
	if err != nil {
		fmt.Println(err)
		return
	}
	a, b := uc.Draw(1, 3), uc.Draw(1, 3)
	soc := a.Get(costs.SectionSocietal, "homeless")
	fmt.Printf("%d unit costs drawn; societal cost of a person-year homeless %.0f euros (range %.0f to %.0f), the same for both: %v\n",
		len(uc.Varied()), soc.Value, soc.Range[0], soc.Range[1], soc.Value == b.Get(costs.SectionSocietal, "homeless").Value)
	// Output:
	// 15 unit costs drawn; societal cost of a person-year homeless 17651 euros (range 15000 to 100000), the same for both: true
}
