/* A shared library that is not a module: it exports a misspelt entry point. */
#include "common.h"

int spid_handler_entrypoint(void) { return 1; }
