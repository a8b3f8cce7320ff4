/* corpus: the bug in disguise: the handler, renamed, calls waitpid(-1, NULL, WNOHANG) once with if instead of while, counting a child per call; the blocked-SIGCHLD window kept
 * expect: not-fixed
 * why: one handler call still counts one: the ten exits merge into the one pending SIGCHLD, the handler reaps and counts 1, and main() reaps the other nine uncounted; the report says 1 of 10, every run
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define NUM_PROCESSES 10
static volatile sig_atomic_t finished = 0;

static void on_child_exit(int sig) {
    (void)sig;
    int saved = errno;
    if (waitpid(-1, NULL, WNOHANG) > 0) finished++; /* one child per call */
    errno = saved;
}

int main(void) {
    struct sigaction act = { .sa_handler = on_child_exit, .sa_flags = SA_RESTART };
    sigemptyset(&act.sa_mask);
    sigaction(SIGCHLD, &act, NULL);

    /* As in the fixture: SIGCHLD blocked until every child has exited, so all exits share one pending bit. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    pid_t kids[NUM_PROCESSES];
    for (int i = 0; i < NUM_PROCESSES; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            usleep(200 * 1000);
            _exit(0);
        }
    }
    printf("Created %d child processes\n", NUM_PROCESSES);

    for (int i = 0; i < NUM_PROCESSES; i++) {
        siginfo_t info;
        waitid(P_PID, (id_t)kids[i], &info, WEXITED | WNOWAIT); /* exited, left a zombie */
    }
    usleep(100 * 1000);
    sigprocmask(SIG_UNBLOCK, &chld, NULL);

    for (int i = 0; i < NUM_PROCESSES; i++) waitpid(kids[i], NULL, 0); /* the rest, reaped here, uncounted */
    printf("All %d children exited, received %d SIGCHLDs\n", NUM_PROCESSES, (int)finished);
    report_int("sigchld", finished);
    return 0;
}
