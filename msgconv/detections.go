package msgconv

import (
	"fmt"

	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
)

// ValidateDetections checks a detector output: at least one class name,
// one logit per class for every object, and finite logits.
func ValidateDetections(m *ebm_av.DetectedObjects) error {
	if len(m.Objects) > 0 && len(m.ClassNames) == 0 {
		return fmt.Errorf("detected objects: class_names is empty but %d objects carry logits", len(m.Objects))
	}
	for i, o := range m.Objects {
		if len(o.Logits) != len(m.ClassNames) {
			return fmt.Errorf("detected objects: objects[%d] (id %q) has %d logits but class_names has %d entries", i, o.ID, len(o.Logits), len(m.ClassNames))
		}
		for j, v := range o.Logits {
			if !finite(v) {
				return fmt.Errorf("detected objects: objects[%d] (id %q) logit %d (class %q) is %g, expected a finite number", i, o.ID, j, m.ClassNames[j], v)
			}
		}
	}
	return nil
}
