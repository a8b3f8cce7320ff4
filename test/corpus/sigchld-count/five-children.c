/* corpus: a dodge: only 5 children ("fewer exits, fewer merges"), reaped and counted in the main flow
 * expect: not-judged
 * why: the count (5) matches the children that exited, but the job starts 10: 5 children where it needs 10
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pitfalls.h"

#define NUM_PROCESSES 5 /* was 10 */

int main(void) {
    for (int i = 0; i < NUM_PROCESSES; i++) {
        if (fork() == 0) {
            usleep(200 * 1000);
            _exit(0);
        }
    }
    printf("Created %d child processes\n", NUM_PROCESSES);
    int count = 0;
    while (waitpid(-1, NULL, 0) > 0) count++;
    printf("All %d children exited, received %d SIGCHLDs\n", NUM_PROCESSES, count);
    report_int("sigchld", count);
    return 0;
}
