//go:build cyclonedds

#include "rawtype.h"

#include <stdlib.h>
#include <string.h>

#include "dds/ddsi/q_radmin.h"

struct ebm_serdata {
  struct ddsi_serdata c;
  uint32_t size;       // payload bytes, a multiple of 4
  unsigned char *data; // NULL for key-only serdata
};

static const struct ddsi_serdata_ops ebm_serdata_ops;
static const struct ddsi_sertype_ops ebm_sertype_ops;

// new_serdata allocates a serdata with room for size payload bytes rounded
// up to 4. The padding is zeroed here because Cyclone copies whole 4-byte
// words to the network.
static struct ebm_serdata *new_serdata(const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, size_t size)
{
  if (size > UINT32_MAX - 3)
    return NULL;
  struct ebm_serdata *d = calloc(1, sizeof(*d));
  if (d == NULL)
    return NULL;
  ddsi_serdata_init(&d->c, type, kind);
  uint32_t padded = ((uint32_t) size + 3u) & ~3u;
  if (padded > 0) {
    d->data = malloc(padded);
    if (d->data == NULL) {
      free(d);
      return NULL;
    }
    memset(d->data + size, 0, padded - size);
  }
  d->size = padded;
  return d;
}

static bool serdata_eqkey(const struct ddsi_serdata *a, const struct ddsi_serdata *b)
{
  (void) a;
  (void) b;
  return true; // keyless: every sample is the one instance
}

static uint32_t serdata_size(const struct ddsi_serdata *dcmn)
{
  return ((const struct ebm_serdata *) dcmn)->size;
}

static void serdata_free(struct ddsi_serdata *dcmn)
{
  struct ebm_serdata *d = (struct ebm_serdata *) dcmn;
  free(d->data);
  free(d);
}

static struct ddsi_serdata *serdata_from_ser(const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, const struct nn_rdata *fragchain, size_t size)
{
  struct ebm_serdata *d = new_serdata(type, kind, size);
  if (d == NULL)
    return NULL;
  // Fragments may overlap; copy only the bytes each one adds.
  uint32_t off = 0;
  while (fragchain != NULL) {
    if (fragchain->maxp1 > off) {
      const unsigned char *payload = NN_RMSG_PAYLOADOFF(fragchain->rmsg, NN_RDATA_PAYLOAD_OFF(fragchain));
      memcpy(d->data + off, payload + off - fragchain->min, fragchain->maxp1 - off);
      off = fragchain->maxp1;
    }
    fragchain = fragchain->nextfrag;
  }
  return &d->c;
}

static struct ddsi_serdata *serdata_from_ser_iov(const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, ddsrt_msg_iovlen_t niov, const ddsrt_iovec_t *iov, size_t size)
{
  struct ebm_serdata *d = new_serdata(type, kind, size);
  if (d == NULL)
    return NULL;
  size_t off = 0;
  for (ddsrt_msg_iovlen_t i = 0; i < niov && off < size; i++) {
    size_t n = iov[i].iov_len;
    if (n > size - off)
      n = size - off;
    memcpy(d->data + off, iov[i].iov_base, n);
    off += n;
  }
  return &d->c;
}

static struct ddsi_serdata *serdata_from_keyhash(const struct ddsi_sertype *type, const struct ddsi_keyhash *keyhash)
{
  (void) keyhash;
  struct ebm_serdata *d = new_serdata(type, SDK_KEY, 0);
  return d ? &d->c : NULL;
}

// ebm_raw_sample is the application sample of this sertype, used only if
// something calls dds_write on a raw topic.
struct ebm_raw_sample {
  const void *data;
  size_t size;
};

static struct ddsi_serdata *serdata_from_sample(const struct ddsi_sertype *type, enum ddsi_serdata_kind kind, const void *sample)
{
  const struct ebm_raw_sample *s = sample;
  size_t size = kind == SDK_DATA ? s->size : 0;
  struct ebm_serdata *d = new_serdata(type, kind, size);
  if (d == NULL)
    return NULL;
  if (size > 0)
    memcpy(d->data, s->data, size);
  return &d->c;
}

static void serdata_to_ser(const struct ddsi_serdata *dcmn, size_t off, size_t sz, void *buf)
{
  const struct ebm_serdata *d = (const struct ebm_serdata *) dcmn;
  memcpy(buf, d->data + off, sz);
}

static struct ddsi_serdata *serdata_to_ser_ref(const struct ddsi_serdata *dcmn, size_t off, size_t sz, ddsrt_iovec_t *ref)
{
  const struct ebm_serdata *d = (const struct ebm_serdata *) dcmn;
  ref->iov_base = d->data + off;
  ref->iov_len = (ddsrt_iov_len_t) sz;
  return ddsi_serdata_ref(dcmn);
}

static void serdata_to_ser_unref(struct ddsi_serdata *dcmn, const ddsrt_iovec_t *ref)
{
  (void) ref;
  ddsi_serdata_unref(dcmn);
}

static bool serdata_to_sample(const struct ddsi_serdata *dcmn, void *sample, void **bufptr, void *buflim)
{
  (void) bufptr;
  (void) buflim;
  const struct ebm_serdata *d = (const struct ebm_serdata *) dcmn;
  struct ebm_raw_sample *s = sample;
  s->data = d->data;
  s->size = d->size;
  return true;
}

