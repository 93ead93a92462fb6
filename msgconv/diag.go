package msgconv

import (
	"github.com/ebm-av/ebm_av/msgs/go/diagnostic_msgs"
	"github.com/ebm-av/ebm_av/node/diag"
)

// DiagnosticArray converts statuses to the message published on /diagnostics.
func DiagnosticArray(ns int64, statuses ...diag.Status) diagnostic_msgs.DiagnosticArray {
	out := diagnostic_msgs.DiagnosticArray{Header: Header(ns, ""), Status: make([]diagnostic_msgs.DiagnosticStatus, len(statuses))}
	for i, s := range statuses {
		st := diagnostic_msgs.DiagnosticStatus{Level: byte(s.Level), Name: s.Name, Message: s.Message, HardwareID: s.HardwareID}
		for _, kv := range s.Values {
			st.Values = append(st.Values, diagnostic_msgs.KeyValue{Key: kv.Key, Value: kv.Value})
		}
		out.Status[i] = st
	}
	return out
}
