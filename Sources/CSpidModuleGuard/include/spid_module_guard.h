/*
 * Host-side calls into handler modules that survive a module crashing.
 *
 * Each spid_guard_* function calls one module function on the current thread. If the module
 * faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) or aborts (SIGABRT) on that thread, the call
 * returns the signal number instead of ending the process; otherwise it returns 0 and stores the
 * module's own result. Faults anywhere else go on to the handler that was installed before
 * (the Swift runtime's backtracer, or the default action).
 *
 * This is containment, not isolation: a module that crashed may have left its own state (or a
 * lock it held) broken, so the host must never call that instance again.
 */
#ifndef SPID_MODULE_GUARD_H
#define SPID_MODULE_GUARD_H

#include <stddef.h>
#include <stdint.h>
#include "spid_handler.h"

/** Installs the fault handlers once per process (later calls do nothing). */
void spid_guard_install(void);

/** Gives the calling thread an alternate signal stack, so a stack overflow is caught too. */
void spid_guard_prepare_thread(void);

int32_t spid_guard_entry(spid_handler_entry_fn entry, uint32_t version, const spid_handler_header **table);
int32_t spid_guard_create(const spid_handler_v1 *table, const spid_host_v1 *host, void **ctx,
                          char *error, size_t capacity, int32_t *result);
int32_t spid_guard_configure(const spid_handler_v1 *table, void *ctx, const char *key, const char *value,
                             char *error, size_t capacity, int32_t *result);
int32_t spid_guard_on_event(const spid_handler_v1 *table, void *ctx, const char *json, size_t length,
                            char *error, size_t capacity, int32_t *result);
int32_t spid_guard_destroy(const spid_handler_v1 *table, void *ctx);

#endif
