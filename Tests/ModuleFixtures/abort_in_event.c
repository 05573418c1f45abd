/* Calls abort() in on_event: SIGABRT. */
#include "common.h"

static int32_t give_up(void *ctx, const char *json, size_t length, char *error, size_t capacity) {
    (void)ctx; (void)json; (void)length; (void)error; (void)capacity;
    abort();
}

static const spid_handler_v1 table = {
    {SPID_HANDLER_ABI_VERSION, sizeof(spid_handler_v1)}, "abort", "Aborts in on_event", NULL, NULL,
    fixture_create, NULL, give_up, NULL};

const spid_handler_header *spid_handler_entry(uint32_t version) { (void)version; return &table.header; }
