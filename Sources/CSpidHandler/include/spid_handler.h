/*
 * spid_handler.h: the handler-module ABI of spid, version 1.
 *
 * A handler module is a shared library that reacts to status changes of Speaker Recognition
 * operations. It exports ONE function, `spid_handler_entry`. The host (spid-repl, or any program
 * using the SpidModules library) loads the library with dlopen(RTLD_NOW | RTLD_LOCAL), calls the
 * entry with the ABI version it speaks, and reads the `abi_version` that starts the returned
 * table. Only when that version is one it accepts does it read further or call anything else.
 *
 * Life of a module instance:
 *   entry(SPID_HANDLER_ABI_VERSION) -> table          (once per library; the table is static)
 *   create(host, &ctx, error)                         (once per instance; a library may be loaded
 *                                                      as several instances, each with its own ctx)
 *   configure(ctx, key, value, error)                 (zero or more times: `key=value` words)
 *   on_event(ctx, json, length, error)                (once per status change the instance gets)
 *   destroy(ctx)                                      (when the host ends; the library is never
 *                                                      unloaded)
 *
 * Threads: the host never calls into one instance concurrently (its calls are serialised, on a
 * thread the host owns), but different instances and different modules run in parallel. A call
 * that takes longer than the host's time limit is left running; the instance gets no further
 * calls until it returns. Do not install signal handlers or call exit().
 *
 * Ownership of strings:
 *   - Every string the host passes (`key`, `value`, `json`, log `message`) is borrowed: valid for
 *     the duration of the call only. Copy what you keep. `json` is UTF-8, NUL-terminated, and
 *     `length` is its length in bytes without the NUL.
 *   - The strings in the table (`name`, `description`, `runtime`, `kit_version`) belong to the
 *     module and must stay valid for the life of the process (static storage is ideal).
 *   - Errors: `error` is a host buffer of `error_capacity` bytes (at least 256). On failure, write
 *     a NUL-terminated UTF-8 message (truncate it to fit) and return a non-zero value. Nothing
 *     crosses the boundary that needs freeing by the other side.
 *
 * The event JSON (version 1), one object:
 *   {"version":1, "operationId":"<guid>"|null, "location":"<Operation-Location URL>",
 *    "kind":"enrollment"|"identification"|null, "previous":"running"|null, "status":"succeeded",
 *    "snapshot":{...the GET /operations/{id} document as received...},
 *    "operation":"op1", "event":"done"}
 * `operation` (the host's name for it) and `event` (the rule that fired) are present when the
 * host has them. Statuses are the service's: notstarted, running, succeeded, failed. Unknown
 * members may be added in later versions of the document without changing the ABI version.
 */
#ifndef SPID_HANDLER_H
#define SPID_HANDLER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version this header describes. */
#define SPID_HANDLER_ABI_VERSION 1u

/** The name of the one symbol a module exports. */
#define SPID_HANDLER_ENTRY_SYMBOL "spid_handler_entry"

/** Returned by module calls that succeed; anything else is a failure with a message. */
#define SPID_HANDLER_OK 0

/** The size of the error buffers the host passes. */
#define SPID_HANDLER_ERROR_CAPACITY 1024u

/** Log levels for `spid_host_v1.log`. */
enum {
    SPID_LOG_DEBUG = 0,
    SPID_LOG_INFO = 1,
    SPID_LOG_WARNING = 2,
    SPID_LOG_ERROR = 3,
};

/** What the host offers a module, passed to `create`. Valid for the life of the process. */
typedef struct spid_host_v1 {
    /** SPID_HANDLER_ABI_VERSION of the host. */
    uint32_t abi_version;
    /** sizeof(spid_host_v1) as the host was built. */
    uint32_t size;
    /** The host's name and version, e.g. "spid-repl 0.7.0". */
    const char *host_name;
    /** The host's own pointer; pass it back to `log`. */
    void *host_ctx;
    /** Writes a line to the host's output or log. Callable from any module call, from any thread
     *  while the process lives; `message` is borrowed. */
    void (*log)(void *host_ctx, int32_t level, const char *message);
} spid_host_v1;

/** The first members of every version's table: read before anything else. */
typedef struct spid_handler_header {
    /** The ABI version of the table that follows. */
    uint32_t abi_version;
    /** sizeof the whole table as the module was built. */
    uint32_t size;
} spid_handler_header;

/** A version-1 module: what `spid_handler_entry` returns when it speaks version 1. */
typedef struct spid_handler_v1 {
    spid_handler_header header;
    /** A short name: letters, digits, '-' and '_' (e.g. "jsonl"). Used as the instance's name. */
    const char *name;
    /** One line saying what the module does. */
    const char *description;
    /** NULL for modules in C or any language without a Swift runtime. Modules written in Swift
     *  set "swift-MAJOR.MINOR": Swift has no stable ABI on Linux, so the host refuses a module
     *  built by another Swift than its own. */
    const char *runtime;
    /** NULL, or the version of SpidHandlerKit the module was built with; the host refuses a
     *  different one. */
    const char *kit_version;
    /** Makes an instance; stores its context in *ctx. Required. */
    int32_t (*create)(const spid_host_v1 *host, void **ctx, char *error, size_t error_capacity);
    /** Sets one option (`key=value`). NULL when the module takes none. */
    int32_t (*configure)(void *ctx, const char *key, const char *value, char *error, size_t error_capacity);
    /** Handles one status change, given as JSON (see above). Required. */
    int32_t (*on_event)(void *ctx, const char *json, size_t length, char *error, size_t error_capacity);
    /** Releases an instance. NULL when there is nothing to release. */
    void (*destroy)(void *ctx);
} spid_handler_v1;

/**
 * The entry point every module exports. `host_abi_version` is the version the host speaks; return
 * a pointer to a static table whose `header.abi_version` says which version the module speaks
 * (the host refuses any it does not know, and then calls nothing else). Must be cheap and
 * without side effects: the host may call it more than once.
 */
typedef const spid_handler_header *(*spid_handler_entry_fn)(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif

#endif /* SPID_HANDLER_H */
