//go:build cyclonedds

package dds

/*
#include "rawtype.h"

enum { ebm_batch = 64 };

static dds_return_t ebm_take_publications(dds_entity_t rd, void **samples, dds_sample_info_t *si)
{
  samples[0] = NULL;
  return dds_take(rd, samples, si, ebm_batch, ebm_batch);
}

static void ebm_return_publications(dds_entity_t rd, void **samples, int32_t n)
{
  dds_return_loan(rd, samples, n);
}

// ebm_publication_at returns the topic and type name and the reliability
// and durability of discovered writer i, or 0 for a sample without data.
static int ebm_publication_at(void **samples, const dds_sample_info_t *si, int i, char **topic, char **type_name, int *reliable, int *transient_local)
{
  if (!si[i].valid_data)
    return 0;
  const dds_builtintopic_endpoint_t *ep = samples[i];
  *topic = ep->topic_name;
  *type_name = ep->type_name;
  dds_reliability_kind_t rk = DDS_RELIABILITY_BEST_EFFORT;
  dds_duration_t blocking;
  dds_durability_kind_t dk = DDS_DURABILITY_VOLATILE;
  if (ep->qos != NULL) {
    dds_qget_reliability(ep->qos, &rk, &blocking);
    dds_qget_durability(ep->qos, &dk);
  }
  *reliable = rk == DDS_RELIABILITY_RELIABLE;
  *transient_local = dk == DDS_DURABILITY_TRANSIENT_LOCAL;
  return 1;
}
*/
import "C"

import (
	"sort"
	"sync"
	"time"
	"unsafe"

	"github.com/ebm-av/ebm_av/node"
)

// Attach arguments of the waitset entries that are not readers.
const (
	attachGuard        = 0
	attachPublications = 1
)

// subscription is one Transport.Subscribe call and the readers serving it:
// the reader of its own type and one per other type seen on the topic.
type subscription struct {
	topic, ddsTopic, typeName string
	qos                       node.QoS
	handler                   node.Handler
	readers                   map[string]*reader // by DDS type name
}

// reader is one DDS reader of a subscription.
type reader struct {
	sub     *subscription
	entity  C.dds_entity_t
	rosType string
	guid    GUID
}

// receiver waits on all readers of a Transport and delivers their samples
// from one goroutine.
type receiver struct {
	t     *Transport
	ws    C.dds_entity_t
	guard C.dds_entity_t
	pubs  C.dds_entity_t
	done  chan struct{}

	mu       sync.Mutex
	stopping bool
	nextID   C.dds_attach_t
	readers  map[C.dds_attach_t]*reader
	subs     map[*subscription]bool
	seen     map[Publication]bool
	seenList []Publication
}

func newReceiver(t *Transport) (*receiver, error) {
	r := &receiver{t: t, done: make(chan struct{}), nextID: 2, readers: map[C.dds_attach_t]*reader{},
		subs: map[*subscription]bool{}, seen: map[Publication]bool{}}
	if r.ws = C.dds_create_waitset(t.pp); r.ws < 0 {
		return nil, ddsError("create waitset", C.dds_return_t(r.ws))
	}
	if r.guard = C.dds_create_guardcondition(t.pp); r.guard < 0 {
		return nil, ddsError("create guard condition", C.dds_return_t(r.guard))
	}
	if rc := C.dds_waitset_attach(r.ws, r.guard, attachGuard); rc < 0 {
		return nil, ddsError("attach guard condition", rc)
	}
	if r.pubs = C.dds_create_reader(t.pp, C.DDS_BUILTIN_TOPIC_DCPSPUBLICATION, nil, nil); r.pubs < 0 {
		return nil, ddsError("create DCPSPublication reader", C.dds_return_t(r.pubs))
	}
	if err := r.attach(r.pubs, attachPublications); err != nil {
		return nil, err
	}
	go r.run()
	return r, nil
}

// attach makes data on reader rd wake the waitset with argument id.
func (r *receiver) attach(rd C.dds_entity_t, id C.dds_attach_t) error {
	cond := C.dds_create_readcondition(rd, C.DDS_ANY_STATE)
	if cond < 0 {
		return ddsError("create read condition", C.dds_return_t(cond))
	}
	if rc := C.dds_waitset_attach(r.ws, cond, id); rc < 0 {
		return ddsError("attach read condition", rc)
	}
	return nil
}

func (r *receiver) stop() {
	r.mu.Lock()
	r.stopping = true
	r.mu.Unlock()
	C.dds_set_guardcondition(r.guard, true)
	<-r.done
}

func (r *receiver) add(s *subscription, typeName string, qos node.QoS) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	s.readers = map[string]*reader{}
	ddsType, _ := TypeName(typeName)
	if err := r.addReaderLocked(s, ddsType, typeName, qos); err != nil {
		return err
	}
	r.subs[s] = true
	// Writers of other types discovered before this subscription.
	for _, p := range r.seenList {
		r.matchForeignLocked(s, p)
	}
	return nil
}

func (r *receiver) addReaderLocked(s *subscription, ddsType, rosType string, qos node.QoS) error {
	tp, err := r.t.topic(s.ddsTopic, ddsType)
	if err != nil {
		return err
	}
	rd, err := createEndpoint(r.t.pp, tp, false, qos)
	if err != nil {
		return err
	}
	id := r.nextID
	r.nextID++
	if err := r.attach(rd, id); err != nil {
		deleteEntity(rd)
		return err
	}
	guid, _ := entityGUID(rd)
	rdr := &reader{sub: s, entity: rd, rosType: rosType, guid: guid}
	r.readers[id] = rdr
	s.readers[ddsType] = rdr
	if err := r.t.graph.add(rd, false); err != nil {
		r.t.log.Warn("ros_discovery_info not updated; ROS 2 tools may not list this subscription", "topic", s.topic, "err", err)
	}
	return nil
}

