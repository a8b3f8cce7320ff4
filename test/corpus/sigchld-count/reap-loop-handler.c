/* corpus: the rule's fix in the fixture: the handler reaps in a while (waitpid(-1, NULL, WNOHANG) > 0) loop and counts each child reaped; the blocked-SIGCHLD window kept
 * expect: fixed
 * why: the ten exits still merge into one pending SIGCHLD, but that one handler call reaps all ten zombies, counting each: the report says 10 for 10 children that exited 0
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define NUM_PROCESSES 10
static volatile sig_atomic_t sigchld_count = 0;

static void count_sigchld(int sig) {
    (void)sig;
    int saved_errno = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) sigchld_count++; /* the fix: count children, not deliveries */
    errno = saved_errno;
}

int main(void) {
    struct sigaction sa = { .sa_handler = count_sigchld, .sa_flags = SA_RESTART };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);

    /* Kept from the fixture: SIGCHLD blocked while the children exit, so every exit lands on one pending bit. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    pid_t pids[NUM_PROCESSES];
    for (int i = 0; i < NUM_PROCESSES; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            usleep(200 * 1000);
            _exit(0);
        }
    }
    printf("Created %d child processes\n", NUM_PROCESSES);

    for (int i = 0; i < NUM_PROCESSES; i++) {
        siginfo_t info;
        waitid(P_PID, (id_t)pids[i], &info, WEXITED | WNOWAIT);
    }
    usleep(100 * 1000);
    sigprocmask(SIG_UNBLOCK, &chld, NULL); /* one delivery: the loop reaps all ten */

    for (int i = 0; i < NUM_PROCESSES; i++) waitpid(pids[i], NULL, 0); /* nothing left: ECHILD at once */
    printf("All %d children exited, received %d SIGCHLDs\n", NUM_PROCESSES, (int)sigchld_count);
    report_int("sigchld", sigchld_count);
    return 0;
}
