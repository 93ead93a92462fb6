//go:build cyclonedds

package dds

/*
#cgo LDFLAGS: -lddsc
#include <stdlib.h>
#include <string.h>
#include "rawtype.h"

// ebm_qos returns reader or writer QoS as rmw_cyclonedds_cpp sets it for a
// keep-last profile: autodispose off, and for transient local a durability
// service history equal to the writer history.
static dds_qos_t *ebm_qos(int reliable, int transient_local, int32_t depth)
{
  dds_qos_t *qos = dds_create_qos();
  dds_qset_writer_data_lifecycle(qos, false);
  dds_qset_history(qos, DDS_HISTORY_KEEP_LAST, depth);
  if (reliable)
    dds_qset_reliability(qos, DDS_RELIABILITY_RELIABLE, DDS_INFINITY);
  else
    dds_qset_reliability(qos, DDS_RELIABILITY_BEST_EFFORT, 0);
  if (transient_local) {
    dds_qset_durability(qos, DDS_DURABILITY_TRANSIENT_LOCAL);
    dds_qset_durability_service(qos, 0, DDS_HISTORY_KEEP_LAST, depth,
      DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED);
  } else {
    dds_qset_durability(qos, DDS_DURABILITY_VOLATILE);
  }
  return qos;
}

static dds_entity_t ebm_participant(dds_domainid_t domain, const char *user_data)
{
  dds_qos_t *qos = dds_create_qos();
  dds_qset_userdata(qos, user_data, strlen(user_data));
  dds_entity_t pp = dds_create_participant(domain, qos, NULL);
  dds_delete_qos(qos);
  return pp;
}

static dds_entity_t ebm_topic(dds_entity_t pp, const char *name, const char *type_name, struct ddsi_sertype **st)
{
  *st = ebm_rawtype_new(type_name);
  if (*st == NULL)
    return DDS_RETCODE_OUT_OF_RESOURCES;
  dds_entity_t tp = dds_create_topic_sertype(pp, name, st, NULL, NULL, NULL);
  if (tp < 0) {
    ebm_rawtype_free(*st);
    *st = NULL;
  }
  return tp;
}

static dds_entity_t ebm_endpoint(dds_entity_t pp, dds_entity_t tp, int writer, int reliable, int transient_local, int32_t depth)
{
  dds_qos_t *qos = ebm_qos(reliable, transient_local, depth);
  dds_entity_t e = writer ? dds_create_writer(pp, tp, qos, NULL) : dds_create_reader(pp, tp, qos, NULL);
  dds_delete_qos(qos);
  return e;
}

// ebm_write publishes one payload. dds_writecdr takes the reference that
// ebm_serdata_new returned, whatever its outcome.
static dds_return_t ebm_write(dds_entity_t wr, const struct ddsi_sertype *st, const void *payload, size_t size)
{
  struct ddsi_serdata *sd = ebm_serdata_new(st, payload, size);
  if (sd == NULL)
    return DDS_RETCODE_OUT_OF_RESOURCES;
  return dds_writecdr(wr, sd);
}

static int32_t ebm_matched(dds_entity_t wr)
{
  dds_publication_matched_status_t st;
  if (dds_get_publication_matched_status(wr, &st) < 0)
    return -1;
  return (int32_t) st.current_count;
}

static dds_return_t ebm_guid(dds_entity_t e, void *out)
{
  dds_guid_t g;
  dds_return_t rc = dds_get_guid(e, &g);
  if (rc == DDS_RETCODE_OK)
    memcpy(out, g.v, 16);
  return rc;
}

*/
import "C"

import (
	"errors"
	"fmt"
	"strconv"
	"unsafe"

	"github.com/ebm-av/ebm_av/node"
)

// ddsError turns a negative Cyclone return code into an error.
func ddsError(op string, rc C.dds_return_t) error {
	return fmt.Errorf("%s failed: %s (Cyclone DDS return code %d)", op, C.GoString(C.dds_strretcode(rc)), int(rc))
}

// rawTopic is a topic entity and the sertype its samples use.
type rawTopic struct {
	entity C.dds_entity_t
	stype  *C.struct_ddsi_sertype
}

func createTopic(pp C.dds_entity_t, name, typeName string) (rawTopic, error) {
	cname, ctype := C.CString(name), C.CString(typeName)
	defer C.free(unsafe.Pointer(cname))
	defer C.free(unsafe.Pointer(ctype))
	var st *C.struct_ddsi_sertype
	tp := C.ebm_topic(pp, cname, ctype, &st)
	if tp < 0 {
		return rawTopic{}, ddsError(fmt.Sprintf("create topic %s of type %s", name, typeName), C.dds_return_t(tp))
	}
	return rawTopic{entity: tp, stype: st}, nil
}

func createEndpoint(pp C.dds_entity_t, tp rawTopic, writer bool, qos node.QoS) (C.dds_entity_t, error) {
	depth := qos.Depth
	if depth < 1 {
		depth = 1
	}
	e := C.ebm_endpoint(pp, tp.entity, cbool(writer), cbool(qos.Reliability == node.Reliable),
		cbool(qos.Durability == node.TransientLocal), C.int32_t(depth))
	if e < 0 {
		kind := "reader"
		if writer {
			kind = "writer"
		}
		return 0, ddsError("create "+kind, C.dds_return_t(e))
	}
	return e, nil
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func entityGUID(e C.dds_entity_t) (GUID, error) {
	var g GUID
	if rc := C.ebm_guid(e, unsafe.Pointer(&g[0])); rc < 0 {
		return g, ddsError("get GUID", rc)
	}
	return g, nil
}

func writeRaw(wr C.dds_entity_t, st *C.struct_ddsi_sertype, data []byte) error {
	if len(data) < 4 {
		return errors.New("invalid payload of " + strconv.Itoa(len(data)) + " bytes: shorter than the 4-byte CDR encapsulation header")
	}
	if rc := C.ebm_write(wr, st, unsafe.Pointer(&data[0]), C.size_t(len(data))); rc < 0 {
		return ddsError("write", rc)
	}
	return nil
}

func createParticipant(domain uint32, userData string) (C.dds_entity_t, error) {
	cdata := C.CString(userData)
	defer C.free(unsafe.Pointer(cdata))
	pp := C.ebm_participant(C.dds_domainid_t(domain), cdata)
	if pp < 0 {
		return 0, ddsError(fmt.Sprintf("create participant in domain %d (check $CYCLONEDDS_URI)", domain), C.dds_return_t(pp))
	}
	return pp, nil
}

func deleteEntity(e C.dds_entity_t) error {
	if rc := C.dds_delete(e); rc < 0 {
		return ddsError("delete entity", rc)
	}
	return nil
}

// matchedReaders returns the number of readers matched with writer wr.
func matchedReaders(wr C.dds_entity_t) int {
	return max(int(C.ebm_matched(wr)), 0)
}
