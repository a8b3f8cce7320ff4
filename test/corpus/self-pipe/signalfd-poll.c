/* corpus: signalfd() with poll(): the signals blocked, read in batches of records from a non-blocking descriptor, the child reaped when its SIGCHLD record comes
 * expect: fixed
 * why: no handler runs at all; every delivered signal is a record read in the main loop, and the loop ends once waitpid() has the child
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define STORM 20000

int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return 1;
    int sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sigfd < 0) {
        perror("signalfd");
        return 1;
    }

    pid_t me = getpid();
    pid_t storm = fork();
    if (storm < 0) return 1;
    if (storm == 0) {
        for (int i = 0; i < STORM; i++) kill(me, SIGUSR2);
        report_int("sent", STORM);
        _exit(0);
    }

    long usr2 = 0, records = 0;
    int reaped = 0;
    while (!reaped) {
        struct pollfd watch = { .fd = sigfd, .events = POLLIN };
        int ready = poll(&watch, 1, 1000);
        if (ready < 0 && errno != EINTR) {
            perror("poll");
            return 1;
        }
        struct signalfd_siginfo batch[32];
        ssize_t n;
        while ((n = read(sigfd, batch, sizeof batch)) > 0) {
            for (size_t i = 0; i < (size_t)n / sizeof batch[0]; i++) {
                records++;
                if (batch[i].ssi_signo == SIGUSR2) usr2++;
                else if (batch[i].ssi_signo == SIGCHLD && waitpid(storm, NULL, WNOHANG) == storm) reaped = 1;
            }
        }
        if (ready == 0 && waitpid(storm, NULL, WNOHANG) == storm) reaped = 1; /* a quiet second: look anyway */
    }
    /* The last records, if any came after the child's. */
    struct signalfd_siginfo rest;
    while (read(sigfd, &rest, sizeof rest) == (ssize_t)sizeof rest) {
        records++;
        if (rest.ssi_signo == SIGUSR2) usr2++;
    }
    close(sigfd);

    printf("sent %d SIGUSR2; %ld signalfd records read; %ld SIGUSR2 handled by the main loop\n", STORM, records, usr2);
    report_int("handled", usr2);
    return 0;
}
