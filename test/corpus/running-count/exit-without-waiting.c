/* corpus: a dodge: 5 children are started, but the program prints its line and exits at once, leaving them orphaned
 * expect: not-judged
 * why: nothing waits, so nothing hangs; but no child is reaped by the program (the runner has to collect them): the job waits for all of them
 */
#include <stdio.h>
#include <unistd.h>

#define NUM_PROCESSES 5

int main(void) {
    int running_processes = 0;
    for (int i = 0; i < NUM_PROCESSES; i++) {
        if (fork() == 0) {
            usleep(150 * 1000);
            _exit(0);
        }
        running_processes += 1;
        printf("%d running processes\n", running_processes);
    }
    /* (the wait was removed: "they finish on their own anyway") */
    printf("All processes exited! %d running processes\n", running_processes);
    return 0;
}
