/* Recurses without end in on_event: a stack overflow (SIGSEGV on the guard page). */
#include "common.h"

static volatile int forever = 1;

static int deeper(volatile char *previous, int depth) {
    volatile char frame[512];
    frame[0] = previous != NULL ? previous[0] : 1;
    if (!forever) return depth;
    return deeper(frame, depth + 1) + frame[0];
}

static int32_t overflow(void *ctx, const char *json, size_t length, char *error, size_t capacity) {
    (void)ctx; (void)json; (void)length; (void)error; (void)capacity;
    return deeper(NULL, 0);
}

static const spid_handler_v1 table = {
    {SPID_HANDLER_ABI_VERSION, sizeof(spid_handler_v1)}, "overflow", "Overflows its stack in on_event", NULL, NULL,
    fixture_create, NULL, overflow, NULL};

const spid_handler_header *spid_handler_entry(uint32_t version) { (void)version; return &table.header; }
