package testmsgs_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/internal/shareddata"
)

// TestTruncatedBagMessagesFail cuts the first message of every topic at each
// length shorter than its encoding and expects an error, not a panic.
func TestTruncatedBagMessagesFail(t *testing.T) {
	for _, rel := range append([]string{rosbagsRSBag}, rosbag2Bags...) {
		path := shareddata.Path(t, rel)
		for _, bm := range readBag(t, path) {
			if bm.Index > 0 || isServiceSchema(bm.SchemaName) {
				continue
			}
			m, ok := newMessage(bm.SchemaName)
			require.True(t, ok, bm.SchemaName)
			require.NoError(t, cdr.Unmarshal(bm.Data, m))
			encoded, err := cdr.Marshal(m)
			require.NoError(t, err)
			for n := range len(encoded) {
				fresh, _ := newMessage(bm.SchemaName)
				assert.Error(t, cdr.Unmarshal(bm.Data[:n], fresh), "%s on %s cut to %d of %d bytes", bm.SchemaName, bm.Topic, n, len(encoded))
			}
		}
	}
}
