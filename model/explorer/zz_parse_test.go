package explorer

import (
	"context"
	"testing"

	"github.com/thuis-nl/thuis/model/sim"
	"github.com/thuis-nl/thuis/model/target"
)

func TestZZProf(t *testing.T) {
	s := testSession(t)
	y, _ := s.Variant(Settings{"clustered": 4000})
	sc, _ := s.loader.Parse(s.VariantFile(), y)
	res, _ := sim.Run(context.Background(), sc, 1)
	for i := 0; i < 20; i++ {
		target.Evaluate(res, s.targets)
		s.loader.Parse(s.VariantFile(), y)
	}
}
