package eval

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node/diag"
)

// writeFusionBag writes one FusionDiagnostics under the given definition.
func writeFusionBag(t *testing.T, dir, definition string) {
	t.Helper()
	w, err := bag.Create(dir, bag.WriterOptions{})
	require.NoError(t, err)
	msg := assessedFrame(1_000_000_000, diag.OK, diag.OK, 0.5)
	topic := DefaultFusionTopics.Diagnostics
	require.NoError(t, w.AddTopic(bag.Topic{Name: topic, Type: msg.ROSTypeName(), Definition: definition}))
	data, err := cdr.Marshal(&msg)
	require.NoError(t, err)
	require.NoError(t, w.Write(topic, 1_000_000_000, data))
	require.NoError(t, w.Close())
}

func TestReadFusionDiagnosticsDefinition(t *testing.T) {
	current := (&ebm_av.FusionDiagnostics{}).ROSDefinition()
	path := filepath.Join(t.TempDir(), "current")
	writeFusionBag(t, path, current)
	msgs, err := ReadFusionDiagnostics(path, DefaultFusionTopics)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, 0.5, msgs[0].DriftScore)

	// Comments do not matter, so a definition with different comments,
	// as another writer may store it, is read.
	path = filepath.Join(t.TempDir(), "commented")
	writeFusionBag(t, path, "# recorded elsewhere\n"+strings.Replace(current, "bool deskewed", "bool deskewed # comment", 1))
	_, err = ReadFusionDiagnostics(path, DefaultFusionTopics)
	require.NoError(t, err)

	// A definition without the de-skewing fields, as an older ebm_av
	// recorded it, is rejected before its bytes are misread.
	older := strings.Replace(current, "bool deskewed", "", 1)
	path = filepath.Join(t.TempDir(), "older")
	writeFusionBag(t, path, older)
	_, err = ReadFusionDiagnostics(path, DefaultFusionTopics)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "recorded with another definition of ebm_av/msg/FusionDiagnostics")
	assert.Contains(t, err.Error(), "run ebm replay on the input bag again")
}

func TestMessageFieldsIgnoresCommentsAndDependencies(t *testing.T) {
	a := "# header comment\nuint8 OK=0\nfloat64  score   # the score\n\n================\nMSG: std_msgs/Header\nint32 x\n"
	b := "uint8 OK=0\nfloat64 score\n"
	assert.Equal(t, messageFields(b), messageFields(a))
	assert.NotEqual(t, messageFields(b), messageFields("uint8 OK=0\nfloat32 score\n"))
}
