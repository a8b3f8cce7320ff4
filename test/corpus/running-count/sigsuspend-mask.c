/* corpus: the lesson's rule: SIGCHLD blocked with sigprocmask() around the check, and sigsuspend(&old) to wait
 * expect: fixed
 * why: the handler can only run inside sigsuspend(), which unblocks and sleeps in one step: no SIGCHLD can land between the check and the wait, and the loop ends when the last child is reaped
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define NUM_PROCESSES 5

static volatile sig_atomic_t running_processes = 0;

static void on_sigchld(int sig) {
    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
        running_processes -= 1;
    }
}

int main(void) {
    struct sigaction sa = { 0 };
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);

    /* The fix: SIGCHLD blocked from here on; it is let in only inside sigsuspend(). */
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);

    int barrier[2];
    if (pipe(barrier) != 0) return 1;

    for (int i = 0; i < NUM_PROCESSES; i++) {
        if (fork() == 0) {
            char byte;
            close(barrier[1]);
            usleep(150 * 1000);
            while (read(barrier[0], &byte, 1) > 0) {}
            _exit(0);
        }
        running_processes += 1; /* safe now: the handler cannot run here */
        printf("%d running processes\n", running_processes);
    }
    close(barrier[0]);
    fflush(stdout);

    close(barrier[1]); /* release the children, after the count is complete */
    while (running_processes > 0) {
        sigsuspend(&old); /* atomically: unblock SIGCHLD and sleep; returns after the handler ran */
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("All processes exited! %d running processes\n", running_processes);
    return 0;
}
