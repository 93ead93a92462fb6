package drift

import (
	"testing"

	"github.com/ebm-av/ebm_av/fusion"
	"github.com/ebm-av/ebm_av/fusion/internal/kittiscene"
)

// BenchmarkFrameAssess measures one drift assessment of frame 000001 with
// DefaultConfig: 31 energy evaluations and 200 bootstrap reweightings.
func BenchmarkFrameAssess(b *testing.B) {
	f := kittiscene.Load(b, "000001")
	ev, err := fusion.NewEvaluator(f.Scene, monitorTerms()...)
	if err != nil {
		b.Fatal(err)
	}
	a, err := NewAssessor(ev, DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Assess(f.Extrinsic); err != nil {
			b.Fatal(err)
		}
	}
}
