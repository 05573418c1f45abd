/* Shared by the fixtures: a table with everything but what each fixture breaks. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "spid_handler.h"

__attribute__((unused)) static int32_t fixture_create(const spid_host_v1 *host, void **ctx, char *error, size_t capacity) {
    (void)error; (void)capacity;
    *ctx = (void *)host;
    return SPID_HANDLER_OK;
}

__attribute__((unused)) static int32_t fixture_on_event(void *ctx, const char *json, size_t length, char *error, size_t capacity) {
    (void)json; (void)length; (void)error; (void)capacity;
    const spid_host_v1 *host = ctx;
    host->log(host->host_ctx, SPID_LOG_INFO, "got a change");
    return SPID_HANDLER_OK;
}
