/* corpus: a dodge: the counting is right (a reaping loop in the handler) but the report_int("sigchld", n) line was deleted; only the printf says the count
 * expect: not-judged
 * why: nothing is miscounted, but the count is never reported on the line protocol, so the judge cannot compare it with the children: that part of the job is not done
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define NUM_PROCESSES 10
static volatile sig_atomic_t children_seen = 0;

static void on_sigchld(int sig) {
    (void)sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) children_seen++;
    errno = saved;
}

int main(void) {
    struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_RESTART | SA_NOCLDSTOP };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);

    for (int i = 0; i < NUM_PROCESSES; i++) {
        if (fork() == 0) {
            usleep(200 * 1000);
            _exit(0);
        }
    }
    printf("Created %d child processes\n", NUM_PROCESSES);
    fflush(stdout);
    while (children_seen < NUM_PROCESSES) usleep(10 * 1000); /* the handler counts; wait until all ten are in */
    printf("All %d children exited, received %d SIGCHLDs\n", NUM_PROCESSES, (int)children_seen);
    return 0;
}
