#define _GNU_SOURCE
#include "spid_module_guard.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const int guarded_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
#define GUARDED_COUNT (sizeof(guarded_signals) / sizeof(guarded_signals[0]))

static struct sigaction previous_actions[GUARDED_COUNT];
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

/* Set only while this thread is inside a guarded module call. */
static __thread sigjmp_buf *current_jump;

static int guarded_index(int signal_number) {
    for (size_t i = 0; i < GUARDED_COUNT; i++) {
        if (guarded_signals[i] == signal_number) return (int)i;
    }
    return -1;
}

static void on_fault(int signal_number, siginfo_t *info, void *context) {
    sigjmp_buf *jump = current_jump;
    if (jump != NULL) {
        current_jump = NULL;
        siglongjmp(*jump, signal_number);
    }
    /* Not a module call: hand the signal to whoever had it before. */
    int index = guarded_index(signal_number);
    if (index < 0) return;
    struct sigaction *previous = &previous_actions[index];
    if ((previous->sa_flags & SA_SIGINFO) && previous->sa_sigaction != NULL) {
        previous->sa_sigaction(signal_number, info, context);
        return;
    }
    if (!(previous->sa_flags & SA_SIGINFO) && previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN) {
        previous->sa_handler(signal_number);
        return;
    }
    /* The default action: restore it; a fault happens again on return, a sent signal is re-sent. */
    sigaction(signal_number, previous, NULL);
    if (info == NULL || info->si_code <= 0) raise(signal_number);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < GUARDED_COUNT; i++) {
        sigaction(guarded_signals[i], &action, &previous_actions[i]);
    }
}

void spid_guard_install(void) { pthread_once(&install_once, install); }

void spid_guard_prepare_thread(void) {
    stack_t existing;
    if (sigaltstack(NULL, &existing) == 0 && !(existing.ss_flags & SS_DISABLE) && existing.ss_sp != NULL) return;
    size_t size = 256 * 1024;
    void *memory = malloc(size); /* kept for the thread's life: the thread may fault at any time */
    if (memory == NULL) return;
    stack_t stack = {.ss_sp = memory, .ss_size = size, .ss_flags = 0};
    if (sigaltstack(&stack, NULL) != 0) free(memory);
}

/* Runs STATEMENT with the guard up; evaluates to 0, or the signal that ended it. */
#define GUARDED(STATEMENT)                                  \
    do {                                                    \
        sigjmp_buf jump;                                    \
        int caught = sigsetjmp(jump, 1);                    \
        if (caught != 0) {                                  \
            current_jump = NULL;                            \
            return caught;                                  \
        }                                                   \
        current_jump = &jump;                               \
        STATEMENT;                                          \
        current_jump = NULL;                                \
        return 0;                                           \
    } while (0)

int32_t spid_guard_entry(spid_handler_entry_fn entry, uint32_t version, const spid_handler_header **table) {
    GUARDED(*table = entry(version));
}

int32_t spid_guard_create(const spid_handler_v1 *table, const spid_host_v1 *host, void **ctx,
                          char *error, size_t capacity, int32_t *result) {
    GUARDED(*result = table->create(host, ctx, error, capacity));
}

int32_t spid_guard_configure(const spid_handler_v1 *table, void *ctx, const char *key, const char *value,
                             char *error, size_t capacity, int32_t *result) {
    GUARDED(*result = table->configure(ctx, key, value, error, capacity));
}

int32_t spid_guard_on_event(const spid_handler_v1 *table, void *ctx, const char *json, size_t length,
                            char *error, size_t capacity, int32_t *result) {
    GUARDED(*result = table->on_event(ctx, json, length, error, capacity));
}

int32_t spid_guard_destroy(const spid_handler_v1 *table, void *ctx) {
    GUARDED(table->destroy(ctx));
}
