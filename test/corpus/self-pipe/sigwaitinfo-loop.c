/* corpus: no handler: SIGUSR2 and SIGCHLD blocked, and the main loop takes them one by one with sigwaitinfo()
 * expect: fixed
 * why: with the signals blocked nothing runs in signal context; each delivery is returned to the main loop as data, the child is reaped on its SIGCHLD, exit 0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "pitfalls.h"

#define STORM 20000

int main(void) {
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGUSR2);
    sigaddset(&wanted, SIGCHLD);
    /* Blocked before the child exists: they wait as pending until sigwaitinfo() takes them. */
    if (sigprocmask(SIG_BLOCK, &wanted, NULL) != 0) return 1;

    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) return 1;
    if (child == 0) {
        for (int i = 0; i < STORM; i++) kill(parent, SIGUSR2);
        report_int("sent", STORM);
        _exit(0);
    }

    long handled = 0;
    int child_done = 0;
    while (!child_done) {
        siginfo_t info;
        int sig = sigwaitinfo(&wanted, &info);
        if (sig < 0) {
            if (errno == EINTR) continue;
            perror("sigwaitinfo");
            return 1;
        }
        if (sig == SIGUSR2) {
            handled++; /* the work, in the main loop */
        } else if (sig == SIGCHLD) {
            int status;
            pid_t pid;
            while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
                if (pid == child) child_done = 1;
        }
    }
    /* Anything still pending from before the child ended. */
    struct timespec no_wait = { 0, 0 };
    while (sigtimedwait(&wanted, NULL, &no_wait) == SIGUSR2) handled++;

    printf("sent %d SIGUSR2; %ld deliveries taken by sigwaitinfo() and handled by the main loop\n", STORM, handled);
    report_int("handled", handled);
    return 0;
}
