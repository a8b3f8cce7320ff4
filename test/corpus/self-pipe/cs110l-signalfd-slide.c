/* corpus: the CS110L slide "Avoiding signal handling: signalfd" (Multiprocessing part 2), its blocking read loop kept: SIGUSR2 and SIGCHLD in place of SIGINT and SIGQUIT, and the storming child added
 * expect: fixed
 * why: the slide's program is the safe pattern: signals blocked, one signalfd record per delivery read in the main loop; it reaps the child on SIGCHLD and exits 0
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define handle_error(msg) \
    do { perror(msg); exit(EXIT_FAILURE); } while (0)

int main(void) {
    sigset_t mask;
    int sfd;
    struct signalfd_siginfo fdsi;
    ssize_t s;

    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR2);
    sigaddset(&mask, SIGCHLD);

    /* Block signals so that they aren't handled
       according to their default dispositions */

    if (sigprocmask(SIG_BLOCK, &mask, NULL) == -1)
        handle_error("sigprocmask");

    sfd = signalfd(-1, &mask, 0);
    if (sfd == -1) handle_error("signalfd");

    /* Added: the child and its storm of 20000 SIGUSR2. */
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == -1) handle_error("fork");
    if (child == 0) {
        for (int i = 0; i < 20000; i++) kill(parent, SIGUSR2);
        report_int("sent", 20000);
        _exit(0);
    }
    long handled = 0;

    for (;;) {
        s = read(sfd, &fdsi,
                sizeof(struct signalfd_siginfo));
        if (s != sizeof(struct signalfd_siginfo))
            handle_error("read");

        if (fdsi.ssi_signo == SIGUSR2) {
            printf("Got SIGUSR2\n");
            handled++;
        } else if (fdsi.ssi_signo == SIGCHLD) {
            printf("Got SIGCHLD\n");
            waitpid(child, NULL, 0);
            report_int("handled", handled);
            exit(EXIT_SUCCESS);
        } else {
            printf("Read unexpected signal\n");
        }
    }
}
