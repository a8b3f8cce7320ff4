/* corpus: the CS110L slide "Count number of SIGCHLDs received" (Multiprocessing part 2) as it stands: signal(SIGCHLD, handler), 10 children, sleep(1) shortened to usleep(200000); its count reported
 * expect: not-fixed or fixed
 * why: racy, as the slide warns: the ten children exit at about the same time, and exits that land while a SIGCHLD is pending or being handled merge, so the count is usually below 10; now and then every exit gets its own delivery
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

static volatile int sigchld_count = 0;

void handler(int sig) {
    (void)sig;
    sigchld_count += 1;
}

int main() {
    signal(SIGCHLD, handler);
    const int num_processes = 10;
    for (int i = 0; i < num_processes; i++) {
        if (fork() == 0) {
            usleep(200000); /* the slide's sleep(1), shortened */
            exit(0);
        }
    }
    while (waitpid(-1, NULL, 0) != -1) {}
    printf("All %d processes exited, got %d SIGCHLDs.\n",
        num_processes, sigchld_count);
    report_int("sigchld", sigchld_count); /* added: the count, on the line protocol */
    return 0;
}
