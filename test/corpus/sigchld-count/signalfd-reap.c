/* corpus: SIGCHLD blocked and read from a signalfd in the main flow; after each read, a waitpid(-1, NULL, WNOHANG) loop reaps and counts every child that has exited
 * expect: fixed
 * why: one read may stand for several exits, but the reaping loop after it counts each child, so the count reaches 10 for 10 children exiting 0
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define NUM_CHILDREN 10

int main(void) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, NULL); /* before any fork: no exit can be missed */
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    if (sfd < 0) {
        perror("signalfd");
        return 1;
    }

    for (int i = 0; i < NUM_CHILDREN; i++) {
        if (fork() == 0) {
            usleep((useconds_t)(150 + 10 * i) * 1000);
            _exit(0);
        }
    }
    printf("Created %d child processes\n", NUM_CHILDREN);
    fflush(stdout);

    int reaped = 0;
    while (reaped < NUM_CHILDREN) {
        struct signalfd_siginfo si;
        ssize_t n = read(sfd, &si, sizeof si);
        if (n != (ssize_t)sizeof si) {
            if (n < 0 && errno == EINTR) continue;
            break;
        }
        while (waitpid(-1, NULL, WNOHANG) > 0) reaped++;
    }
    close(sfd);
    printf("All %d children exited, received %d SIGCHLDs\n", NUM_CHILDREN, reaped);
    report_int("sigchld", reaped);
    return 0;
}
