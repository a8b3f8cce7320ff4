/* corpus: the kept bug: a self-pipe whose write end is BLOCKING (plain pipe()), the handler passing each siginfo_t (128 bytes) through it, and a main loop that reads only after the child is done
 * expect: not-fixed
 * why: nothing reads while the storm lasts: after 512 deliveries the 64 KiB pipe is full and the handler blocks in pipe_write, on top of the main code that would read it: the process waits on itself, every run
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define STORM 20000

static int notes[2];
static volatile sig_atomic_t handler_runs = 0;

/* Hands the whole siginfo_t to the main loop: who sent the signal, and why. */
static void on_signal(int sig, siginfo_t *info, void *context) {
    (void)sig;
    (void)context;
    int saved = errno;
    handler_runs++;
    (void)!write(notes[1], info, sizeof *info); /* blocks once the pipe is full */
    errno = saved;
}

int main(void) {
    if (pipe(notes) != 0) return 1; /* no O_NONBLOCK */
    struct sigaction sa = { 0 };
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);

    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) return 1;
    if (child == 0) {
        close(notes[0]);
        close(notes[1]);
        for (int i = 0; i < STORM; i++) {
            kill(parent, SIGUSR2);
            /* Paced a little, so that enough of the storm arrives as separate deliveries to fill the
             * pipe on any machine (a storm sent at full speed merges into fewer deliveries). */
            if (i % 16 == 15) usleep(100);
        }
        report_int("sent", STORM);
        _exit(0);
    }

    /* "First let the child finish, then read everything the handler noted." */
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}

    fcntl(notes[0], F_SETFL, O_NONBLOCK);
    siginfo_t info;
    long handled = 0;
    while (read(notes[0], &info, sizeof info) == (ssize_t)sizeof info)
        if (info.si_signo == SIGUSR2) handled++;

    printf("sent %d SIGUSR2; the handler ran %ld times; %ld handled by the main loop\n", STORM, (long)handler_runs, handled);
    report_int("delivered", handler_runs);
    report_int("handled", handled);
    return 0;
}
