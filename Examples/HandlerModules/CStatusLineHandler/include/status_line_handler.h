/* A handler module in plain C: nothing here but the entry point spid_handler.h asks for. */
#ifndef STATUS_LINE_HANDLER_H
#define STATUS_LINE_HANDLER_H

#include "spid_handler.h"

const spid_handler_header *spid_handler_entry(uint32_t host_abi_version);

#endif
