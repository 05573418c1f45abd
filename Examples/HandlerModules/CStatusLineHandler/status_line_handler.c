/*
 * status-line: a handler module written in plain C, to show that the ABI needs no Swift.
 *
 * For each change it writes one line, "op1 3f2a... running -> succeeded", to the file given with
 * path=FILE (appended), or through the host's log when no file is set. It reads the top-level
 * members of the change document with a small JSON scanner; nested members are skipped.
 */
#include "status_line_handler.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const spid_host_v1 *host;
    FILE *file;
    unsigned long count;
} instance;

static void set_error(char *error, size_t capacity, const char *message) {
    if (error != NULL && capacity > 0) snprintf(error, capacity, "%s", message);
}

/* Skips whitespace; returns the next position. */
static const char *skip_space(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    return p;
}

/* Skips a string starting at its opening quote; returns the position after the closing quote. */
static const char *skip_string(const char *p, const char *end) {
    for (p++; p < end; p++) {
        if (*p == '\\') p++;
        else if (*p == '"') return p + 1;
    }
    return end;
}

/* Skips one value of any kind; returns the position after it. */
static const char *skip_value(const char *p, const char *end) {
    p = skip_space(p, end);
    if (p >= end) return end;
    if (*p == '"') return skip_string(p, end);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; p < end; p++) {
            if (*p == '"') { p = skip_string(p, end) - 1; continue; }
            if (*p == '{' || *p == '[') depth++;
            if (*p == '}' || *p == ']') { if (--depth == 0) return p + 1; }
        }
        return end;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']') p++;
    return p;
}

/* Copies the top-level string member `key` into `out` (escapes kept as written); "-" when it is
 * missing or not a string. */
static void member(const char *json, size_t length, const char *key, char *out, size_t capacity) {
    const char *p = json, *end = json + length;
    snprintf(out, capacity, "-");
    p = skip_space(p, end);
    if (p >= end || *p != '{') return;
    p++;
    size_t key_length = strlen(key);
    while (p < end) {
        p = skip_space(p, end);
        if (p >= end || *p != '"') return;
        const char *name = p + 1;
        const char *after = skip_string(p, end);
        int matches = (size_t)(after - 1 - name) == key_length && memcmp(name, key, key_length) == 0;
        p = skip_space(after, end);
        if (p >= end || *p != ':') return;
        p = skip_space(p + 1, end);
        if (matches) {
            if (p < end && *p == '"') {
                const char *close = skip_string(p, end) - 1;
                size_t n = (size_t)(close - (p + 1));
                if (n >= capacity) n = capacity - 1;
                memcpy(out, p + 1, n);
                out[n] = '\0';
            }
            return;
        }
        p = skip_space(skip_value(p, end), end);
        if (p < end && *p == ',') p++;
    }
}

static int32_t create(const spid_host_v1 *host, void **ctx, char *error, size_t capacity) {
    instance *self = calloc(1, sizeof *self);
    if (self == NULL) { set_error(error, capacity, "out of memory"); return 1; }
    self->host = host;
    *ctx = self;
    return SPID_HANDLER_OK;
}

static int32_t configure(void *ctx, const char *key, const char *value, char *error, size_t capacity) {
    instance *self = ctx;
    if (strcmp(key, "path") != 0) {
        snprintf(error, capacity, "status-line has no option %s (options: path=FILE)", key);
        return 1;
    }
    FILE *file = fopen(value, "a");
    if (file == NULL) {
        snprintf(error, capacity, "cannot open %s: %s", value, strerror(errno));
        return 1;
    }
    if (self->file != NULL) fclose(self->file);
    self->file = file;
    return SPID_HANDLER_OK;
}

static int32_t on_event(void *ctx, const char *json, size_t length, char *error, size_t capacity) {
    instance *self = ctx;
    char operation[128], id[64], previous[32], status[32], line[512];
    member(json, length, "operation", operation, sizeof operation);
    member(json, length, "operationId", id, sizeof id);
    member(json, length, "previous", previous, sizeof previous);
    member(json, length, "status", status, sizeof status);
    if (strcmp(status, "-") == 0) {
        set_error(error, capacity, "the change has no status");
        return 1;
    }
    snprintf(line, sizeof line, "%s %s %s -> %s", operation, id, previous, status);
    self->count++;
    if (self->file == NULL) {
        self->host->log(self->host->host_ctx, SPID_LOG_INFO, line);
        return SPID_HANDLER_OK;
    }
    if (fprintf(self->file, "%s\n", line) < 0 || fflush(self->file) != 0) {
        snprintf(error, capacity, "cannot write the line: %s", strerror(errno));
        return 1;
    }
    return SPID_HANDLER_OK;
}

static void destroy(void *ctx) {
    instance *self = ctx;
    if (self->file != NULL) fclose(self->file);
    free(self);
}

static const spid_handler_v1 table = {
    .header = {.abi_version = SPID_HANDLER_ABI_VERSION, .size = sizeof(spid_handler_v1)},
    .name = "status-line",
    .description = "Writes \"OP ID previous -> status\" per change to path=FILE, or to the host's log (plain C)",
    .runtime = NULL,
    .kit_version = NULL,
    .create = create,
    .configure = configure,
    .on_event = on_event,
    .destroy = destroy,
};

const spid_handler_header *spid_handler_entry(uint32_t host_abi_version) {
    (void)host_abi_version;
    return &table.header;
}
