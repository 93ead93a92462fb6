// rcl_bridge is a plain rcl (ROS 2 C client library) node for checking the
// DDS transport against ROS 2 itself. It loads message type support by name
// at run time, so one binary handles every message package it can find on
// LD_LIBRARY_PATH.
//
//   rcl_bridge nodes SECONDS
//       prints the node names and topics that the ROS 2 graph lists
//   rcl_bridge sub TOPIC PKG/msg/TYPE COUNT
//       takes COUNT messages, lets rmw serialize each again and prints it
//       as one line of hex
//   rcl_bridge pub PERIOD_MS < LINES
//       reads lines "TOPIC PKG/msg/TYPE DURABILITY HEX" (DURABILITY is
//       volatile or transient_local), waits until every topic has a
//       subscription, then deserializes each line with rmw into a C message
//       and publishes it with rcl_publish, PERIOD_MS apart, in input order
//
// Build: see run.sh beside this file.

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rcl/graph.h>
#include <rcl/error_handling.h>
#include <rcl/rcl.h>
#include <rcutils/types/string_array.h>
#include <rmw/rmw.h>
#include <rmw/serialized_message.h>
#include <rosidl_typesupport_introspection_c/identifier.h>
#include <rosidl_typesupport_introspection_c/message_introspection.h>

static void fail(const char *what, rcl_ret_t rc)
{
  fprintf(stderr, "rcl_bridge: %s failed (%d): %s\n", what, (int) rc, rcl_get_error_string().str);
  exit(1);
}

// load_type returns the C type support of PKG/msg/TYPE.
static const rosidl_message_type_support_t *load_type(const char *type)
{
  char pkg[128], name[128], lib[300], sym[400];
  if (sscanf(type, "%127[^/]/msg/%127s", pkg, name) != 2) {
    fprintf(stderr, "rcl_bridge: invalid type %s: expected PKG/msg/TYPE\n", type);
    exit(2);
  }
  snprintf(lib, sizeof lib, "lib%s__rosidl_typesupport_c.so", pkg);
  void *h = dlopen(lib, RTLD_NOW | RTLD_GLOBAL);
  if (h == NULL) {
    fprintf(stderr, "rcl_bridge: %s\n", dlerror());
    exit(1);
  }
  snprintf(sym, sizeof sym, "rosidl_typesupport_c__get_message_type_support_handle__%s__msg__%s", pkg, name);
  const rosidl_message_type_support_t *(*get)(void) = (const rosidl_message_type_support_t * (*)(void)) dlsym(h, sym);
  if (get == NULL) {
    fprintf(stderr, "rcl_bridge: symbol %s not found in %s\n", sym, lib);
    exit(1);
  }
  return get();
}

// new_message allocates and initializes a message of type ts.
static void *new_message(const rosidl_message_type_support_t *ts, const rosidl_typesupport_introspection_c__MessageMembers **members)
{
  const rosidl_message_type_support_t *intro = get_message_typesupport_handle(ts, rosidl_typesupport_introspection_c__identifier);
  if (intro == NULL) {
    fprintf(stderr, "rcl_bridge: no introspection type support\n");
    exit(1);
  }
  *members = intro->data;
  void *msg = calloc(1, (*members)->size_of_);
  (*members)->init_function(msg, ROSIDL_RUNTIME_C_MSG_INIT_ALL);
  return msg;
}

