/* Dereferences NULL in configure: SIGSEGV. */
#include "common.h"

static int32_t crash(void *ctx, const char *key, const char *value, char *error, size_t capacity) {
    (void)ctx; (void)key; (void)value; (void)error; (void)capacity;
    volatile int *nowhere = NULL;
    *nowhere = 42;
    return SPID_HANDLER_OK;
}

static const spid_handler_v1 table = {
    {SPID_HANDLER_ABI_VERSION, sizeof(spid_handler_v1)}, "crash-configure", "Crashes in configure", NULL, NULL,
    fixture_create, crash, fixture_on_event, NULL};

const spid_handler_header *spid_handler_entry(uint32_t version) { (void)version; return &table.header; }
