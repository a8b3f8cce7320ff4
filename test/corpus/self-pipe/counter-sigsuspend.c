/* corpus: a counter and sigsuspend(): the signals blocked except inside sigsuspend(), the handler counts, the main loop takes each new delivery after it wakes
 * expect: fixed
 * why: the handlers can only run inside sigsuspend(), never on top of the main code, and only bump a sig_atomic_t; the main loop handles the count and reaps the child
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define STORM 20000

static volatile sig_atomic_t usr2_count = 0;
static volatile sig_atomic_t child_ended = 0;

static void count_usr2(int sig) {
    (void)sig;
    usr2_count++;
}

static void note_child(int sig) {
    (void)sig;
    child_ended = 1;
}

int main(void) {
    sigset_t both, old;
    sigemptyset(&both);
    sigaddset(&both, SIGUSR2);
    sigaddset(&both, SIGCHLD);
    sigprocmask(SIG_BLOCK, &both, &old);

    struct sigaction sa = { 0 };
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = count_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_handler = note_child;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
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
    int seen = 0;
    while (!child_ended) {
        sigsuspend(&old); /* unblock and sleep in one step; returns after the handlers ran */
        while (seen < usr2_count) { /* the work for each delivery, in normal context */
            seen++;
            handled++;
        }
    }
    while (seen < usr2_count) {
        seen++;
        handled++;
    }
    int status;
    waitpid(child, &status, 0);

    printf("sent %d SIGUSR2; %ld deliveries handled by the main loop\n", STORM, handled);
    report_int("handled", handled);
    return 0;
}
