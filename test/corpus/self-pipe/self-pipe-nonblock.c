/* corpus: the self-pipe trick written anew: pipe2(O_NONBLOCK), the handler writes 'u' or 'c' and returns, the main loop polls, drains and does the work
 * expect: fixed
 * why: the handler only calls write() on a non-blocking pipe, so it never waits and never touches a lock; the main loop counts every delivery and reaps the child on 'c'
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define STORM 20000

static int wakeup[2];
static volatile sig_atomic_t deliveries = 0;

static void on_signal(int sig) {
    int saved = errno;
    char note = sig == SIGUSR2 ? 'u' : 'c';
    if (sig == SIGUSR2) deliveries++;
    (void)!write(wakeup[1], &note, 1); /* never blocks: O_NONBLOCK */
    errno = saved;
}

/* Everything waiting in the pipe: SIGUSR2 handled, and whether the child was reaped. */
static void drain(long *handled, pid_t child, int *reaped) {
    char notes[1024];
    ssize_t n;
    while ((n = read(wakeup[0], notes, sizeof notes)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (notes[i] == 'u') (*handled)++;
            else if (notes[i] == 'c' && waitpid(child, NULL, WNOHANG) == child) *reaped = 1;
        }
    }
}

int main(void) {
    if (pipe2(wakeup, O_NONBLOCK | O_CLOEXEC) != 0) return 1;
    struct sigaction sa = { 0 };
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaddset(&sa.sa_mask, SIGCHLD);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);

    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) return 1;
    if (child == 0) {
        for (int i = 0; i < STORM; i++) kill(parent, SIGUSR2);
        report_int("sent", STORM);
        _exit(0);
    }

    long handled = 0;
    int reaped = 0;
    while (!reaped) {
        struct pollfd p = { .fd = wakeup[0], .events = POLLIN };
        if (poll(&p, 1, -1) < 0 && errno != EINTR) return 1;
        drain(&handled, child, &reaped);
    }
    drain(&handled, child, &reaped);

    printf("sent %d SIGUSR2; the handler ran %ld times; %ld handled by the main loop\n", STORM, (long)deliveries, handled);
    report_int("delivered", deliveries);
    report_int("handled", handled);
    return 0;
}
