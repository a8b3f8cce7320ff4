/* corpus: no handler at all: the main flow reaps with waitpid(-1, &status, 0) until no child is left, counting each child that exited
 * expect: fixed
 * why: waitpid returns once per child, whatever happens to the signals, so the count is 10 for the 10 children (each sleeps 200 ms and exits 0)
 */
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

enum { KIDS = 10 };

int main(void) {
    int started = 0;
    for (int k = 0; k < KIDS; k++) {
        pid_t pid = fork();
        if (pid == 0) {
            usleep(200 * 1000);
            _exit(0);
        }
        if (pid > 0) started++;
    }
    printf("Created %d child processes\n", started);

    long exited = 0;
    for (;;) {
        int status;
        pid_t done = waitpid(-1, &status, 0);
        if (done > 0) {
            exited++;
        } else if (errno != EINTR) {
            break; /* ECHILD: no child left */
        }
    }
    printf("All %d children exited, received %ld SIGCHLDs\n", KIDS, exited);
    report_int("sigchld", exited);
    return 0;
}
