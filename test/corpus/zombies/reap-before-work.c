/* corpus: all five workers started at once, then reaped in a second loop of waitpid() before the parent's own second of work
 * expect: fixed
 * why: 5 workers run side by side (80 ms each), each exits 0; the parent is already blocked in waitpid() when they end, so no zombie lasts; then it works for a second and exits 0
 */
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { N_WORKERS = 5 };

static void work(int id) {
    usleep(80 * 1000);
    printf("worker %d (pid %d): job done\n", id, getpid());
    fflush(stdout);
}

int main(void) {
    pid_t team[N_WORKERS];
    int started = 0;
    for (int id = 0; id < N_WORKERS; id++) {
        team[id] = fork();
        if (team[id] == 0) {
            work(id);
            _exit(0);
        }
        if (team[id] > 0) started++;
    }
    for (int id = 0; id < N_WORKERS; id++) {
        if (team[id] > 0) waitpid(team[id], NULL, 0);
    }
    printf("parent (pid %d): %d workers done and collected, carrying on with its own work\n", getpid(), started);
    fflush(stdout);
    sleep(1); /* the parent's own work */
    return 0;
}
