/* Sleeps in on_event: `seconds=N` (default: for good). */
#include "common.h"

typedef struct { const spid_host_v1 *host; int seconds; } hang;

static int32_t create(const spid_host_v1 *host, void **ctx, char *error, size_t capacity) {
    (void)error; (void)capacity;
    hang *self = calloc(1, sizeof *self);
    self->host = host;
    self->seconds = -1;
    *ctx = self;
    return SPID_HANDLER_OK;
}

static int32_t configure(void *ctx, const char *key, const char *value, char *error, size_t capacity) {
    hang *self = ctx;
    if (strcmp(key, "seconds") != 0) { snprintf(error, capacity, "no option %s", key); return 1; }
    self->seconds = atoi(value);
    return SPID_HANDLER_OK;
}

static int32_t on_event(void *ctx, const char *json, size_t length, char *error, size_t capacity) {
    (void)json; (void)length; (void)error; (void)capacity;
    hang *self = ctx;
    self->host->log(self->host->host_ctx, SPID_LOG_INFO, "sleeping");
    if (self->seconds < 0) { for (;;) sleep(3600); }
    sleep((unsigned)self->seconds);
    self->host->log(self->host->host_ctx, SPID_LOG_INFO, "woke up");
    return SPID_HANDLER_OK;
}

static const spid_handler_v1 table = {
    {SPID_HANDLER_ABI_VERSION, sizeof(spid_handler_v1)}, "hang", "Sleeps in on_event", NULL, NULL,
    create, configure, on_event, NULL};

const spid_handler_header *spid_handler_entry(uint32_t version) { (void)version; return &table.header; }
