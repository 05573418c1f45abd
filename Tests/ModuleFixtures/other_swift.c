/* Claims to be built by another Swift: the host must refuse it before calling create. */
#include "common.h"

static const spid_handler_v1 table = {
    {SPID_HANDLER_ABI_VERSION, sizeof(spid_handler_v1)}, "other-swift", "Built by another Swift", "swift-5.9", "0.1.0",
    fixture_create, NULL, fixture_on_event, NULL};

const spid_handler_header *spid_handler_entry(uint32_t version) { (void)version; return &table.header; }
