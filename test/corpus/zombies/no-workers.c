/* corpus: a dodge: no worker is started ("no children, no zombies"): the parent does its second of work alone
 * expect: not-judged
 * why: no zombie can appear, but the job starts 5 workers: 0 children where it needs 5
 */
#include <stdio.h>
#include <unistd.h>

#define WORKERS 5

int main(void) {
    /* (the fork loop was removed) */
    printf("parent (pid %d): started 0 of %d workers, carrying on with its own work\n", getpid(), WORKERS);
    fflush(stdout);
    sleep(1);
    return 0;
}
