/* corpus: a dodge: the parent starts its 5 workers and exits at once, without its second of work ("the zombies go when the parent goes")
 * expect: not-judged
 * why: the workers are orphaned and reaped by the reaper, so no zombie lasts under a living parent, but the parent never carries on for its second: the job is not done
 */
#include <stdio.h>
#include <unistd.h>

#define WORKERS 5

int main(void) {
    for (int job = 0; job < WORKERS; job++) {
        pid_t pid = fork();
        if (pid == 0) {
            usleep(50 * 1000);
            printf("worker %d (pid %d): job done\n", job, getpid());
            fflush(stdout);
            _exit(0);
        }
    }
    printf("parent (pid %d): started %d workers, and leaving now\n", getpid(), WORKERS);
    return 0; /* (the parent's sleep(1) was removed) */
}
