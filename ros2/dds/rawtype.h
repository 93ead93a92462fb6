//go:build cyclonedds

// A keyless Cyclone DDS sertype whose samples are opaque serialized
// messages: each serdata owns one CDR payload, encapsulation header
// included, and Cyclone never interprets it. rmw_cyclonedds_cpp publishes
// ROS 2 messages the same way, so the wire format matches a ROS 2 node's.

#ifndef EBM_RAWTYPE_H
#define EBM_RAWTYPE_H

#include <stddef.h>
#include <stdint.h>

#include "dds/dds.h"
#include "dds/ddsi/ddsi_serdata.h"
#include "dds/ddsi/ddsi_sertype.h"

// ebm_rawtype_new returns a sertype named type_name (the DDS type name, for
// example "std_msgs::msg::dds_::String_"), or NULL when out of memory.
// dds_create_topic_sertype takes ownership of it.
struct ddsi_sertype *ebm_rawtype_new(const char *type_name);

// ebm_rawtype_free releases a sertype that no topic took.
void ebm_rawtype_free(struct ddsi_sertype *st);

// ebm_serdata_new copies size bytes of payload into a new serdata with one
// reference, padded with zero bytes to a multiple of 4.
struct ddsi_serdata *ebm_serdata_new(const struct ddsi_sertype *st, const void *payload, size_t size);

// ebm_serdata_payload returns the payload of a serdata made by this sertype
// and stores its size, padding included, in *size.
const void *ebm_serdata_payload(const struct ddsi_serdata *sd, uint32_t *size);

// ebm_serdata_unref drops one reference.
void ebm_serdata_unref(struct ddsi_serdata *sd);

#endif
