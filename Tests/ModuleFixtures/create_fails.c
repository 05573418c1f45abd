/* Refuses to start, with a message. */
#include "common.h"

static int32_t refuse(const spid_host_v1 *host, void **ctx, char *error, size_t capacity) {
    (void)host; (void)ctx;
    snprintf(error, capacity, "cannot reach the results database at db.example:5432");
    return 7;
}

static const spid_handler_v1 table = {
    {SPID_HANDLER_ABI_VERSION, sizeof(spid_handler_v1)}, "fails-to-start", "Never starts", NULL, NULL,
    refuse, NULL, fixture_on_event, NULL};

const spid_handler_header *spid_handler_entry(uint32_t version) { (void)version; return &table.header; }
