/* The ABI is the header; this file checks the layout promises the header makes. */
#include "spid_handler.h"

_Static_assert(offsetof(spid_handler_v1, header) == 0, "every table starts with its header");
_Static_assert(offsetof(spid_handler_header, abi_version) == 0, "abi_version is the first member");
_Static_assert(sizeof(uint32_t) == 4, "abi_version is 32 bits");
