/* corpus: a dodge: SIGUSR2 set to SIG_IGN, so the storm does nothing; the child is reaped and handled=0 reported
 * expect: not-judged
 * why: nothing can hang or crash because nothing is handled: the job is to handle each delivery in the main loop, and none was
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define STORM 20000

int main(void) {
    signal(SIGUSR2, SIG_IGN); /* "the storm is the problem, so ignore it" */

    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) return 1;
    if (child == 0) {
        for (int i = 0; i < STORM; i++) kill(parent, SIGUSR2);
        report_int("sent", STORM);
        _exit(0);
    }

    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}

    long handled = 0;
    printf("sent %d SIGUSR2; %ld handled by the main loop\n", STORM, handled);
    report_int("handled", handled);
    return 0;
}