static struct ddsi_serdata *serdata_to_untyped(const struct ddsi_serdata *dcmn)
{
  struct ebm_serdata *d = new_serdata(dcmn->type, SDK_KEY, 0);
  if (d == NULL)
    return NULL;
  d->c.type = NULL;
  return &d->c;
}

static bool serdata_untyped_to_sample(const struct ddsi_sertype *type, const struct ddsi_serdata *d, void *sample, void **bufptr, void *buflim)
{
  (void) type;
  (void) d;
  (void) bufptr;
  (void) buflim;
  struct ebm_raw_sample *s = sample;
  s->data = NULL;
  s->size = 0;
  return true;
}

static size_t serdata_print(const struct ddsi_sertype *type, const struct ddsi_serdata *dcmn, char *buf, size_t bufsize)
{
  (void) type;
  const struct ebm_serdata *d = (const struct ebm_serdata *) dcmn;
  return (size_t) snprintf(buf, bufsize, "(%u bytes of CDR)", d->size);
}

static void serdata_get_keyhash(const struct ddsi_serdata *d, struct ddsi_keyhash *buf, bool force_md5)
{
  (void) d;
  (void) force_md5;
  memset(buf, 0, sizeof(*buf));
}

static const struct ddsi_serdata_ops ebm_serdata_ops = {
  .eqkey = serdata_eqkey,
  .get_size = serdata_size,
  .from_ser = serdata_from_ser,
  .from_ser_iov = serdata_from_ser_iov,
  .from_keyhash = serdata_from_keyhash,
  .from_sample = serdata_from_sample,
  .to_ser = serdata_to_ser,
  .to_ser_ref = serdata_to_ser_ref,
  .to_ser_unref = serdata_to_ser_unref,
  .to_sample = serdata_to_sample,
  .to_untyped = serdata_to_untyped,
  .untyped_to_sample = serdata_untyped_to_sample,
  .free = serdata_free,
  .print = serdata_print,
  .get_keyhash = serdata_get_keyhash,
};

static void sertype_free(struct ddsi_sertype *st)
{
  ddsi_sertype_fini(st);
  free(st);
}

static void sertype_zero_samples(const struct ddsi_sertype *st, void *samples, size_t count)
{
  (void) st;
  memset(samples, 0, count * sizeof(struct ebm_raw_sample));
}

static void sertype_realloc_samples(void **ptrs, const struct ddsi_sertype *st, void *old, size_t oldcount, size_t count)
{
  (void) st;
  struct ebm_raw_sample *s = realloc(old, count * sizeof(*s));
  if (s != NULL && count > oldcount)
    memset(s + oldcount, 0, (count - oldcount) * sizeof(*s));
  for (size_t i = 0; i < count; i++)
    ptrs[i] = s ? &s[i] : NULL;
}

static void sertype_free_samples(const struct ddsi_sertype *st, void **ptrs, size_t count, dds_free_op_t op)
{
  (void) st;
  // Samples only borrow serdata payloads, so there is nothing to release
  // but the array itself.
  if (count > 0 && (op & DDS_FREE_ALL_BIT))
    free(ptrs[0]);
}

static bool sertype_equal(const struct ddsi_sertype *a, const struct ddsi_sertype *b)
{
  (void) a;
  (void) b;
  return true; // same type name and same ops: nothing else differs
}

static uint32_t sertype_hash(const struct ddsi_sertype *st)
{
  (void) st;
  return 0;
}

static const struct ddsi_sertype_ops ebm_sertype_ops = {
  .version = ddsi_sertype_v0,
  .arg = NULL,
  .free = sertype_free,
  .zero_samples = sertype_zero_samples,
  .realloc_samples = sertype_realloc_samples,
  .free_samples = sertype_free_samples,
  .equal = sertype_equal,
  .hash = sertype_hash,
  // No XTypes type information: ROS 2 Humble's rmw_cyclonedds_cpp sends
  // none either, and readers then match on the type name alone.
  .type_id = NULL,
  .type_map = NULL,
  .type_info = NULL,
  .derive_sertype = NULL,
  .get_serialized_size = NULL,
  .serialize_into = NULL,
};

struct ddsi_sertype *ebm_rawtype_new(const char *type_name)
{
  struct ddsi_sertype *st = calloc(1, sizeof(*st));
  if (st == NULL)
    return NULL;
  ddsi_sertype_init_flags(st, type_name, &ebm_sertype_ops, &ebm_serdata_ops, DDSI_SERTYPE_FLAG_TOPICKIND_NO_KEY);
  st->allowed_data_representation = DDS_DATA_REPRESENTATION_FLAG_XCDR1;
  return st;
}

void ebm_rawtype_free(struct ddsi_sertype *st)
{
  sertype_free(st);
}

struct ddsi_serdata *ebm_serdata_new(const struct ddsi_sertype *st, const void *payload, size_t size)
{
  struct ebm_serdata *d = new_serdata(st, SDK_DATA, size);
  if (d == NULL)
    return NULL;
  if (size > 0)
    memcpy(d->data, payload, size);
  return &d->c;
}

const void *ebm_serdata_payload(const struct ddsi_serdata *sd, uint32_t *size)
{
  const struct ebm_serdata *d = (const struct ebm_serdata *) sd;
  *size = d->size;
  return d->data;
}

void ebm_serdata_unref(struct ddsi_serdata *sd)
{
  ddsi_serdata_unref(sd);
}
