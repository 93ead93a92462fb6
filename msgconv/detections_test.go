package msgconv

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
)

func TestValidateDetections(t *testing.T) {
	good := ebm_av.DetectedObjects{ClassNames: []string{"Car", "Cyclist"},
		Objects: []ebm_av.DetectedObject{{ID: "0", Logits: []float64{2, -1}}}}
	assert.NoError(t, ValidateDetections(&good))
	assert.NoError(t, ValidateDetections(&ebm_av.DetectedObjects{}), "a frame without objects")

	short := good
	short.Objects = []ebm_av.DetectedObject{{ID: "7", Logits: []float64{2}}}
	assert.EqualError(t, ValidateDetections(&short), `detected objects: objects[0] (id "7") has 1 logits but class_names has 2 entries`)

	nan := good
	nan.Objects = []ebm_av.DetectedObject{{ID: "3", Logits: []float64{2, math.NaN()}}}
	assert.ErrorContains(t, ValidateDetections(&nan), `logit 1 (class "Cyclist") is NaN`)

	noClasses := good
	noClasses.ClassNames = nil
	assert.ErrorContains(t, ValidateDetections(&noClasses), "class_names is empty")
}