static void sleep_ms(long ms)
{
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

// hex_value returns the value of hex digit c, or -1.
static int hex_value(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// read_line returns the next line of stdin without its newline, or NULL at
// the end of input.
static char *read_line(void)
{
  size_t cap = 1 << 16, n = 0;
  char *line = malloc(cap);
  int c;
  while ((c = getchar()) != EOF && c != '\n') {
    if (n + 1 >= cap)
      line = realloc(line, cap *= 2);
    line[n++] = (char) c;
  }
  if (c == EOF && n == 0) {
    free(line);
    return NULL;
  }
  line[n] = 0;
  return line;
}

// outgoing is one line of input to publish.
struct outgoing {
  int topic;                 // index into the publishers
  rmw_serialized_message_t cdr;
};

struct topic_publisher {
  char name[256], type[256];
  const rosidl_message_type_support_t *ts;
  const rosidl_typesupport_introspection_c__MessageMembers *members;
  void *msg;
  rcl_publisher_t pub;
};

static int publish_lines(rcl_node_t *node, long period_ms)
{
  enum { max_topics = 64 };
  static struct topic_publisher topics[max_topics];
  int ntopics = 0;
  size_t nmsgs = 0, capmsgs = 64;
  struct outgoing *msgs = malloc(capmsgs * sizeof(*msgs));
  rcl_allocator_t alloc = rcl_get_default_allocator();
  rcl_ret_t rc;
  char *line;
  while ((line = read_line()) != NULL) {
    char name[256], type[256], durability[32];
    int off = 0;
    if (sscanf(line, "%255s %255s %31s %n", name, type, durability, &off) != 3) {
      fprintf(stderr, "rcl_bridge: invalid line %zu: expected TOPIC TYPE DURABILITY HEX\n", nmsgs + 1);
      return 2;
    }
    int t = 0;
    while (t < ntopics && strcmp(topics[t].name, name) != 0)
      t++;
    if (t == ntopics) {
      if (ntopics == max_topics) {
        fprintf(stderr, "rcl_bridge: more than %d topics\n", max_topics);
        return 2;
      }
      struct topic_publisher *tp = &topics[ntopics++];
      snprintf(tp->name, sizeof tp->name, "%s", name);
      snprintf(tp->type, sizeof tp->type, "%s", type);
      tp->ts = load_type(type);
      tp->msg = new_message(tp->ts, &tp->members);
      tp->pub = rcl_get_zero_initialized_publisher();
      rcl_publisher_options_t options = rcl_publisher_get_default_options();
      if (strcmp(durability, "transient_local") == 0) {
        options.qos.durability = RMW_QOS_POLICY_DURABILITY_TRANSIENT_LOCAL;
        options.qos.depth = 1;
      }
      if ((rc = rcl_publisher_init(&tp->pub, node, tp->ts, name, &options)) != RCL_RET_OK)
        fail("rcl_publisher_init", rc);
    }
    const char *hex = line + off;
    size_t len = strlen(hex) / 2;
    if (nmsgs == capmsgs)
      msgs = realloc(msgs, (capmsgs *= 2) * sizeof(*msgs));
    struct outgoing *m = &msgs[nmsgs++];
    m->topic = t;
    m->cdr = rmw_get_zero_initialized_serialized_message();
    if ((rc = rmw_serialized_message_init(&m->cdr, len, &alloc)) != RMW_RET_OK)
      fail("rmw_serialized_message_init", rc);
    for (size_t i = 0; i < len; i++) {
      int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
      if (hi < 0 || lo < 0) {
        fprintf(stderr, "rcl_bridge: line %zu: invalid hex at byte %zu\n", nmsgs, i);
        return 2;
      }
      m->cdr.buffer[i] = (uint8_t) (hi << 4 | lo);
    }
    m->cdr.buffer_length = len;
    free(line);
  }
  for (int t = 0; t < ntopics; t++) {
    size_t matched = 0;
    for (int i = 0; i < 200 && matched == 0; i++) {
      if ((rc = rcl_publisher_get_subscription_count(&topics[t].pub, &matched)) != RCL_RET_OK)
        fail("rcl_publisher_get_subscription_count", rc);
      if (matched == 0)
        sleep_ms(50);
    }
    if (matched == 0) {
      fprintf(stderr, "rcl_bridge: timed out after 10 s waiting for a subscription on %s\n", topics[t].name);
      return 1;
    }
  }
  sleep_ms(500); // let the subscribers match these publishers too
  for (size_t i = 0; i < nmsgs; i++) {
    struct topic_publisher *tp = &topics[msgs[i].topic];
    tp->members->fini_function(tp->msg);
    tp->members->init_function(tp->msg, ROSIDL_RUNTIME_C_MSG_INIT_ALL);
    if ((rc = rmw_deserialize(&msgs[i].cdr, tp->ts, tp->msg)) != RMW_RET_OK)
      fail("rmw_deserialize", rc);
    if ((rc = rcl_publish(&tp->pub, tp->msg, NULL)) != RCL_RET_OK)
      fail("rcl_publish", rc);
    sleep_ms(period_ms);
  }
  fprintf(stderr, "rcl_bridge: published %zu messages on %d topics\n", nmsgs, ntopics);
  sleep_ms(1000);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: rcl_bridge nodes SECONDS | sub TOPIC TYPE COUNT | pub PERIOD_MS < LINES\n");
    return 2;
  }
  rcl_allocator_t alloc = rcl_get_default_allocator();
  rcl_init_options_t init_options = rcl_get_zero_initialized_init_options();
  rcl_ret_t rc;
  if ((rc = rcl_init_options_init(&init_options, alloc)) != RCL_RET_OK)
    fail("rcl_init_options_init", rc);
  rcl_context_t context = rcl_get_zero_initialized_context();
  if ((rc = rcl_init(0, NULL, &init_options, &context)) != RCL_RET_OK)
    fail("rcl_init", rc);
  rcl_node_t node = rcl_get_zero_initialized_node();
  rcl_node_options_t node_options = rcl_node_get_default_options();
  if ((rc = rcl_node_init(&node, "rcl_bridge", "/", &context, &node_options)) != RCL_RET_OK)
    fail("rcl_node_init", rc);
  fprintf(stderr, "rcl_bridge: rmw %s\n", rmw_get_implementation_identifier());

  if (strcmp(argv[1], "nodes") == 0) {
    sleep_ms(1000L * atol(argv[2]));
    rcutils_string_array_t names = rcutils_get_zero_initialized_string_array();
    rcutils_string_array_t namespaces = rcutils_get_zero_initialized_string_array();
    if ((rc = rcl_get_node_names(&node, alloc, &names, &namespaces)) != RCL_RET_OK)
      fail("rcl_get_node_names", rc);
    for (size_t i = 0; i < names.size; i++)
      printf("node %s%s%s\n", namespaces.data[i], strcmp(namespaces.data[i], "/") ? "/" : "", names.data[i]);
    rcl_names_and_types_t topics = rmw_get_zero_initialized_names_and_types();
    if ((rc = rcl_get_topic_names_and_types(&node, &alloc, false, &topics)) != RCL_RET_OK)
      fail("rcl_get_topic_names_and_types", rc);
    for (size_t i = 0; i < topics.names.size; i++)
      for (size_t j = 0; j < topics.types[i].size; j++)
        printf("topic %s %s\n", topics.names.data[i], topics.types[i].data[j]);
    return 0;
  }

  if (strcmp(argv[1], "pub") == 0)
    return publish_lines(&node, atol(argv[2]));

  if (argc < 4) {
    fprintf(stderr, "rcl_bridge: missing TOPIC and TYPE after %s\n", argv[1]);
    return 2;
  }
  const char *topic = argv[2];
  const rosidl_message_type_support_t *ts = load_type(argv[3]);
  const rosidl_typesupport_introspection_c__MessageMembers *members;
  void *msg = new_message(ts, &members);
  rmw_serialized_message_t ser = rmw_get_zero_initialized_serialized_message();
  if ((rc = rmw_serialized_message_init(&ser, 0, &alloc)) != RMW_RET_OK)
    fail("rmw_serialized_message_init", rc);

  if (strcmp(argv[1], "sub") == 0 && argc == 5) {
    long count = atol(argv[4]);
    rcl_subscription_t sub = rcl_get_zero_initialized_subscription();
    rcl_subscription_options_t sub_options = rcl_subscription_get_default_options();
    if ((rc = rcl_subscription_init(&sub, &node, ts, topic, &sub_options)) != RCL_RET_OK)
      fail("rcl_subscription_init", rc);
    rcl_wait_set_t ws = rcl_get_zero_initialized_wait_set();
    if ((rc = rcl_wait_set_init(&ws, 1, 0, 0, 0, 0, 0, &context, alloc)) != RCL_RET_OK)
      fail("rcl_wait_set_init", rc);
    fprintf(stderr, "rcl_bridge: subscribed to %s\n", topic);
    for (long got = 0; got < count;) {
      if ((rc = rcl_wait_set_clear(&ws)) != RCL_RET_OK)
        fail("rcl_wait_set_clear", rc);
      if ((rc = rcl_wait_set_add_subscription(&ws, &sub, NULL)) != RCL_RET_OK)
        fail("rcl_wait_set_add_subscription", rc);
      rc = rcl_wait(&ws, RCL_S_TO_NS(60));
      if (rc == RCL_RET_TIMEOUT) {
        fprintf(stderr, "rcl_bridge: no message on %s within 60 s\n", topic);
        return 1;
      }
      rmw_message_info_t info;
      rc = rcl_take(&sub, msg, &info, NULL);
      if (rc == RCL_RET_SUBSCRIPTION_TAKE_FAILED)
        continue;
      if (rc != RCL_RET_OK)
        fail("rcl_take", rc);
      if ((rc = rmw_serialize(msg, ts, &ser)) != RMW_RET_OK)
        fail("rmw_serialize", rc);
      for (size_t i = 0; i < ser.buffer_length; i++)
        printf("%02x", ser.buffer[i]);
      printf("\n");
      fflush(stdout);
      got++;
    }
    return 0;
  }

  fprintf(stderr, "rcl_bridge: unknown mode %s: use nodes, sub or pub\n", argv[1]);
  return 2;
}
