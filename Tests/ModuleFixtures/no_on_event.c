/* A table without its required on_event. */
#include "common.h"

static const spid_handler_v1 table = {
    {SPID_HANDLER_ABI_VERSION, sizeof(spid_handler_v1)}, "no-event", "Has no on_event", NULL, NULL,
    fixture_create, NULL, NULL, NULL};

const spid_handler_header *spid_handler_entry(uint32_t version) { (void)version; return &table.header; }