func (r *receiver) remove(s *subscription) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.subs[s] {
		return
	}
	delete(r.subs, s)
	for id, rdr := range r.readers {
		if rdr.sub == s {
			delete(r.readers, id)
			deleteEntity(rdr.entity)
			r.t.graph.remove(rdr.guid)
		}
	}
}

// Publications returns the writers discovered so far, local ones included,
// on ROS 2 topics. NOTE: writers that have left stay listed, because
// takePublications skips the samples that report their removal.
func (t *Transport) Publications() []Publication {
	t.recv.mu.Lock()
	defer t.recv.mu.Unlock()
	return append([]Publication(nil), t.recv.seenList...)
}

// matchForeignLocked adds a reader for publication p to s when p is on the
// topic of s with another type.
func (r *receiver) matchForeignLocked(s *subscription, p Publication) {
	if p.Topic != s.topic || p.Type == s.typeName {
		return
	}
	ddsType, err := TypeName(p.Type)
	if err != nil || s.readers[ddsType] != nil {
		return
	}
	qos := p.QoS
	qos.Depth = s.qos.Depth
	if err := r.addReaderLocked(s, ddsType, p.Type, qos); err != nil {
		r.t.log.Warn("cannot read writer of another type on a subscribed topic", "topic", s.topic,
			"type", p.Type, "expected", s.typeName, "err", err)
		return
	}
	r.t.log.Warn("writer of another type on a subscribed topic; its messages are rejected", "topic", s.topic,
		"type", p.Type, "expected", s.typeName)
}

// received is one sample taken in a wake-up.
type received struct {
	rdr    *reader
	data   []byte
	source int64 // source timestamp, ns
}

func (r *receiver) run() {
	defer close(r.done)
	var (
		xs    [C.ebm_batch]C.dds_attach_t
		batch []received
	)
	for {
		n := C.dds_waitset_wait(r.ws, &xs[0], C.ebm_batch, C.DDS_INFINITY)
		r.mu.Lock()
		stopping := r.stopping
		r.mu.Unlock()
		if stopping {
			return
		}
		if n < 0 {
			r.t.log.Error("waitset failed; stopped delivering samples", "err", ddsError("wait", n))
			return
		}
		batch = batch[:0]
		for _, id := range xs[:n] {
			switch id {
			case attachGuard:
				C.dds_set_guardcondition(r.guard, false)
			case attachPublications:
				r.takePublications()
			default:
				batch = r.take(id, batch)
			}
		}
		sort.SliceStable(batch, func(i, j int) bool { return batch[i].source < batch[j].source })
		now := time.Now().UnixNano()
		for _, s := range batch {
			r.mu.Lock()
			live := r.subs[s.rdr.sub]
			r.mu.Unlock()
			if !live {
				continue
			}
			sub := s.rdr.sub
			sub.handler(node.Sample{Topic: sub.topic, Type: s.rdr.rosType, Data: s.data, Time: now, QoS: sub.qos})
		}
	}
}

// take appends the samples of reader id to batch and releases their serdata.
func (r *receiver) take(id C.dds_attach_t, batch []received) []received {
	r.mu.Lock()
	rdr := r.readers[id]
	r.mu.Unlock()
	if rdr == nil {
		return batch
	}
	var (
		bufs [C.ebm_batch]*C.struct_ddsi_serdata
		si   [C.ebm_batch]C.dds_sample_info_t
	)
	for {
		n := C.dds_takecdr(rdr.entity, &bufs[0], C.ebm_batch, &si[0], C.DDS_ANY_STATE)
		if n <= 0 {
			return batch
		}
		for i := range int(n) {
			if si[i].valid_data {
				var size C.uint32_t
				p := C.ebm_serdata_payload(bufs[i], &size)
				batch = append(batch, received{rdr: rdr, data: C.GoBytes(p, C.int(size)), source: int64(si[i].source_timestamp)})
			}
			C.ebm_serdata_unref(bufs[i])
		}
		if n < C.ebm_batch {
			return batch
		}
	}
}

func (r *receiver) takePublications() {
	var (
		samples [C.ebm_batch]unsafe.Pointer
		si      [C.ebm_batch]C.dds_sample_info_t
	)
	for {
		n := C.ebm_take_publications(r.pubs, &samples[0], &si[0])
		if n <= 0 {
			return
		}
		for i := range int(n) {
			var (
				topic, typeName          *C.char
				reliable, transientLocal C.int
			)
			if C.ebm_publication_at(&samples[0], &si[0], C.int(i), &topic, &typeName, &reliable, &transientLocal) == 0 {
				continue
			}
			r.notePublication(C.GoString(topic), C.GoString(typeName), reliable != 0, transientLocal != 0)
		}
		C.ebm_return_publications(r.pubs, &samples[0], C.int32_t(n))
		if n < C.ebm_batch {
			return
		}
	}
}

func (r *receiver) notePublication(ddsTopic, ddsType string, reliable, transientLocal bool) {
	topic, ok := ROSTopicName(ddsTopic)
	if !ok {
		return
	}
	rosType, ok := ROSTypeName(ddsType)
	if !ok {
		return
	}
	p := Publication{Topic: topic, Type: rosType, QoS: node.QoS{Reliability: node.BestEffort, Depth: 10}}
	if reliable {
		p.QoS.Reliability = node.Reliable
	}
	if transientLocal {
		p.QoS.Durability = node.TransientLocal
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[p] {
		return
	}
	r.seen[p] = true
	r.seenList = append(r.seenList, p)
	for s := range r.subs {
		r.matchForeignLocked(s, p)
	}
}
