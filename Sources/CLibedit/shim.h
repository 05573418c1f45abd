// Non-variadic wrappers around libedit's el_set/el_get/history (Swift cannot call variadic C),
// plus the few C-only pieces of an interactive line: a SIGINT flag and a read that wakes up for
// output from other threads. Static inline: compiled by the Clang importer, no C target needed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <wchar.h>
#include <histedit.h>

typedef char *_Nullable (*spid_prompt_fn)(EditLine *_Nullable);
typedef unsigned char (*spid_el_fn)(EditLine *_Nullable, int);
typedef int (*spid_getc_fn)(EditLine *_Nullable, wchar_t *_Nullable);

static inline EditLine *_Nullable spid_el_init(const char *_Nonnull prog) { return el_init(prog, stdin, stdout, stderr); }
static inline int spid_el_set_prompt(EditLine *_Nonnull el, spid_prompt_fn _Nonnull f) { return el_set(el, EL_PROMPT, f); }
static inline int spid_el_set_editor(EditLine *_Nonnull el, const char *_Nonnull m) { return el_set(el, EL_EDITOR, m); }
static inline int spid_el_set_signal(EditLine *_Nonnull el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int spid_el_set_hist(EditLine *_Nonnull el, History *_Nonnull h) { return el_set(el, EL_HIST, history, h); }
static inline int spid_el_set_getc(EditLine *_Nonnull el, spid_getc_fn _Nonnull f) { return el_set(el, EL_GETCFN, f); }
static inline int spid_el_addfn(EditLine *_Nonnull el, const char *_Nonnull name, const char *_Nonnull help, spid_el_fn _Nonnull fn)
    { return el_set(el, EL_ADDFN, name, help, fn); }
static inline int spid_el_bind(EditLine *_Nonnull el, const char *_Nonnull key, const char *_Nonnull fn)
    { return el_set(el, EL_BIND, key, fn, (const char *)NULL); }
/// Puts the terminal in (non-zero) or out of libedit's editing mode now, not at the first key.
static inline int spid_el_prep_term(EditLine *_Nonnull el, int on) { return el_set(el, EL_PREP_TERM, on); }
static inline int spid_el_set_clientdata(EditLine *_Nonnull el, void *_Nullable p) { return el_set(el, EL_CLIENTDATA, p); }
static inline void *_Nullable spid_el_get_clientdata(EditLine *_Nullable el) { void *p = NULL; if (el) el_get(el, EL_CLIENTDATA, &p); return p; }
static inline int spid_history_setsize(History *_Nonnull h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int spid_history_setunique(History *_Nonnull h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int spid_history_enter(History *_Nonnull h, const char *_Nonnull s) { HistEvent ev; return history(h, &ev, H_ENTER, s); }
static inline int spid_history_load(History *_Nonnull h, const char *_Nonnull p) { HistEvent ev; return history(h, &ev, H_LOAD, p); }
static inline int spid_history_save(History *_Nonnull h, const char *_Nonnull p) { HistEvent ev; return history(h, &ev, H_SAVE, p); }
/// Entry `index` counting from the oldest (0), or NULL past the end.
static inline const char *_Nullable spid_history_entry(History *_Nonnull h, int index) {
    HistEvent ev;
    if (history(h, &ev, H_LAST) != 0) return NULL;
    for (int i = 0; i < index; i++) if (history(h, &ev, H_PREV) != 0) return NULL;
    return ev.str;
}
static inline void spid_fputs_stdout(const char *_Nonnull s) { fputs(s, stdout); fflush(stdout); }

// SIGINT: a flag the REPL reads, set by a handler (libedit chains to it) that also writes to a
// wake pipe: the signal may land on any of the process's threads, so the thread blocked in
// poll learns of it through the pipe rather than through EINTR.
static volatile sig_atomic_t spid_interrupt_flag = 0;
static volatile int spid_interrupt_wake_fd = -1;
static void spid_on_sigint(int signo) {
    (void)signo;
    spid_interrupt_flag = 1;
    int fd = spid_interrupt_wake_fd, saved = errno;
    if (fd >= 0) { ssize_t ignored = write(fd, "i", 1); (void)ignored; }
    errno = saved;
}
static inline void spid_set_interrupt_wake(int fd) { spid_interrupt_wake_fd = fd; }
static inline int spid_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = spid_on_sigint;
    sigemptyset(&sa.sa_mask);
    // A parent may hand down SIGINT blocked (test runners do): unblock it for this thread.
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
    return sigaction(SIGINT, &sa, NULL);
}
static inline int spid_take_interrupt(void) { int was = spid_interrupt_flag; spid_interrupt_flag = 0; return was; }

// Reads one character from `fd` (UTF-8 in the current locale) unless `wakefd` becomes readable
// first. Returns 1 with *out set, 2 when woken (the wake pipe drained), 0 at end of input,
// -1 with errno EINTR after SIGINT (the flag stays set for the caller).
static inline int spid_read_char(int fd, int wakefd, wchar_t *_Nonnull out) {
    static mbstate_t state;
    char byte;
    for (;;) {
        struct pollfd fds[2] = { { fd, POLLIN, 0 }, { wakefd, POLLIN, 0 } };
        int ready = poll(fds, wakefd >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR && spid_interrupt_flag) { memset(&state, 0, sizeof state); return -1; }
            if (errno == EINTR) continue;
            return -1;
        }
        if (wakefd >= 0 && (fds[1].revents & POLLIN)) {
            char drain[64];
            while (read(wakefd, drain, sizeof drain) == (ssize_t)sizeof drain) {}
            if (spid_interrupt_flag) { memset(&state, 0, sizeof state); errno = EINTR; return -1; }
            return 2;
        }
        // Ctrl-C flushes the terminal's input queue: between poll and read the byte poll saw may
        // be gone, so read without blocking (for this call only) and poll again when it is.
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
        ssize_t n = read(fd, &byte, 1);
        int readErrno = errno;
        if (flags >= 0) fcntl(fd, F_SETFL, flags);
        errno = readErrno;
        if (n == 0) return 0;
        if (n < 0) {
            if (errno == EINTR && spid_interrupt_flag) return -1;
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        wchar_t wc;
        size_t used = mbrtowc(&wc, &byte, 1, &state);
        if (used == (size_t)-2) continue;                       // the middle of a multibyte character
        if (used == (size_t)-1) { memset(&state, 0, sizeof state); continue; }   // invalid: dropped
        *out = wc;
        return 1;
    }
}
